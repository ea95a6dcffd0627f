"""Writing back never damages the workbook: untouched zip parts stay byte for byte."""

from __future__ import annotations

import zipfile

from duban import schema
from duban.commands.main import main

from ledgers import D, done, item, make_ledger, read_raw

# Parts a recompute may change: the computed sheets and the workbook's own bookkeeping.
BOOKKEEPING = {"xl/workbook.xml", "xl/_rels/workbook.xml.rels", "[Content_Types].xml", "xl/calcChain.xml",
               "docProps/app.xml"}


def sheet_parts(path) -> dict[str, str]:
    """Sheet title -> zip member name of its worksheet XML."""
    import re
    with zipfile.ZipFile(path) as z:
        wb = z.read("xl/workbook.xml").decode()
        rels = z.read("xl/_rels/workbook.xml.rels").decode()
    targets = dict(re.findall(r'<Relationship[^>]*Id="([^"]+)"[^>]*Target="([^"]+)"', rels))
    targets.update({k: v for v, k in re.findall(r'<Relationship[^>]*Target="([^"]+)"[^>]*Id="([^"]+)"', rels)})
    out = {}
    for name, rid in re.findall(r'<sheet [^>]*name="([^"]+)"[^>]*r:id="([^"]+)"', wb):
        t = targets[rid].lstrip("/")
        out[name] = t if t.startswith("xl/") else "xl/" + t
    return out


def members(path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as z:
        return {i.filename: z.read(i) for i in z.infolist()}


def test_recompute_keeps_every_part_it_does_not_own(tmp_path, capsys):
    items = [done("1", "城关街道办事处", D(2026, 1, 20), D(2026, 1, 19), "好"),
             item("2", "东关街道办事处", D(2026, 1, 20)),
             done("3", "区发改局", D(2026, 1, 20), D(2026, 1, 22), "较好")]
    path = make_ledger(tmp_path / "台账.xlsm", items=items, decorate=True)
    before = members(path)
    assert "xl/vbaProject.bin" in before and any(n.startswith("xl/charts/") for n in before)
    assert main(["recompute", str(path), "--month", "2026-01", "--today", "2026-02-10"]) == 0
    after = members(path)
    parts = sheet_parts(path)
    owned = {parts[s.title] for s in schema.COMPUTED_SHEETS if s.title in parts}
    assert set(before) <= set(after)
    for name, data in before.items():
        if name in owned or name in BOOKKEEPING:
            continue
        assert after[name] == data, f"{name} changed"
    # the input sheets, VBA, drawings, chart, styles and shared strings are among the untouched parts
    untouched = set(before) - owned - BOOKKEEPING
    assert {"xl/vbaProject.bin", "xl/styles.xml", "xl/sharedStrings.xml", parts["周交办"], parts["我的图表"]} <= untouched
    assert any(n.startswith("xl/drawings/vmlDrawing") for n in untouched)  # the form button
    # and the computed sheets were really written
    assert read_raw(path).sheets["月讲评"][0][0] == "示范区2026年1月月度讲评"
    # the VBA project is still declared
    assert b"vbaProject" in after["[Content_Types].xml"]


def test_validate_touches_only_its_sheets(tmp_path):
    path = make_ledger(tmp_path / "v.xlsm", items=[item("1", "区住建委", D(2026, 1, 20))], decorate=True)
    before = members(path)
    assert main(["validate", str(path), "--today", "2026-02-10"]) == 1
    after = members(path)
    parts = sheet_parts(path)
    owned = {parts["校验结果"], parts["运行日志"]}
    changed = {n for n in before if after.get(n) != before[n]}
    assert changed <= owned | BOOKKEEPING
    assert parts["校验结果"] in set(after) - set(before) or parts["校验结果"] in changed


def test_user_column_stays_unlocked_on_the_protected_sheet(tmp_path):
    """处理决定 on 问责 is the user's: after a recompute its cells are still unlocked (template styles)."""
    import openpyxl

    from duban.template.builder import build_workbook

    from ledgers import unit_rows

    path = tmp_path / "t.xlsm"
    items = [done("1", "城关街道办事处", D(2026, 1, 20), D(2026, 1, 19), "好"),
             done("3", "西关街道办事处", D(2026, 1, 20), D(2026, 1, 19), "好"),
             done("4", "南关街道办事处", D(2026, 1, 20), D(2026, 1, 19), "好"),
             item("2", "东关街道办事处", D(2026, 1, 20), feedback=D(2026, 2, 9))]
    build_workbook(path, rows={"单位": unit_rows(), "领导": [["王建国", "区长", ""], ["李明", "副区长", ""]],
                               "周交办": items})
    assert main(["recompute", str(path), "--month", "2026-01", "--today", "2026-02-10"]) == 0
    wb = openpyxl.load_workbook(path, read_only=False)  # read only: never saved
    ws = wb["问责"]
    assert ws["A2"].value == "东关街道办事处" and ws.protection.sheet
    assert ws["F2"].protection.locked is False       # 处理决定
    assert ws["A2"].protection.locked is True
