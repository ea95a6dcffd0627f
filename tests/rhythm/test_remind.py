"""`duban remind` and the 生成催办 button: whom the office chases, for what, in which words.

The ledger below is worked by hand for Thursday 2026-02-12 with the defaults 临期提醒工作日 = 3
and 答卷间隔天数 = 7. Working days after it (chinese-calendar 2026): Fri 13 (1), Sat 14 — a
make-up working day — (2), Sun 15, the Spring Festival holiday Mon 16 … Mon 23, Tue 24 (3),
Wed 25 (4).
"""

from __future__ import annotations

import datetime as dt
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from duban import schema
from duban.commands.main import main
from duban.rhythm.chase import DUE_SOON, NO_ANSWER, OVERDUE, classify
from duban.rhythm.messages import MESSAGE_CHARS

from ledgers import D, done, item, make_ledger, read_raw

TODAY = D(2026, 2, 12)
RECENT = D(2026, 2, 10)   # answered two days ago: not 未反馈

CHENGGUAN, CAIZHENG, ZHUJIAN, DONGGUAN, FAGAI = "城关街道办事处", "区财政局", "区住建局", "东关街道办事处", "区发改局"

ITEMS = [
    # 城关: overdue by one day; due today; due in exactly 3 working days across the holiday and the
    # make-up Saturday; due in 4 (not chased); overdue 13 days and silent since 1-20 (23 days).
    item("R1", CHENGGUAN, D(2026, 2, 11), feedback=RECENT,
         content="城区主干道路灯改造工程，完成全部老旧路灯更换并接入智慧照明平台，实现分时分段调光"),
    item("R2", CHENGGUAN, TODAY, feedback=RECENT),
    item("R3", CHENGGUAN, D(2026, 2, 24), feedback=RECENT),
    item("R4", CHENGGUAN, D(2026, 2, 25), feedback=RECENT),
    item("R13", CHENGGUAN, D(2026, 1, 30), feedback=D(2026, 1, 20)),
    # 财政局: deadline 2-06 passed, but adjusted to 2-13: due in 1 working day, not overdue;
    # deadline passed but adjusted to 3-31: nothing to chase.
    item("R6", CAIZHENG, D(2026, 2, 6), adjusted=D(2026, 2, 13), feedback=RECENT),
    item("R5", CAIZHENG, D(2026, 1, 30), adjusted=D(2026, 3, 31), feedback=RECENT),
    # 住建局: completed late (never chased); answered yesterday; answered 8 days ago (N+1: chased);
    # answered exactly 7 days ago (not chased).
    done("R7", ZHUJIAN, D(2026, 2, 1), D(2026, 2, 10)),
    item("R8", ZHUJIAN, D(2026, 3, 31), feedback=D(2026, 2, 11)),
    item("R9", ZHUJIAN, D(2026, 3, 31), feedback=D(2026, 2, 4)),
    item("R10", ZHUJIAN, D(2026, 3, 31), feedback=D(2026, 2, 5)),
    # 东关: assigned 1-05, never answered: 38 days without an answer.
    item("R11", DONGGUAN, D(2026, 3, 31), progress=None),
    # 发改局: everything done, one of it late: no file.
    done("R12", FAGAI, D(2026, 1, 20), D(2026, 1, 19)),
    done("R14", FAGAI, D(2026, 1, 20), D(2026, 2, 3)),
    # Long-term items (长期坚持/持续推进) are never due; one answered recently, one silent for 11 days.
    item("R15", DONGGUAN, "长期坚持", feedback=RECENT),
    item("R16", DONGGUAN, "持续推进", feedback=D(2026, 2, 1)),
    # An item without 编号 is named by its row (row 18: the header, then 16 items above it).
    item("", ZHUJIAN, D(2026, 2, 11), feedback=RECENT),
]

# unit -> [(编号, level, days)] in the order of the text: 逾期 (longest first), 临期 (soonest first), 未反馈.
EXPECTED = {
    CHENGGUAN: [("R13", OVERDUE, 13), ("R1", OVERDUE, 1), ("R2", DUE_SOON, 0), ("R3", DUE_SOON, 3)],
    DONGGUAN: [("R11", NO_ANSWER, 38), ("R16", NO_ANSWER, 11)],
    CAIZHENG: [("R6", DUE_SOON, 1)],
    ZHUJIAN: [("第18行", OVERDUE, 1), ("R9", NO_ANSWER, 8)],
}


@pytest.fixture
def ledger(tmp_path):
    """The ledger with the template's hidden style sheet, so the written dates read back as dates."""
    from test_macros_remote import with_style_sheet

    return with_style_sheet(make_ledger(tmp_path / "台账.xlsx", items=ITEMS))


def run(capsys, *argv) -> tuple[int, str]:
    code = main([str(a) for a in argv])
    out = capsys.readouterr()
    return code, out.out + out.err


def refs_in(text: str) -> list[str]:
    return re.findall(r"^\d+\. (?:编号)?(\S+?)：", text, flags=re.M)


def read_text(path: Path) -> str:
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf") and b"\r\n" in raw and b"\n" not in raw.replace(b"\r\n", b"")
    return raw.decode("utf-8-sig").replace("\r\n", "\n")


def sheet_rows(path: Path) -> list[list]:
    grid = read_raw(path).sheets[schema.REMINDERS.title]
    assert grid[0] == schema.REMINDERS.headers
    return [r + [None] * (9 - len(r)) for r in grid[1:]]


# ---- the core ----------------------------------------------------------------

def test_boundaries_classified_by_hand(ledger):
    from duban.rhythm.remind import plan_remind

    plan = plan_remind(read_raw(ledger), TODAY)
    got = {u: [(c.ref, c.level, c.days) for c in cs] for u, cs in plan.chases.by_unit.items()}
    assert got == EXPECTED
    # Units in 单位 order (offices first), 发改局 absent; 17 items, 3 of them done.
    assert list(plan.chases.by_unit) == [CHENGGUAN, DONGGUAN, CAIZHENG, ZHUJIAN]
    assert plan.chases.open_items == 14
    r13 = plan.chases.by_unit[CHENGGUAN][0]
    assert r13.silent_days == 23


def test_reply_deadline_counts_working_days_and_make_up_days(ledger):
    from duban.rhythm.remind import plan_remind

    # 2 working days after Thu 2-12: Fri 13, Sat 14 (make-up working day).
    text = plan_remind(read_raw(ledger), TODAY).messages[CAIZHENG][0].text
    assert "2月14日（星期六）前将办理情况通过答卷或OA报送至示范区督查室" in text
    # 调整后时限 is named as such.
    assert "编号R6：事项R6（调整后时限2月13日，还剩1个工作日，目前推进中）" in text


def test_classify_long_term_item_is_never_due():
    from duban.model import Item

    it = Item(1, "L1", 1, D(2026, 1, 5), "王建国", CHENGGUAN, "", "长期坚持", "", None, None, "推进中", None,
              "持续推进", TODAY, "")
    it.long_term = True  # issue 8's flag for 长期/持续推进 deadlines
    assert classify(it, TODAY, 3, 7) is None
    it.deadline = D(2026, 1, 1)  # a stray date on a long-term item still does not make it overdue
    assert classify(it, TODAY, 3, 7) is None


# ---- the command ---------------------------------------------------------------

def test_remind_writes_one_text_per_unit_naming_exactly_its_items(ledger, tmp_path, capsys):
    out = tmp_path / "催办"
    code, text = run(capsys, "remind", ledger, "--today", TODAY, "-o", out)
    assert code == 0, text
    assert "需催办4个单位、9件事项：逾期3件，临期3件，未反馈3件" in text
    names = sorted(p.name for p in out.iterdir())
    assert names == sorted([f"催办_{u}.txt" for u in EXPECTED] + ["催办清单_2026-02-12.txt"])
    for unit, expected in EXPECTED.items():
        body = read_text(out / f"催办_{unit}.txt")
        assert body.startswith(f"【督办提醒】{unit}：\n截至2026年2月12日")
        assert refs_in(body) == [ref for ref, _lv, _d in expected]
        assert body.rstrip().endswith("示范区督查室\n2026年2月12日")
    chengguan = read_text(out / f"催办_{CHENGGUAN}.txt")
    assert "一、已逾期（2件）" in chengguan and "二、即将到期（2件）" in chengguan and "三、" not in chengguan
    assert "1. 编号R13：事项R13（完成时限1月30日，已逾期13天，23天未反馈进展，目前推进中）" in chengguan
    # the whole item text, never cut mid-phrase (issue 18)
    assert "城区主干道路灯改造工程，完成全部老旧路灯更换并接入智慧照明平台，实现分时分段调光（" in chengguan
    assert "……" not in chengguan and "贵单位" not in chengguan and "你单位牵头的督办事项" in chengguan
    assert "3. 编号R2：事项R2（完成时限2月12日，今天到期，目前推进中）" in chengguan
    assert "4. 编号R3：事项R3（完成时限2月24日，还剩3个工作日，目前推进中）" in chengguan
    assert "请对逾期事项说明原因、明确办结时间，对即将到期事项确保按时办结，并于" in chengguan
    dongguan = read_text(out / f"催办_{DONGGUAN}.txt")
    assert "一、超过7天未反馈进展（2件）" in dongguan and "1月5日交办后未反馈，38天未反馈进展" in dongguan
    office = read_text(out / "催办清单_2026-02-12.txt")
    assert all(f"催办_{u}.txt" in office for u in EXPECTED) and FAGAI not in office


def test_sheet_and_files_agree(ledger, tmp_path, capsys):
    out = tmp_path / "催办"
    assert run(capsys, "remind", ledger, "--today", TODAY, "-o", out)[0] == 0
    rows = sheet_rows(ledger)
    by_unit: dict[str, list] = {}
    for r in rows:
        by_unit.setdefault(r[0], []).append(r)
    assert list(by_unit) == list(EXPECTED)
    for unit, expected in EXPECTED.items():
        mine = by_unit[unit]
        assert [(r[1], r[4], int(r[5])) for r in mine] == expected
        texts = [r[7] for r in mine if r[7]]
        assert "\n\n".join(texts) + "\n" == read_text(out / f"催办_{unit}.txt")
    assert {r[8] for r in rows} == {TODAY}


def test_template_ledger_stays_valid_ooxml(tmp_path, capsys):
    """On a ledger built from the template (its 催办提醒 sheet protected, styled), remind rewrites
    that sheet and the file still passes openxml-audit."""
    from duban.template.builder import build_workbook

    from ledgers import LEADERS, unit_rows

    tool = shutil.which("openxml-audit")
    if tool is None:
        pytest.skip("openxml-audit is not installed")
    path = tmp_path / "台账.xlsx"
    build_workbook(path, rows={schema.ITEMS.title: ITEMS, schema.UNITS.title: unit_rows(),
                               schema.LEADERS.title: LEADERS}, macros=False)
    assert run(capsys, "remind", path, "--today", TODAY, "-o", tmp_path / "o")[0] == 0
    assert len(sheet_rows(path)) == 9
    r = subprocess.run([tool, "-q", str(path)], capture_output=True, text=True, timeout=120)
    assert r.returncode == 0, r.stdout


def test_completed_items_and_quiet_units_never_appear(ledger, tmp_path, capsys):
    run(capsys, "remind", ledger, "--today", TODAY, "-o", tmp_path / "o")
    listed = {r[1] for r in sheet_rows(ledger)}
    assert listed.isdisjoint({"R4", "R5", "R7", "R8", "R10", "R12", "R14", "R15"})


def test_long_lists_split_into_numbered_chat_messages(tmp_path, capsys):
    items = [item(f"2026-{n:03d}", CAIZHENG, D(2026, 1, 5) + dt.timedelta(days=n % 20), feedback=RECENT,
                  content=f"第{n}项重点工作：推进老旧小区改造、雨污分流和背街小巷整治，按月报送进度") for n in range(1, 31)]
    path = make_ledger(tmp_path / "台账.xlsx", items=items)
    out = tmp_path / "o"
    assert run(capsys, "remind", path, "--today", TODAY, "-o", out)[0] == 0
    body = read_text(out / f"催办_{CAIZHENG}.txt")
    messages = body.rstrip("\n").split("\n\n")
    assert len(messages) > 1
    for i, m in enumerate(messages, start=1):
        assert len(m) <= MESSAGE_CHARS
        assert m.startswith(f"【督办提醒 {i}/{len(messages)}】{CAIZHENG}" + ("：" if i == 1 else "（续）："))
        assert ("示范区督查室" in m) == (i == len(messages))
    refs = [ref for m in messages for ref in refs_in(m)]
    assert sorted(refs) == sorted(f"2026-{n:03d}" for n in range(1, 31))   # every item once, none cut
    numbers = [int(n) for m in messages for n in re.findall(r"^(\d+)\. ", m, flags=re.M)]
    assert numbers == list(range(1, 31))
    rows = sheet_rows(path)
    assert [r[7] for r in rows if r[7]] == messages


def test_rerun_removes_the_text_of_a_unit_with_nothing_left(ledger, tmp_path, capsys):
    out = tmp_path / "o"
    run(capsys, "remind", ledger, "--today", TODAY, "-o", out)
    assert (out / f"催办_{DONGGUAN}.txt").exists()
    from test_macros_remote import with_style_sheet

    with_style_sheet(make_ledger(ledger, items=[i for i in ITEMS if i[0] not in ("R11", "R16")]))
    run(capsys, "remind", ledger, "--today", TODAY, "-o", out)
    assert not (out / f"催办_{DONGGUAN}.txt").exists() and (out / f"催办_{CHENGGUAN}.txt").exists()


def test_default_folder_is_beside_the_ledger_by_date(ledger, capsys):
    assert run(capsys, "remind", ledger, "--today", TODAY)[0] == 0
    assert (ledger.parent / "催办" / "2026-02-12" / f"催办_{CHENGGUAN}.txt").exists()


def test_unknown_lead_unit_is_reported_exit_1(tmp_path, capsys):
    path = make_ledger(tmp_path / "台账.xlsx", items=ITEMS + [item("X1", "区住建委", D(2026, 2, 1))])
    code, text = run(capsys, "remind", path, "--today", TODAY, "-o", tmp_path / "o")
    assert code == 1 and "区住建委" in text and "周交办 第 19 行（X1，逾期）" in text
    last = sheet_rows(path)[-1]
    assert last[:2] == ["区住建委", "X1"] and last[6].startswith("未催办：")
    assert "区住建委" in read_text(tmp_path / "o" / "催办清单_2026-02-12.txt")


def test_dry_run_writes_nothing(ledger, tmp_path, capsys):
    before = ledger.read_bytes()
    code, text = run(capsys, "remind", ledger, "--today", TODAY, "-o", tmp_path / "o", "--dry-run")
    assert code == 0 and "试运行" in text
    assert ledger.read_bytes() == before and not (tmp_path / "o").exists()


# ---- bad input -----------------------------------------------------------------

def test_empty_ledger_exit_2_nothing_written(tmp_path, capsys):
    path = make_ledger(tmp_path / "台账.xlsx", items=[])
    before = path.read_bytes()
    code, text = run(capsys, "remind", path, "--today", TODAY, "-o", tmp_path / "o")
    assert code == 2 and "还没有交办事项" in text and "Traceback" not in text
    assert path.read_bytes() == before and not (tmp_path / "o").exists()


def test_no_open_items_says_so_and_writes_no_files(tmp_path, capsys):
    path = make_ledger(tmp_path / "台账.xlsx", items=[done("R12", FAGAI, D(2026, 1, 20), D(2026, 1, 19))])
    code, text = run(capsys, "remind", path, "--today", TODAY, "-o", tmp_path / "o")
    assert code == 0 and "无需催办" in text
    assert not (tmp_path / "o").exists()
    rows = sheet_rows(path)   # the sheet says so too, instead of keeping an old list
    assert len(rows) == 1 and "无需催办" in rows[0][6] and rows[0][1] is None


def test_output_folder_that_is_a_file_exit_2_ledger_unchanged(ledger, tmp_path, capsys):
    blocker = tmp_path / "o"
    blocker.write_text("not a folder")
    before = ledger.read_bytes()
    code, text = run(capsys, "remind", ledger, "--today", TODAY, "-o", blocker)
    assert code == 2 and "无法" in text and "Traceback" not in text
    assert ledger.read_bytes() == before and blocker.read_text() == "not a folder"


def test_ledger_busy_leaves_no_partial_files(ledger, tmp_path, capsys, monkeypatch):
    import duban.xlsxio
    from duban.errors import FileBusy

    def busy(*_a, **_k):
        raise FileBusy("台账正在 Excel 中打开，请关闭后重试")

    monkeypatch.setattr(duban.xlsxio, "write_parts", busy)
    code, text = run(capsys, "remind", ledger, "--today", TODAY, "-o", tmp_path / "o")
    assert code == 2 and "请关闭后重试" in text
    assert not (tmp_path / "o").exists()


@pytest.mark.parametrize("argv, words", [
    (["remind", "不存在.xlsx"], "找不到文件"),
    (["remind", "{ledger}", "--today", "2026-13-01"], "日期"),
])
def test_bad_arguments_exit_2_in_chinese(argv, words, ledger, capsys):
    code, text = run(capsys, *[a.format(ledger=ledger) for a in argv])
    assert code == 2 and words in text and "Traceback" not in text


# ---- the 生成催办 button, through xlwings' remote engine -------------------------

# A 催办提醒 sheet left by an earlier run, longer than this run's: both paths must clear it.
STALE = {schema.REMINDERS.title: [schema.REMINDERS.headers] + [[f"旧单位{n}", f"旧{n}", "旧事项", None, "逾期", n, "旧",
                                                                "旧文本", None] for n in range(40)]}


@pytest.mark.remote
@pytest.mark.parametrize("extra", [{}, STALE], ids=["new sheet", "earlier sheet"])
def test_button_gives_the_same_sheet_and_files_as_the_command(extra, monkeypatch, tmp_path, capsys):
    import copy
    import shutil

    from remote_engine import ExcelState, payload, remote_xlwings
    from test_macros_remote import assert_same_grid, with_style_sheet

    xw = remote_xlwings(monkeypatch)
    ledger = with_style_sheet(make_ledger(tmp_path / "台账.xlsx", items=ITEMS, extra_sheets=extra))
    headless = tmp_path / "headless" / "台账.xlsx"
    headless.parent.mkdir()
    shutil.copy2(ledger, headless)
    assert run(capsys, "remind", headless, "--today", TODAY, "-o", tmp_path / "cli")[0] == 0

    from macros.excel import remind

    data = payload(ledger)
    book = xw.Book(json=copy.deepcopy(data))
    outcome = remind(book, today=TODAY, outdir=tmp_path / "button")
    assert outcome.ok, outcome.message
    assert "需催办4个单位、9件事项" in outcome.message
    state = ExcelState.from_payload(data).apply(book.json()["actions"])
    title = schema.REMINDERS.title
    assert_same_grid(title, state.sheet(title).grid(), read_raw(headless).sheets[title])
    assert state.names()[state.active] == title
    cli = sorted(p.name for p in (tmp_path / "cli").iterdir())
    assert cli == sorted(p.name for p in (tmp_path / "button").iterdir())
    for name in cli:
        assert (tmp_path / "cli" / name).read_bytes() == (tmp_path / "button" / name).read_bytes()


@pytest.mark.remote
def test_button_on_an_empty_ledger_says_why_in_chinese(monkeypatch, tmp_path):
    import copy

    from remote_engine import ExcelState, payload, remote_xlwings

    xw = remote_xlwings(monkeypatch)
    ledger = make_ledger(tmp_path / "台账.xlsx", items=[])
    data = payload(ledger)
    book = xw.Book(json=copy.deepcopy(data))
    from macros.excel import remind

    outcome = remind(book, today=TODAY, outdir=tmp_path / "button")
    assert not outcome.ok and "生成催办未完成" in outcome.message and "还没有交办事项" in outcome.message
    state = ExcelState.from_payload(data).apply(book.json()["actions"])
    assert schema.REMINDERS.title not in state.names()
    assert state.alerts and state.alerts[0]["mode"] == "critical"
    assert not (tmp_path / "button").exists()


# ---- invariants ----------------------------------------------------------------

def _chases(draw_items, level_of, today=TODAY):
    from duban.model import Item
    from duban.rhythm.chase import Chase

    out = []
    for n, (content, level, days) in enumerate(draw_items, start=1):
        it = Item(n, f"2026-{n:03d}", 1, D(2026, 1, 5), "王建国", CAIZHENG, "", content, "", today, None, "推进中",
                  None, "", D(2026, 1, 20), "")
        out.append(Chase(CAIZHENG, it, level_of[level], days, today))
    return out


def test_messages_carry_every_item_once_in_order_within_the_limit():
    from hypothesis import given, settings
    from hypothesis import strategies as st

    from duban.read.params import default_settings
    from duban.rhythm.messages import unit_messages

    levels = (OVERDUE, DUE_SOON, NO_ANSWER)
    item = st.tuples(st.text(alphabet="推进改造项目，。ABC123 完成整治", min_size=0, max_size=80),
                     st.integers(0, 2), st.integers(0, 400))

    @settings(max_examples=150, deadline=None)
    @given(st.lists(item, min_size=1, max_size=60), st.integers(300, 900))   # 300: room for one item and the ask
    def check(drawn, limit):
        chases = _chases(drawn, levels)
        chases.sort(key=lambda c: levels.index(c.level))
        messages = unit_messages(CAIZHENG, chases, default_settings(), TODAY, limit=limit)
        assert [c for m in messages for c in m.chases] == chases          # every item once, in order
        assert [r for m in messages for r in refs_in(m.text)] == [c.ref for c in chases]
        for m in messages:   # each item's whole text, in the message that carries it
            assert all(" ".join(c.item.content.split()) in m.text for c in m.chases)
        assert all(len(m.text) <= limit for m in messages)
        assert sum("示范区督查室" in m.text for m in messages) == 1 and "示范区督查室" in messages[-1].text
        if len(messages) > 1:
            assert all(m.text.startswith(f"【督办提醒 {i}/{len(messages)}】") for i, m in enumerate(messages, 1))
        for m in messages:   # a section title never ends a message
            body = [ln for ln in m.text.split("\n") if re.match(r"^[一二三]、", ln)]
            for title in body:
                after = m.text.split(title, 1)[1].lstrip("\n")
                assert re.match(r"^\d+\. ", after), (title, m.text)

    check()


def test_levels_match_the_ledger_colours():
    """逾期 is exactly the red rows and 临期 the yellow ones (duban.alerts), holidays and make-up days included."""
    from hypothesis import given, settings
    from hypothesis import strategies as st

    from duban.model import Item
    from duban.rules.alerts import RED, YELLOW, alert_colour

    @settings(max_examples=300, deadline=None)
    @given(st.dates(D(2026, 1, 1), D(2026, 12, 20)), st.integers(-40, 40), st.integers(0, 5))
    def check(today, offset, soon):
        due = today + dt.timedelta(days=offset)
        it = Item(1, "A", 1, today, "王建国", CHENGGUAN, "", "事项", "", due, None, "推进中", None, "进展", today, "")
        c = classify(it, today, soon, 7)
        colour = alert_colour(due, False, today, soon)
        assert (c is not None and c.level == OVERDUE) == (colour == RED)
        assert (c is not None and c.level == DUE_SOON) == (colour == YELLOW)
        if c is not None and c.level == OVERDUE:
            assert c.days == -offset

    check()


def test_long_item_texts_are_never_cut_but_split_over_messages():
    """Item texts up to 160 characters (as long as real ones get): each appears whole in exactly one
    message, no ……; a message is over the limit only when it carries a single item."""
    from hypothesis import given, settings
    from hypothesis import strategies as st

    from duban.read.params import default_settings
    from duban.rhythm.messages import MESSAGE_CHARS, unit_messages

    levels = (OVERDUE, DUE_SOON, NO_ANSWER)
    words = st.text(alphabet="推进改造项目取得施工许可，。、5月底前完成整治", min_size=31, max_size=160)   # longer than the old cut

    @settings(max_examples=100, deadline=None)
    @given(st.lists(st.tuples(words, st.integers(0, 2), st.integers(0, 400)), min_size=1, max_size=25))
    def check(drawn):
        chases = sorted(_chases(drawn, levels), key=lambda c: levels.index(c.level))
        messages = unit_messages(CAIZHENG, chases, default_settings(), TODAY)
        for c in chases:
            whole = " ".join(c.item.content.split())
            assert sum(whole in m.text for m in messages if c in m.chases) == 1
        assert not any("……" in m.text for m in messages)
        assert all(len(m.text) <= MESSAGE_CHARS or len(m.chases) == 1 for m in messages)

    check()


def test_contact_line_when_set_and_a_warning_while_empty(tmp_path, capsys):
    from duban.read import params

    items = [item("R1", CAIZHENG, D(2026, 1, 30))]
    bare = make_ledger(tmp_path / "a.xlsx", items=items)
    code, text = run(capsys, "remind", bare, "--today", TODAY, "-o", tmp_path / "a")
    assert "“督办联系人”“督办联系电话”还没有填写" in "".join(text.split())
    body = read_text(tmp_path / "a" / f"催办_{CAIZHENG}.txt")
    assert "联系人" not in body and "通过答卷或OA报送至示范区督查室" in body
    assert "还没有填写" in read_text(tmp_path / "a" / "催办清单_2026-02-12.txt")
    rows = [list(r) for r in params.template_rows()]
    for r in rows:
        if r and r[0] in ("督办联系人", "督办联系电话", "反馈方式", "考评年度"):
            r[1] = {"督办联系人": "刘洋", "督办联系电话": "0371-6688", "反馈方式": "通过OA报送", "考评年度": 2026}[r[0]]
    full = make_ledger(tmp_path / "b.xlsx", items=items, params_rows=rows)
    code, text = run(capsys, "remind", full, "--today", TODAY, "-o", tmp_path / "b")
    assert "还没有填写" not in text
    body = read_text(tmp_path / "b" / f"催办_{CAIZHENG}.txt")
    assert "将办理情况通过OA报送至示范区督查室。" in body and "\n联系人：刘洋，联系电话：0371-6688。\n" in body
