"""The weekly answer loop attacked from the unit's side (issue 15): answer files edited with
openpyxl as a unit's Excel saves them, then `duban collect`. No answer undoes newer data, no
unit games its score or forges another unit's answers, no file stops the others.

Ledger (today 2026-03-02): 区住建局 leads X1 (overdue since 02-20, reported 推进中 on 02-23) and
X2 (due 03-20); 区财政局 leads Y1.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import re
import tempfile
import zipfile
from pathlib import Path

import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from duban import schema
from duban.answers import layout
from duban.read.answer_record import TITLE as RECORD
from duban.read.answer_record import Record

from ledgers import D, item, make_ledger, read_raw, write_parts
from test_answers import answer_sheet, as_date, fill, returned, row_of, run

TODAY = "2026-03-02"
ITEMS = [
    item("X1", "区住建局", D(2026, 2, 20), assigned=D(2026, 1, 5), progress="第一周前", feedback=D(2026, 2, 23)),
    item("X2", "区住建局", D(2026, 3, 20), assigned=D(2026, 1, 12), progress="开始", feedback=D(2026, 2, 23)),
    item("Y1", "区财政局", D(2026, 3, 10), assigned=D(2026, 1, 12)),
]
ROW = {it[0]: r for r, it in enumerate(ITEMS, start=1)}
COL = {h: i for i, h in enumerate(schema.ITEMS.headers)}
ZJ = "答卷_区住建局.xlsx"


def flat(text: str) -> str:
    return re.sub(r"[\s│┃]+", "", text)


def cell(ledger: Path, item_id: str, header: str):
    return read_raw(ledger).sheets["周交办"][ROW[item_id]][COL[header]]


def office_sets(ledger: Path, item_id: str, **values) -> None:
    """The office edits 周交办 itself (here through duban's cell patcher, as Excel would save it)."""
    patches = {(ROW[item_id], COL[h]): v for h, v in values.items()}
    write_parts(ledger, {}, cell_patches={"周交办": patches}, backup=False)


def split(capsys, ledger: Path, out: Path, today: str = TODAY) -> Path:
    code, text = run(capsys, "split", ledger, "--today", today, "-o", out)
    assert code == 0, text
    return out


@pytest.fixture
def ledger(tmp_path):
    return make_ledger(tmp_path / "台账.xlsx", items=ITEMS)


@pytest.fixture
def week1(ledger, tmp_path, capsys):
    return split(capsys, ledger, tmp_path / "第1周")


# ---- 1. an untouched row never undoes the office ------------------------------------------

def test_untouched_row_keeps_what_the_office_set_after_split(ledger, week1, tmp_path, capsys):
    office_sets(ledger, "X1", 办理状态="已完成", 完成日期=D(2026, 2, 26), 本周进展="督查室核实已办结")
    back = returned(week1 / ZJ, tmp_path / "答卷" / ZJ,
                    lambda ws, wb: fill(ws, "X2", progress="已开工", feedback=D(2026, 3, 2)), 1_770_000_000)
    code, text = run(capsys, "collect", ledger, back, "--today", TODAY)
    assert code == 0, text
    assert cell(ledger, "X1", "办理状态") == "已完成"                    # the pre-filled 推进中 is no answer
    assert cell(ledger, "X1", "本周进展") == "督查室核实已办结"
    assert as_date(cell(ledger, "X1", "反馈日期")) == D(2026, 2, 23)     # not moved to today
    assert cell(ledger, "X2", "本周进展") == "已开工"


def test_both_changed_is_a_conflict_with_three_values(ledger, week1, tmp_path, capsys):
    office_sets(ledger, "X1", 本周进展="督查室：已约谈")
    back = returned(week1 / ZJ, tmp_path / "答卷" / ZJ,
                    lambda ws, wb: fill(ws, "X1", progress="单位：正在整改", feedback=D(2026, 3, 2)), 1_770_000_000)
    code, text = run(capsys, "collect", ledger, back, "--today", TODAY)
    assert code == 1
    f = flat(text)
    assert "【冲突】" in f and "下发时“第一周前”，台账现为“督查室：已约谈”，答卷填“单位：正在整改”" in f
    assert cell(ledger, "X1", "本周进展") == "督查室：已约谈"
    summary = read_raw(ledger).sheets["答卷汇总"]
    rows = [r for r in summary if r and r[0] == "冲突"]
    assert [r[1] for r in rows] == ["X1"] and rows[0][5:9] == ["本周进展", "第一周前", "督查室：已约谈", "单位：正在整改"]
    # the same file again: nothing changes, the conflict is still listed
    before = ledger.read_bytes()
    code, text = run(capsys, "collect", ledger, back, "--today", TODAY)
    assert code == 1 and "【冲突】" in text and ledger.read_bytes() == before
    # the office takes the unit's answer
    code, text = run(capsys, "collect", ledger, back, "--today", TODAY, "--accept", "X1")
    assert code == 0, text
    assert cell(ledger, "X1", "本周进展") == "单位：正在整改"
    log = read_raw(ledger).sheets["变更记录"]
    assert any(r[0] == "X1" and r[1] == "本周进展" and "督查室确认" in r[4] for r in log[1:])


# ---- 2. a stale answer never undoes a newer one -----------------------------------------

def _two_weeks(ledger, week1, tmp_path, capsys):
    first = returned(week1 / ZJ, tmp_path / "第1周答卷" / ZJ,
                     lambda ws, wb: fill(ws, "X2", progress="第一周：开工", feedback=D(2026, 3, 2)), 1_770_000_000)
    week2 = split(capsys, ledger, tmp_path / "第2周", "2026-03-09")
    second = returned(week2 / ZJ, tmp_path / "第2周答卷" / ZJ,
                      lambda ws, wb: fill(ws, "X2", status="已完成", completed=D(2026, 3, 6),
                                          progress="第二周：办结", feedback=D(2026, 3, 9)), 1_770_600_000)
    return first, second


def test_week1_file_collected_again_after_week2(ledger, week1, tmp_path, capsys):
    first, second = _two_weeks(ledger, week1, tmp_path, capsys)
    assert run(capsys, "collect", ledger, first, "--today", TODAY)[0] == 0
    assert run(capsys, "collect", ledger, second, "--today", "2026-03-09")[0] == 0
    code, text = run(capsys, "collect", ledger, first, "--today", "2026-03-10")
    assert code == 1
    assert cell(ledger, "X2", "办理状态") == "已完成" and cell(ledger, "X2", "本周进展") == "第二周：办结"
    assert as_date(cell(ledger, "X2", "反馈日期")) == D(2026, 3, 9)
    f = flat(text)
    assert "【过期答卷】" in f and "2026-03-02下发" in f and "2026-03-09下发" in f


def test_week1_file_arriving_late_after_week2(ledger, week1, tmp_path, capsys):
    """Week 1's file reaches the office only after week 2's was collected: it is never applied."""
    first, second = _two_weeks(ledger, week1, tmp_path, capsys)
    assert run(capsys, "collect", ledger, second, "--today", "2026-03-09")[0] == 0
    code, text = run(capsys, "collect", ledger, first, "--today", "2026-03-10")
    assert cell(ledger, "X2", "本周进展") == "第二周：办结"
    assert code == 1 and "过期答卷" in text


# ---- 3. answers that change the score need a reason to trust them ---------------------------

def test_backdated_completion_is_held_for_the_office(ledger, week1, tmp_path, capsys):
    back = returned(week1 / ZJ, tmp_path / "答卷" / ZJ,
                    lambda ws, wb: fill(ws, "X1", status="已完成", completed=D(2026, 1, 10),
                                        progress="已办结", feedback=D(2026, 3, 2)), 1_770_000_000)
    code, text = run(capsys, "collect", ledger, back, "--today", TODAY)
    assert code == 1
    f = flat(text)
    assert "【待核实】" in f and "完成日期2026-01-10" in f and "在2026-02-23还报告该事项未完成" in f
    assert cell(ledger, "X1", "办理状态") == "推进中" and cell(ledger, "X1", "完成日期") is None
    summary = read_raw(ledger).sheets["答卷汇总"]
    assert any(r[0] == "待核实" and r[1] == "X1" and "2026-02-23" in r[4] for r in summary if r)
    # 校验结果 lists it on X1's row with both dates
    code, text = run(capsys, "validate", ledger, "--today", TODAY)
    results = read_raw(ledger).sheets["校验结果"]
    held = [r for r in results if r and any("待核实" in str(v) for v in r)]
    assert len(held) == 1 and "2026-01-10" in " ".join(map(str, held[0])) and "2026-02-23" in " ".join(map(str, held[0]))
    # the office accepts it: no answer files needed any more
    empty = tmp_path / "空"
    empty.mkdir()
    code, text = run(capsys, "collect", ledger, empty, "--today", TODAY, "--accept", "X1")
    assert code == 0, text
    assert cell(ledger, "X1", "办理状态") == "已完成" and as_date(cell(ledger, "X1", "完成日期")) == D(2026, 1, 10)
    assert Record.from_grid(read_raw(ledger).sheets[RECORD]).pending == {}


def test_held_answer_rejected_by_the_office(ledger, week1, tmp_path, capsys):
    back = returned(week1 / ZJ, tmp_path / "答卷" / ZJ,
                    lambda ws, wb: fill(ws, "X1", status="已完成", completed=D(2026, 2, 1)), 1_770_000_000)
    run(capsys, "collect", ledger, back, "--today", TODAY)
    code, text = run(capsys, "collect", ledger, back, "--today", TODAY, "--reject", "X1")
    assert cell(ledger, "X1", "办理状态") == "推进中"
    assert Record.from_grid(read_raw(ledger).sheets[RECORD]).pending == {}


@pytest.mark.parametrize("completed, why", [(D(2026, 1, 2), "早于该事项的交办日期2026-01-05"),
                                            (D(2026, 3, 3), "晚于今天")])
def test_completion_before_assignment_or_after_today_refused(ledger, week1, tmp_path, capsys, completed, why):
    back = returned(week1 / ZJ, tmp_path / "答卷" / ZJ,
                    lambda ws, wb: fill(ws, "X1", status="已完成", completed=completed), 1_770_000_000)
    code, text = run(capsys, "collect", ledger, back, "--today", TODAY)
    assert code == 1 and why in flat(text) and "【拒收】" in text
    assert cell(ledger, "X1", "办理状态") == "推进中"


# ---- 6. a renamed answer header refuses the whole file -----------------------------------

def test_renamed_header_refuses_the_file(ledger, week1, tmp_path, capsys):
    def edit(ws, wb):
        ws.cell(7, 6).value = "本周进展（截至3月2日）"
        fill(ws, "X2", progress="已开工", feedback=D(2026, 3, 2))
    back = returned(week1 / ZJ, tmp_path / "答卷" / ZJ, edit, 1_770_000_000)
    before = ledger.read_bytes()
    code, text = run(capsys, "collect", ledger, back, "--today", TODAY)
    assert code == 1
    assert "表头“本周进展（截至3月2日）”不是下发时的表头" in flat(text)
    assert ledger.read_bytes() == before                    # 反馈日期 not touched either


# ---- 7. control characters --------------------------------------------------------------

def test_control_characters_cleaned_once_and_never_printed(ledger, week1, tmp_path, capsys):
    # Excel stores ESC and U+0001 in a cell as _x001B_ / _x0001_; openpyxl writes the text as given.
    back = returned(week1 / ZJ, tmp_path / "答卷" / ZJ,
                    lambda ws, wb: fill(ws, "X2", status="推_x0001_进中", progress="推进_x001B_[2J中",
                                        feedback=D(2026, 3, 2)), 1_770_000_000)
    code, text = run(capsys, "collect", ledger, back, "--today", TODAY)
    assert "\x1b" not in text and "\x01" not in text
    assert cell(ledger, "X2", "本周进展") == "推进[2J中"
    first = ledger.read_bytes()
    code, text = run(capsys, "collect", ledger, back, "--today", TODAY)
    assert "没有需要更新的内容" in text and ledger.read_bytes() == first


# ---- 8. forged keys and claimed units -------------------------------------------------------

def _constant_key(item_id, unit, content, deadline) -> str:
    """The key as the public source computed it before this change."""
    msg = "\x1f".join([item_id, unit, content, deadline.isoformat()])
    return item_id + "#" + hmac.new(b"duban/answer-row/v1", msg.encode(), hashlib.sha256).hexdigest()[:16]


def claim_unit(wb, unit: str) -> None:
    """Edit the answer file's _答卷信息 to claim another unit, as a unit's Excel would."""
    info = wb[layout.INFO_TITLE]
    for r in range(1, info.max_row + 1):
        if info.cell(r, 1).value == layout.INFO_UNIT:
            info.cell(r, 2).value = unit


def test_forged_keys_and_claimed_unit_do_not_verify(ledger, week1, tmp_path, capsys):
    """区财政局 edits its own file to claim 区住建局 and adds X1 with keys made from the source."""
    def forge(ws, wb):
        claim_unit(wb, "区住建局")
        r = ws.max_row + 1
        for c, v in enumerate(["X1", "事项X1", dt.datetime(2026, 2, 20), "已完成", dt.datetime(2026, 2, 19),
                               "伪造办结", dt.datetime(2026, 3, 1),
                               _constant_key("X1", "区住建局", "事项X1", D(2026, 2, 20))], start=1):
            ws.cell(r, c).value = v
    back = returned(week1 / "答卷_区财政局.xlsx", tmp_path / "答卷" / "答卷_区财政局.xlsx", forge, 1_770_000_000)
    code, text = run(capsys, "collect", ledger, back, "--today", TODAY)
    assert code == 1
    assert cell(ledger, "X1", "办理状态") == "推进中" and cell(ledger, "X1", "本周进展") == "第一周前"
    f = flat(text)
    assert "文件名中的单位“区财政局”与答卷所属单位“区住建局”不一致" in f
    assert "【拒收】" in f


def test_secret_never_leaves_the_ledger(ledger, week1):
    secret = Record.from_grid(read_raw(ledger).sheets[RECORD]).secret
    assert re.fullmatch(r"[0-9a-f]{64}", secret)
    for f in week1.iterdir():
        with zipfile.ZipFile(f) as z:
            assert all(secret.encode() not in z.read(n) for n in z.namelist())
    with zipfile.ZipFile(ledger) as z:
        wb = z.read("xl/workbook.xml").decode()
    assert re.search(r'<sheet name="_答卷记录"[^>]*state="veryHidden"', wb)


# ---- one bad file never stops the week; messages ------------------------------------------------

def test_damaged_file_among_good_ones(ledger, week1, tmp_path, capsys):
    back = tmp_path / "答卷"
    returned(week1 / ZJ, back / ZJ, lambda ws, wb: fill(ws, "X2", progress="已开工"), 1_770_000_000)
    data = (week1 / "答卷_区财政局.xlsx").read_bytes()
    (back / "答卷_区财政局.xlsx").write_bytes(data[: len(data) // 2])     # a truncated copy
    (back / "子文件夹").mkdir()
    code, text = run(capsys, "collect", ledger, back, "--today", TODAY)
    f = flat(text)
    assert code == 1 and "答卷_区财政局.xlsx" in f and "无法读取" in f
    assert "子文件夹" in f and "没有读取" in f
    assert cell(ledger, "X2", "本周进展") == "已开工"
    assert "Traceback" not in text


def _set_inline_text(path: Path, ref: str, text: str) -> None:
    """Put a text longer than Excel allows into one cell (openpyxl itself cuts at 32,767; another tool may not)."""
    with zipfile.ZipFile(path) as z:
        parts = {n: z.read(n) for n in z.namelist()}
    xml = parts["xl/worksheets/sheet1.xml"].decode()
    xml = re.sub(rf'<c r="{ref}"([^>]*?)(?: t="[^"]*")?>.*?</c>',
                 lambda m: f'<c r="{ref}"{m.group(1)} t="inlineStr"><is><t>{text}</t></is></c>', xml, count=1, flags=re.S)
    parts["xl/worksheets/sheet1.xml"] = xml.encode()
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for n, data in parts.items():
            z.writestr(n, data)


def test_odd_cells_are_named(ledger, week1, tmp_path, capsys):
    """#N/A in an answer cell, date cells holding 1e300 and -5, progress beyond Excel's cell limit."""
    def edit(ws, wb):
        fill(ws, "X1", progress="长")
        r = row_of(ws, "X2")
        ws.cell(r, 6).value = "#N/A"            # openpyxl stores it as an error value, as Excel does
        ws.cell(r, 5).value = 1e300
        ws.cell(r, 7).value = -5
    back = returned(week1 / ZJ, tmp_path / "答卷" / ZJ, edit, 1_770_000_000)
    _set_inline_text(back, f"F{row_of(answer_sheet(openpyxl.load_workbook(back)), 'X1')}", "长" * 40000)
    code, text = run(capsys, "collect", ledger, back, "--today", TODAY)
    f = flat(text)
    assert "本周进展有40000个字符，超过Excel单元格的上限32767" in f and "只保存了前32767个字符" in f
    assert "完成日期不是日期：单元格中的数字超出了日期范围" in f and "反馈日期不是日期：单元格中是零、负数或只有时间" in f
    assert "“本周进展”单元格是错误值#N/A，按空白处理" in f
    assert not re.search(r"\d{20}", f) and "00:00:00" not in f
    assert len(cell(ledger, "X1", "本周进展")) == 32767


# ---- the property: every item at its newest value, or held for the office ----------------------

OPS = st.lists(st.one_of(st.just(("split",)), st.just(("office",)),
                         st.tuples(st.just("answer"), st.integers(0, 3))), min_size=2, max_size=7)


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(ops=OPS)
def test_any_order_leaves_newest_value_or_holds(capsys, ops):
    """Model: an answer from split b is applied unless the office changed the value after b and that
    change still stands (冲突), or an answer from a later split was already applied (过期答卷)."""
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        ledger = make_ledger(tmp / "台账.xlsx", items=ITEMS)
        batches: list[Path] = []
        office_after: list[bool] = []      # per batch: an office edit since that split still stands
        newest_applied = -1
        value = cell(ledger, "X2", "本周进展")
        for step, op in enumerate(ops):
            if op[0] == "split":
                batches.append(split(capsys, ledger, tmp / f"split{len(batches)}"))
                office_after.append(False)
            elif op[0] == "office":
                value = f"督查室{step}"
                office_sets(ledger, "X2", 本周进展=value)
                office_after = [True] * len(batches)
            elif batches:
                b = op[1] % len(batches)
                answer = f"单位{step}"
                path = returned(batches[b] / ZJ, tmp / f"answer{step}" / ZJ,
                                lambda ws, wb, answer=answer: fill(ws, "X2", progress=answer), 1_770_000_000 + step)
                code, text = run(capsys, "collect", ledger, path, "--today", TODAY)
                if office_after[b]:
                    assert "【冲突】" in text and cell(ledger, "X2", "本周进展") == value
                elif newest_applied > b:
                    assert "【过期答卷】" in text and cell(ledger, "X2", "本周进展") == value
                else:
                    value = answer
                    newest_applied = b
                    office_after = [False] * len(batches)
                    assert code in (0, 1) and "【冲突】" not in text
                assert cell(ledger, "X2", "本周进展") == value


# ---- on the shipped sample, as the issue reproduced it (--today 2026-11-27) -------------------

SHIPPED = Path(__file__).resolve().parents[2] / "workbook" / "duban-sample.xlsm"


@pytest.mark.skipif(not SHIPPED.exists(), reason="shipped sample not built")
def test_shipped_sample_office_edit_kept_and_backdating_held(tmp_path, capsys):
    """东关街道办事处 reported 2026-10-031 推进中 on 11-25, then answers 已完成 with 完成日期 04-09 (held);
    the office marked 2026-11-092 已完成 after split, the unit's untouched row must not undo it."""
    import shutil

    ledger = tmp_path / "示范台账.xlsm"
    shutil.copy(SHIPPED, ledger)
    out = split(capsys, ledger, tmp_path / "下发", "2026-11-27")
    book = read_raw(ledger).sheets["周交办"]
    head = book[0]
    rows = {r[head.index("编号")]: i for i, r in enumerate(book) if r and r[0]}
    col = {h: head.index(h) for h in ("办理状态", "完成日期", "本周进展", "反馈日期")}
    assert as_date(book[rows["2026-10-031"]][col["反馈日期"]]) == D(2026, 11, 25)
    write_parts(ledger, {}, cell_patches={"周交办": {(rows["2026-11-092"], col["办理状态"]): "已完成",
                                                   (rows["2026-11-092"], col["完成日期"]): D(2026, 11, 26)}},
                backup=False)
    name = "答卷_东关街道办事处.xlsx"
    back = returned(out / name, tmp_path / "答卷" / name,
                    lambda ws, wb: fill(ws, "2026-10-031", status="已完成", completed=D(2026, 4, 9),
                                        progress="已全部办结", feedback=D(2026, 11, 27)), 1_770_000_000)
    code, text = run(capsys, "collect", ledger, back, "--today", "2026-11-27")
    assert code == 1 and "【待核实】" in text and "2026-11-25" in text and "2026-04-09" in text
    after = read_raw(ledger).sheets["周交办"]
    assert after[rows["2026-10-031"]][col["办理状态"]] == "推进中"
    assert after[rows["2026-11-092"]][col["办理状态"]] == "已完成"


def test_claiming_a_unit_that_got_no_file(ledger, week1, tmp_path, capsys):
    """区财政局 claims to be 区城管局, which was sent nothing in this batch: the whole file is refused."""
    def claim(ws, wb):
        claim_unit(wb, "区城管局")
        fill(ws, "Y1", progress="冒名反馈")
    back = returned(week1 / "答卷_区财政局.xlsx", tmp_path / "答卷" / "答卷_区财政局.xlsx", claim, 1_770_000_000)
    code, text = run(capsys, "collect", ledger, back, "--today", TODAY)
    assert code == 1 and "没有给“区城管局”下发答卷" in flat(text)
    assert cell(ledger, "Y1", "本周进展") == "按计划推进"


def test_older_answer_cannot_finish_what_a_newer_one_left_open(ledger, week1, tmp_path, capsys):
    """Week 2 left X2 推进中 (only new progress); week 1's file, arriving late, says 已完成: not applied."""
    week2 = split(capsys, ledger, tmp_path / "第2周", "2026-03-09")
    second = returned(week2 / ZJ, tmp_path / "第2周答卷" / ZJ,
                      lambda ws, wb: fill(ws, "X2", progress="第二周：仍在推进", feedback=D(2026, 3, 9)), 1_770_600_000)
    first = returned(week1 / ZJ, tmp_path / "第1周答卷" / ZJ,
                     lambda ws, wb: fill(ws, "X2", status="已完成", completed=D(2026, 3, 1)), 1_770_000_000)
    assert run(capsys, "collect", ledger, second, "--today", "2026-03-09")[0] == 0
    code, text = run(capsys, "collect", ledger, first, "--today", "2026-03-10")
    assert code == 1 and "【过期答卷】" in text
    assert cell(ledger, "X2", "办理状态") == "推进中" and cell(ledger, "X2", "完成日期") is None
