"""The upward report: `duban export` builds a values-only .xlsx from the ledger,
optionally a PDF (LibreOffice), a ready-to-send .eml, or sends it by SMTP.
"""

from __future__ import annotations

import datetime as dt
import email
import email.policy
import re
import shutil
import socket
import zipfile
from pathlib import Path

import pytest

from duban import schema
from duban.commands.main import main
from duban.dates import to_excel_date
from duban.read import params

from ledgers import D, done, item, make_ledger, read_raw

MONTH, TODAY = "2026-01", "2026-02-10"
TITLE = "示范区2026年1月督办工作月度讲评"
ITEMS = [
    done("1", "城关街道办事处", D(2026, 1, 20), D(2026, 1, 19), "好", feedback=D(2026, 1, 19)),
    item("2", "东关街道办事处", D(2026, 1, 20), feedback=D(2026, 2, 9)),
    done("3", "西关街道办事处", D(2026, 1, 20), D(2026, 1, 22), "一般"),
    done("4", "区发改局", D(2026, 1, 20), D(2026, 1, 19), "较好"),
    item("5", "区财政局", D(2026, 1, 20), feedback=D(2026, 2, 9)),
    done("6", "区住建局", D(2026, 1, 27), D(2026, 1, 26), "好", assigned=D(2026, 1, 12)),
    item("7", "区城管局", D(2026, 2, 27), assigned=D(2026, 1, 12), content="=HYPERLINK(\"http://x\")"),
]
REVIEWS = [["Y1", D(2026, 1, 6), "信访积案", "老旧小区加装电梯纠纷", "区住建局", "", "", "", D(2026, 3, 1), "化解中", None, ""],
           ["Y2", D(2026, 1, 6), "问题楼盘", "某小区延期交房", "区住建局", "", "", "", D(2026, 2, 1), "已化解", D(2026, 1, 30), ""]]


def run(capsys, *argv) -> tuple[int, str]:
    code = main([str(a) for a in argv])
    out = capsys.readouterr()
    return code, out.out + out.err


def smtp_params(host="127.0.0.1", port=25, security="无", sender="dcs@example.gov.cn",
                to="up1@example.gov.cn、up2@example.gov.cn") -> list[list]:
    values = {"考评年度": 2026, "发件服务器": host, "发件端口": port, "加密方式": security, "发件人": sender,
              "收件人": to}
    rows = [list(r) for r in params.template_rows()]
    for r in rows:
        if r and r[0] in values:
            r[1] = values[r[0]]
    return rows


@pytest.fixture
def ledger(tmp_path, capsys):
    """An .xlsm ledger (VBA, button, chart) recomputed for the month, as the office would have it."""
    path = make_ledger(tmp_path / "台账.xlsm", items=ITEMS, reviews=REVIEWS, decorate=True)
    code, text = run(capsys, "recompute", path, "--month", MONTH, "--today", TODAY)
    assert code == 0, text
    return path


@pytest.fixture
def exported(ledger, tmp_path, capsys):
    out = tmp_path / "上报"
    code, text = run(capsys, "export", ledger, "--month", MONTH, "--today", TODAY, "-o", out, "--ledger")
    assert code == 0, text
    path = out / f"{TITLE}.xlsx"
    assert path.exists()
    return path


def serials(grid: list[list]) -> list[list]:
    """Dates as Excel serial numbers: the test ledgers have no '_样式' sheet, so the
    headless writer leaves their computed dates unformatted (calamine reads numbers)."""
    return [[float(to_excel_date(v)) if isinstance(v, dt.date) else v for v in row] for row in grid]


def members(path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as z:
        return {n: z.read(n) for n in z.namelist()}


def test_export_has_no_macros_formulas_or_links(exported):
    parts = members(exported)
    names = list(parts)
    assert not any("vbaProject" in n or n.lower().endswith(".bin") for n in names)
    assert not any("externalLink" in n for n in names)
    ct = parts["[Content_Types].xml"].decode()
    assert "macroEnabled" not in ct and "vbaProject" not in ct
    sheets = [n for n in names if n.startswith("xl/worksheets/sheet")]
    assert len(sheets) == 7
    for n in sheets:
        xml = parts[n].decode()
        assert not re.search(r"<(\w+:)?f[\s>/]", xml), f"formula in {n}"
    assert "externalReference" not in parts["xl/workbook.xml"].decode()
    assert exported.suffix == ".xlsx"


def test_export_sheets_and_print_setup(exported):
    parts = members(exported)
    wb = parts["xl/workbook.xml"].decode()
    titles = re.findall(r'<sheet name="([^"]+)"', wb)
    assert titles == ["月讲评", "月考评", "问责", "年度汇总", "统计", "得分排名", "周交办"]
    assert "_xlnm.Print_Titles" in wb
    orientation = dict(zip(titles, ["portrait", "landscape", "portrait", "landscape", "portrait", "portrait",
                                    "landscape"]))
    for title, n in zip(titles, sorted((n for n in parts if n.startswith("xl/worksheets/sheet")),
                                       key=lambda n: int(re.search(r"(\d+)\.xml", n).group(1)))):
        setup = re.search(r"<pageSetup[^>]*>", parts[n].decode()).group(0)
        assert 'paperSize="9"' in setup and f'orientation="{orientation[title]}"' in setup, title
    charts = [n for n in parts if n.startswith("xl/charts/chart")]
    assert len(charts) >= 3                                  # per 期次, per unit, per category, 周研判
    assert any("各类问题化解率" in parts[n].decode() for n in charts)


def test_export_figures_equal_the_ledgers_computed_sheets(ledger, exported):
    mine, theirs = read_raw(exported).sheets, read_raw(ledger).sheets
    assert serials(mine["月讲评"]) == serials(theirs["月讲评"])
    # the export's tables sit under a title and the 制表单位/制表日期 line
    assert mine["问责"][1][0].startswith("制表单位：示范区督查室")   # the one 署名
    for title in ("问责", "年度汇总"):
        assert serials(mine[title][2:]) == serials(theirs[title]), title
    month_rows = [r for r in theirs["月考评"] if r[0] in ("月份", MONTH)]
    assert mine["月考评"][2:] == month_rows
    # 统计: the same rows; the ledger keeps room under each table, the export packs the sections
    def day(v):   # a 交办日期 may come back as a date, its ISO text or an unformatted serial number
        if isinstance(v, float) and 40000 < v < 60000:
            return (dt.date(1899, 12, 30) + dt.timedelta(days=v)).isoformat()
        return v.isoformat() if isinstance(v, dt.date) else v

    def filled(grid):
        return sorted(tuple(str(day(v)) for v in row) for row in grid if any(v not in (None, "") for v in row))
    assert filled(mine["统计"]) == filled(theirs["统计"])
    assert any(r and str(r[0]).startswith("关于2026年1月") for r in mine["月讲评"])


def test_export_ledger_sheet_is_values_only(ledger, exported):
    items = read_raw(exported).sheets["周交办"]
    assert items == read_raw(ledger).sheets["周交办"]
    assert items[7][schema.ITEMS.headers.index("事项内容")] == "=HYPERLINK(\"http://x\")"


def test_export_without_pdf_tool_says_so(ledger, tmp_path, capsys, monkeypatch):
    monkeypatch.setattr(shutil, "which", lambda name: None)
    code, text = run(capsys, "export", ledger, "--month", MONTH, "--today", TODAY, "-o", tmp_path / "o", "--pdf")
    assert code == 0
    assert "未找到 LibreOffice" in text
    assert (tmp_path / "o" / f"{TITLE}.xlsx").exists() and not (tmp_path / "o" / f"{TITLE}.pdf").exists()


@pytest.mark.libreoffice
def test_export_opens_in_libreoffice_as_pdf(ledger, tmp_path, capsys):
    if shutil.which("soffice") is None:
        pytest.skip("LibreOffice (soffice) is not installed")
    out = tmp_path / "o"
    code, text = run(capsys, "export", ledger, "--month", MONTH, "--today", TODAY, "-o", out, "--pdf")
    assert code == 0, text
    pdf = out / f"{TITLE}.pdf"
    assert pdf.read_bytes().startswith(b"%PDF")
    assert len(re.findall(rb"/Type\s*/Page[^s]", pdf.read_bytes())) >= 5


def test_export_eml_ready_to_send(ledger, tmp_path, capsys):
    out = tmp_path / "o"
    code, text = run(capsys, "export", ledger, "--month", MONTH, "--today", TODAY, "-o", out, "--eml")
    assert code == 0, text
    msg = email.message_from_bytes((out / f"{TITLE}.eml").read_bytes(), policy=email.policy.default)
    assert msg["Subject"] == TITLE
    assert msg["X-Unsent"] == "1"
    body = msg.get_body(("plain",)).get_content()
    assert "关于2026年1月“周交办、周研判、月讲评”工作情况的通报" in body and f"附件：{TITLE}.xlsx" in body
    (att,) = list(msg.iter_attachments())
    assert att.get_filename() == f"{TITLE}.xlsx"
    assert att.get_content() == (out / f"{TITLE}.xlsx").read_bytes()


# ---- SMTP ------------------------------------------------------------------

def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Inbox:
    def __init__(self):
        self.envelopes = []

    async def handle_DATA(self, server, session, envelope):
        self.envelopes.append(envelope)
        return "250 OK"


def serve(**options):
    from aiosmtpd.controller import Controller

    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=free_port(), **options)
    controller.start()
    return inbox, controller


@pytest.fixture
def smtp_server():
    inbox, controller = serve()
    try:
        yield inbox, controller.port
    finally:
        controller.stop()


def smtp_ledger(tmp_path, capsys, **settings):
    path = make_ledger(tmp_path / "台账.xlsx", items=ITEMS, params_rows=smtp_params(**settings))
    assert run(capsys, "recompute", path, "--month", MONTH, "--today", TODAY)[0] == 0
    return path


def test_smtp_delivers_message_with_attachment(tmp_path, capsys, smtp_server, monkeypatch):
    inbox, port = smtp_server
    monkeypatch.delenv("DUBAN_SMTP_PASSWORD", raising=False)
    path = smtp_ledger(tmp_path, capsys, port=port)
    out = tmp_path / "o"
    code, text = run(capsys, "export", path, "--month", MONTH, "--today", TODAY, "-o", out, "--smtp")
    assert code == 0, text
    assert "已发送邮件" in text
    (env,) = inbox.envelopes
    assert env.mail_from == "dcs@example.gov.cn"
    assert env.rcpt_tos == ["up1@example.gov.cn", "up2@example.gov.cn"]
    msg = email.message_from_bytes(env.content, policy=email.policy.default)
    assert msg["Subject"] == TITLE and "X-Unsent" not in msg
    (att,) = list(msg.iter_attachments())
    assert att.get_filename() == f"{TITLE}.xlsx"
    assert att.get_content() == (out / f"{TITLE}.xlsx").read_bytes()


def test_smtp_refused_connection_exit_2_files_kept(tmp_path, capsys):
    path = smtp_ledger(tmp_path, capsys, port=free_port())     # nothing listens there
    out = tmp_path / "o"
    code, text = run(capsys, "export", path, "--month", MONTH, "--today", TODAY, "-o", out, "--smtp", "--eml")
    assert code == 2
    assert "邮件未发送" in text and "连接被拒绝" in text and "发件端口" in text
    assert "Traceback" not in text
    assert (out / f"{TITLE}.xlsx").exists() and (out / f"{TITLE}.eml").exists()


def test_smtp_missing_settings_named(tmp_path, capsys):
    path = smtp_ledger(tmp_path, capsys, host="", to="")
    code, text = run(capsys, "export", path, "--month", MONTH, "--today", TODAY, "-o", tmp_path / "o", "--smtp")
    assert code == 2
    assert "“发件服务器”“收件人”未填写" in text
    assert (tmp_path / "o" / f"{TITLE}.xlsx").exists()


def test_smtp_user_without_password_env(tmp_path, capsys, monkeypatch, smtp_server):
    _inbox, port = smtp_server
    monkeypatch.delenv("DUBAN_SMTP_PASSWORD", raising=False)
    rows = smtp_params(port=port)
    for r in rows:
        if r and r[0] == "发件账号":
            r[1] = "dcs"
    path = make_ledger(tmp_path / "台账.xlsx", items=ITEMS, params_rows=rows)
    code, text = run(capsys, "export", path, "--month", MONTH, "--today", TODAY, "-o", tmp_path / "o", "--smtp")
    assert code == 2 and "DUBAN_SMTP_PASSWORD" in text


def test_smtp_login_refused_exit_2(tmp_path, capsys, monkeypatch):
    from aiosmtpd.smtp import AuthResult

    inbox, controller = serve(authenticator=lambda *args: AuthResult(success=False, handled=False),
                            auth_require_tls=False)
    try:
        monkeypatch.setenv("DUBAN_SMTP_PASSWORD", "wrong")
        rows = smtp_params(port=controller.port)
        for r in rows:
            if r and r[0] == "发件账号":
                r[1] = "dcs"
        path = make_ledger(tmp_path / "台账.xlsx", items=ITEMS, params_rows=rows)
        out = tmp_path / "o"
        code, text = run(capsys, "export", path, "--month", MONTH, "--today", TODAY, "-o", out, "--smtp")
    finally:
        controller.stop()
    assert code == 2 and "拒绝登录" in text and "DUBAN_SMTP_PASSWORD" in text
    assert inbox.envelopes == [] and (out / f"{TITLE}.xlsx").exists()


def test_smtp_not_sent_while_ledger_has_errors(tmp_path, capsys, smtp_server):
    inbox, port = smtp_server
    path = make_ledger(tmp_path / "台账.xlsx", items=ITEMS + [item("8", "区住建委", D(2026, 1, 20))],
                       params_rows=smtp_params(port=port))
    code, text = run(capsys, "export", path, "--month", MONTH, "--today", TODAY, "-o", tmp_path / "o", "--smtp")
    assert code == 1 and "邮件未发送" in text and "--force" in text
    assert inbox.envelopes == []
    assert run(capsys, "export", path, "--month", MONTH, "--today", TODAY, "-o", tmp_path / "o", "--smtp",
               "--force")[0] == 1
    assert len(inbox.envelopes) == 1


def test_export_bad_month_exit_2(ledger, capsys):
    code, text = run(capsys, "export", ledger, "--month", "2026-13", "-o", "/tmp/x")
    assert code == 2 and "YYYY-MM" in text


# ---- the Excel path ----------------------------------------------------------

@pytest.mark.remote
def test_export_button_through_excel(ledger, tmp_path, monkeypatch, exported):
    """macros.loop.export reads the open workbook and builds the same report; it writes nothing into the book."""
    import copy

    import macros.loop

    from remote_engine import payload, remote_xlwings

    xw = remote_xlwings(monkeypatch)
    book = xw.Book(json=copy.deepcopy(payload(ledger)))
    out = tmp_path / "按钮"
    outcome = macros.loop.export(book, outdir=out, today=D(2026, 2, 10), month=MONTH, show=False)
    assert outcome.ok, outcome.message
    assert f"{TITLE}.xlsx" in outcome.message and f"{TITLE}.eml" in outcome.message
    assert book.json()["actions"] == []
    mine, headless = read_raw(out / f"{TITLE}.xlsx").sheets, read_raw(exported).sheets
    for title in ("月讲评", "问责", "年度汇总", "统计"):
        assert serials(mine[title]) == serials(headless[title]), title


# ---- the 通报 of the export (issue 18) ---------------------------------------------------------

from docx import Document  # noqa: E402

from ledgers import unit_rows  # noqa: E402

NOTICE = f"{TITLE}（通报）.docx"
DRAFT = f"{TITLE}（通报）（草稿）.docx"
# 区住建委 is not a registered unit: one error, item 8 left out of the scores
WITH_ERROR = ITEMS + [item("8", "区住建委", D(2026, 1, 20))]


def docx_words(path) -> tuple[str, str]:
    """(body text with table cells, page header text) of a .docx."""
    d = Document(str(path))
    body = [p.text for p in d.paragraphs] + [c.text for t in d.tables for r in t.rows for c in r.cells]
    sec = d.sections[0]
    head = [p.text for h in (sec.header, sec.even_page_header) for p in h.paragraphs]
    return "\n".join(body), "".join(head)


def run_log(path) -> list[list]:
    return read_raw(path).sheets.get("运行日志") or []


def test_notice_numbers_follow_gb_t_15835_and_leave_out_units_outside_the_assessment(tmp_path, capsys):
    # 区民政局 takes no part in the assessment (参与考评 = 否) but has a done item: it is in no table
    items = ITEMS + [done("9", "区民政局", D(2026, 1, 20), D(2026, 1, 19), "好")]
    path = make_ledger(tmp_path / "台账.xlsx", items=items, units=unit_rows(not_evaluated=("区民政局",)))
    out = tmp_path / "o"
    code, text = run(capsys, "export", path, "--month", MONTH, "--today", TODAY, "-o", out, "--docx")
    assert code == 0, text
    body, head = docx_words(out / NOTICE)
    assert "区民政局" not in body and "不参与考评" not in body
    assert not re.search(r"\d,\d{3}", body)                                   # 30000, not 30,000
    assert not re.search(r"[\u4e00-\u9fff] +\d|\d +[\u4e00-\u9fff]", body)   # 例会3次, not 例会 3 次
    assert "共召开周交办例会2次，交办重点事项8件" in body                         # weeks of 1-05 and 1-12
    assert "（二）区直单位组（3个单位参与排名）" in body                          # 住建、发改、财政
    # reward cells: amounts without separators; the rows without a reward are empty
    table = Document(str(out / NOTICE)).tables[1]
    assert [r.cells[5].text for r in table.rows[1:4]] == ["30000", "20000", "10000"]
    assert head == ""                                                          # a clean ledger: final


def test_ledger_with_errors_gives_a_draft(tmp_path, capsys):
    path = make_ledger(tmp_path / "台账.xlsx", items=WITH_ERROR)
    before = path.read_bytes()
    out = tmp_path / "o"
    code, text = run(capsys, "export", path, "--month", MONTH, "--today", TODAY, "-o", out, "--docx")
    assert code == 1
    assert (out / DRAFT).exists() and not (out / NOTICE).exists()
    body, head = docx_words(out / DRAFT)
    assert head.startswith("草稿") and "台账尚有1处数据错误，1件事项未计入考评" in head
    assert "校验结果" not in body and "※" not in body and "数据错误" not in body   # nothing internal in the body
    assert "草稿" in text and "--final" in text
    assert path.read_bytes() == before                                          # export alone writes no log


def test_final_notice_confirmed_and_logged(tmp_path, capsys):
    path = make_ledger(tmp_path / "台账.xlsx", items=WITH_ERROR)
    out = tmp_path / "o"
    assert run(capsys, "export", path, "--month", MONTH, "--today", TODAY, "-o", out, "--docx")[0] == 1
    code, text = run(capsys, "export", path, "--month", MONTH, "--today", TODAY, "-o", out, "--final")
    assert code == 1                                              # the ledger still has its error
    assert (out / NOTICE).exists() and not (out / DRAFT).exists()  # the final replaces the draft
    body, head = docx_words(out / NOTICE)
    assert head == "" and "校验结果" not in body
    log = run_log(path)
    assert log[0][:2] == ["时间", "操作"] and len(log) == 2
    assert log[1][1] == "确认生成正式通报"
    assert log[1][5] == f"台账有 1 处错误，1 件事项未计入考评，经确认生成正式通报：{NOTICE}"
    assert "运行日志" in text
    assert subprocess_audit(path)


def test_final_on_a_clean_ledger_writes_no_log(ledger, tmp_path, capsys):
    before = ledger.read_bytes()
    code, text = run(capsys, "export", ledger, "--month", MONTH, "--today", TODAY, "-o", tmp_path / "o", "--final")
    assert code == 0 and (tmp_path / "o" / NOTICE).exists()
    assert ledger.read_bytes() == before


def test_final_not_logged_when_the_ledger_is_open(tmp_path, capsys, monkeypatch):
    """The ledger cannot take the 运行日志 row (open in Excel): no final 通报 is left behind, exit 2."""
    from duban import xlsxio
    from duban.errors import WriteFailed

    def refuse(*args, **kwargs):
        raise WriteFailed("无法写入“台账.xlsx”：文件可能正在 Excel 或 WPS 中打开")
    monkeypatch.setattr(xlsxio, "write_parts", refuse)
    path = make_ledger(tmp_path / "台账.xlsx", items=WITH_ERROR)
    out = tmp_path / "o"
    code, text = run(capsys, "export", path, "--month", MONTH, "--today", TODAY, "-o", out, "--final")
    assert code == 2 and "正在 Excel" in text and "Traceback" not in text
    assert not (out / NOTICE).exists()


def subprocess_audit(path) -> bool:
    import subprocess

    exe = shutil.which("openxml-audit")
    if exe is None:
        return True
    return subprocess.run([exe, "-q", str(path)], capture_output=True).returncode == 0


@pytest.mark.parametrize("command", ["export", "assign", "remind", "agenda"])
def test_document_commands_warn_while_the_name_is_the_default(tmp_path, capsys, command):
    path = make_ledger(tmp_path / "台账.xlsx", items=ITEMS, reviews=REVIEWS)
    assert "仍署名“示范区督查室”" in run(capsys, command, path, "--today", TODAY, "-o", tmp_path / "o")[1]
    named = make_ledger(tmp_path / "红旗县.xlsx", items=ITEMS, reviews=REVIEWS,
                        params_rows=params.template_rows({**params.named_values("红旗县"), "考评年度": 2026}))
    assert "仍署名" not in run(capsys, command, named, "--today", TODAY, "-o", tmp_path / "o2")[1]


@pytest.mark.libreoffice
def test_export_pdf_renders_the_notice_with_chinese_fonts(tmp_path, capsys):
    if shutil.which("soffice") is None or shutil.which("pdffonts") is None:
        pytest.skip("LibreOffice (soffice) and poppler-utils (pdffonts) are needed")
    import subprocess

    path = make_ledger(tmp_path / "台账.xlsx", items=ITEMS)
    out = tmp_path / "o"
    code, text = run(capsys, "export", path, "--month", MONTH, "--today", TODAY, "-o", out, "--docx", "--pdf")
    assert code == 0, text
    pdf = out / f"{TITLE}（通报）.pdf"
    assert pdf.read_bytes().startswith(b"%PDF") and "月度通报 PDF" in text
    fonts = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True).stdout
    names = [line.split()[0] for line in fonts.splitlines()[2:]]
    assert names and not [n for n in names if "jp" in n.lower()], names   # never Noto Sans CJK JP
    # the sheets' PDF: the JP faces are out of the map (LibreOffice may still name an SC face of the
    # Noto collection "NotoSansCJKjp", the collection's shared name)
    assert (out / f"{TITLE}.pdf").exists()


def chart_parts(path: Path) -> dict[str, str]:
    """Chart title (its first <a:t>) -> chart XML."""
    parts = members(path)
    out = {}
    for n in parts:
        if n.startswith("xl/charts/chart"):
            xml = parts[n].decode()
            out[re.search(r"<a:t>([^<]+)</a:t>", xml).group(1)] = xml
    return out


def test_export_charts_label_every_category_and_grow_with_the_count(exported):
    """Issue 18: LibreOffice showed 4 of 7 category labels and ~18 of 37 units. Every chart labels
    every category (tickLblSkip 1) and its range covers every row of its table."""
    charts = chart_parts(exported)
    assert {"各期完成率", "各单位完成率", "各类别完成率", "各类问题化解率", "办事处综合得分", "区直单位综合得分"} <= set(charts)
    for title, xml in charts.items():
        assert '<c:tickLblSkip val="1"/>' in xml, title
        assert '<c:barDir val="bar"/>' in xml, title          # names read across
    # 统计 in the export: the unit chart's categories are exactly the rows of the 牵头单位 table
    stats = read_raw(exported).sheets["统计"]
    head = next(i for i, r in enumerate(stats) if r and r[0] == "牵头单位")
    n = next((i for i, r in enumerate(stats[head + 1:]) if not r or not r[0]), len(stats) - head - 1)
    assert f"$A${head + 2}:$A${head + 1 + n}" in charts["各单位完成率"]
    # the chart beside the table is at least one row (20 px) per unit tall, plus its frame
    anchors = [(int(a), int(b)) for drawing in (v.decode() for k, v in members(exported).items()
                                                 if k.startswith("xl/drawings/drawing"))
               for a, b in re.findall(r"<xdr:from><xdr:col>6</xdr:col><xdr:colOff>\d+</xdr:colOff><xdr:row>(\d+)"
                                      r"</xdr:row>.*?<xdr:to><xdr:col>\d+</xdr:col><xdr:colOff>\d+</xdr:colOff>"
                                      r"<xdr:row>(\d+)</xdr:row>", drawing, flags=re.S)]
    top, bottom = next((a, b) for a, b in anchors if a == head)
    assert bottom - top >= n + 3


def test_export_score_chart_per_group_in_rank_order(exported):
    """得分排名: per group the ranked units by rank, each with a bar chart of 综合得分 over exactly those rows."""
    sheet = read_raw(exported).sheets["得分排名"]
    charts = chart_parts(exported)
    for group in ("办事处", "区直单位"):
        head = next(i for i, r in enumerate(sheet) if r and str(r[0]).startswith(group)) + 1
        assert sheet[head][:4] == ["名次", "单位", "综合得分", "结果"]
        rows = []
        for r in sheet[head + 1:]:
            if not r or r[0] in (None, ""):
                break
            rows.append(r)
        ranks, scores = [r[0] for r in rows], [r[2] for r in rows]
        assert rows and ranks == sorted(ranks) and scores == sorted(scores, reverse=True)
        xml = charts[f"{group}综合得分"]
        assert f"得分排名!$B${head + 2}:$B${head + 1 + len(rows)}" in xml
        assert f"得分排名!$C${head + 2}:$C${head + 1 + len(rows)}" in xml
