"""The bad-input corpus (tests/bad_inputs): every case gives its documented exit code and a Chinese
message, never a traceback, and loses nothing: refused files stay byte-identical, and a run that
writes its results leaves every part people type in byte-identical."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from duban import schema
from duban.commands.main import main

from bad_inputs import build
from bad_inputs.cases import CASES, RECOMPUTE, VALIDATE, Case, rows_of

CJK = re.compile(r"[\u4e00-\u9fff]")
COMPUTED = {s.title for s in schema.COMPUTED_SHEETS}
# Workbook-level parts a write may change (they list the sheets); everything else is copied as it was.
SHEET_LISTS = {"xl/workbook.xml", "xl/_rels/workbook.xml.rels", "[Content_Types].xml", "xl/calcChain.xml"}


def run(capsys, argv, path: Path) -> tuple[int, str]:
    code = main([a.replace("{file}", str(path)) for a in argv])
    out = capsys.readouterr()
    return code, out.out + out.err


def snapshot(path: Path):
    if path.is_dir():
        return ("dir", sorted(p.name for p in path.iterdir()))
    data = path.read_bytes()
    try:
        return ("zip", data, build.members(path), build.sheet_parts(path))
    except Exception:  # not a readable zip: compare the bytes only
        return ("bytes", data)


def assert_kept(case: Case, path: Path, before) -> None:
    if before[0] == "dir":
        assert path.is_dir() and sorted(p.name for p in path.iterdir()) == before[1]
        return
    if case.keep == "file":
        assert path.read_bytes() == before[1], "the file changed although the run was refused"
        return
    _kind, _data, old, parts = before
    owned = {parts[t] for t in parts if t in COMPUTED} | SHEET_LISTS
    new = build.members(path)
    for name, data in old.items():
        if name not in owned:
            assert new.get(name) == data, f"{name} changed"
    for title, part in parts.items():  # said once more, by sheet: the sheets people type in
        if title not in COMPUTED:
            assert new[part] == old[part], f"input sheet {title} changed"
    added = set(new) - set(old)
    added_parts = set(build.sheet_parts(path).values()) - set(parts.values())
    assert added <= added_parts, added - added_parts


def assert_finding(case: Case, path: Path) -> None:
    level, sheet, cell = case.finding
    rows = rows_of(path, schema.FINDINGS.title)
    assert rows[2][:6] == schema.FINDINGS.headers   # under the title and the summary line
    hits = [r for r in rows[3:] if r[:3] == [level, sheet, cell]]
    assert hits, f"no {level} at {sheet}!{cell} on 校验结果: {rows[3:]}"
    assert any(case.phrase in str(r[4]) + str(r[5]) for r in hits), hits


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.startswith(".~duban") or p.suffix == ".tmp")


def test_corpus_size_and_ids():
    ids = [c.id for c in CASES]
    assert len(ids) >= 50 and len(set(ids)) == len(ids)
    assert {c.exit for c in CASES} == {0, 1, 2}


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.id)
def test_bad_input(case: Case, tmp_path, capsys):
    path = case.build(tmp_path)
    before = snapshot(path)
    code, out = run(capsys, case.argv, path)
    assert "Traceback" not in out and "程序出错" not in out, out
    assert CJK.search(out), out
    assert code == case.exit, out[-3000:]
    if case.finding:
        assert_finding(case, path)
    else:
        assert case.phrase in out, out[-3000:]
    assert_kept(case, path, before)
    assert leftovers(tmp_path) == []
    if case.exit == 1 and case.argv == RECOMPUTE:  # the ranking sheet itself says it rests on errors
        review = rows_of(path, schema.MONTH_REVIEW.title)
        assert any("处数据错误" in str(r[0]) for r in review[:4]), review[:4]
    if case.check:
        case.check(path, out)


# Each kind of SPEC §4 problem the sample generator knows (workbook.sample.DIRTY_KINDS) -> corpus cases.
SPEC_KINDS = {
    "missing_required": ["missing_content", "missing_deadline", "missing_leader", "review_missing_description"],
    "unknown_unit": ["unknown_lead_unit", "unknown_co_unit"],
    "two_lead_units": ["two_lead_units"],
    "unknown_leader": ["unknown_leader"],
    "unreadable_date": ["invalid_date", "unreadable_date", "boolean_date", "negative_serial_date",
                        "error_value_in_date"],
    "deadline_before_assignment": ["deadline_before_assignment"],
    "done_without_date": ["done_without_date"],
    "completion_in_future": ["completion_in_future"],
    "completion_before_assignment": ["completion_before_assignment"],
    "bad_status": ["bad_status", "bad_category"],
    "bad_grade": ["bad_grade"],
    "duplicate_id": ["duplicate_id"],
    "meeting_not_monday": ["meeting_not_on_weekday"],
    "period_two_dates": ["period_two_dates"],
    "likely_duplicate": ["likely_duplicate"],
    "stale_progress": ["no_progress_for_weeks", "stale_feedback"],
    "completion_on_open": ["completion_date_on_open_item"],
    "stray_characters": ["trailing_space_in_unit", "fullwidth_space_in_co_unit"],
    "text_date": ["text_date_dots", "text_date_slashes", "text_date_chinese", "text_date_month_day"],
    "review_bad_status": ["review_bad_status"],
    "review_resolved_without_date": ["review_resolved_without_date"],
    "adjustment_unknown_unit": ["adjustment_unknown_unit"],
    "adjustment_over_cap": ["adjustment_over_cap"],
    "month_text_formats": ["adjustment_month_as_text", "adjustment_month_as_date"],
}


def test_every_spec_problem_has_a_case():
    from workbook.sample import DIRTY_KINDS
    ids = {c.id for c in CASES}
    assert {k.kind for k in DIRTY_KINDS} <= set(SPEC_KINDS)
    for kind, case_ids in SPEC_KINDS.items():
        assert set(case_ids) <= ids, kind


# Refused when reading (open_in_excel is refused only when writing); the two big bombs take seconds to build.
REFUSED = [c for c in CASES if c.exit == 2 and c.argv == RECOMPUTE
           and c.id not in ("open_in_excel", "zip_bomb_ratio", "zip_bomb_understated")]


@pytest.mark.parametrize("argv", [VALIDATE, RECOMPUTE + ("--dry-run",),
                                  ("publish", "{file}", "--month", "2026-01", "--today", "2026-02-10")],
                         ids=["validate", "dry-run", "publish"])
@pytest.mark.parametrize("case", REFUSED, ids=lambda c: c.id)
def test_refused_by_every_command(case: Case, argv, tmp_path, capsys):
    """What recompute refuses, validate, a dry run and publish refuse alike, leaving the bytes."""
    path = case.build(tmp_path)
    before = snapshot(path)
    code, out = run(capsys, argv, path)
    assert code == 2 and case.phrase in out and "Traceback" not in out and "程序出错" not in out, out
    assert snapshot(path) == before


def test_clean_base_has_no_findings(tmp_path, capsys):
    path = build.ledger(tmp_path)
    code, out = run(capsys, RECOMPUTE, path)
    assert code == 0 and "校验通过" in out
    rows = rows_of(path, schema.FINDINGS.title)
    assert rows[1][0].startswith("未发现错误或警告") and rows[3:] == []


def test_ole_builders_make_real_compound_files(tmp_path):
    """The old .xls, the .doc and the encrypted workbook are genuine OLE2 files, not byte patterns."""
    import msoffcrypto
    import olefile

    from bad_inputs.cases import encrypted, old_doc, old_xls
    folders = [tmp_path / n for n in "abc"]
    for f in folders:
        f.mkdir()
    with olefile.OleFileIO(str(old_xls(folders[0]))) as ole:
        assert ole.exists("Workbook") and ole.openstream("Workbook").read(4) == b"\x09\x08\x10\x00"
    with olefile.OleFileIO(str(old_doc(folders[1]))) as ole:
        assert ole.exists("WordDocument")
    p = encrypted(folders[2])
    with open(p, "rb") as f:
        assert msoffcrypto.OfficeFile(f).is_encrypted()
    with olefile.OleFileIO(str(p)) as ole:
        assert ole.exists("EncryptionInfo") and ole.exists("EncryptedPackage")


@pytest.mark.slow
def test_200k_items_recompute_under_2_gib(tmp_path):
    """SPEC-scale ledger: bench/bench_memory.py at 200,000 items; exits 1 over 2 GiB or on a failed run."""
    import subprocess
    import sys
    root = Path(__file__).resolve().parents[2]
    done = subprocess.run([sys.executable, str(root / "bench" / "bench_memory.py"), "--keep", str(tmp_path)],
                          capture_output=True, text=True, timeout=1800)
    print(done.stdout)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "under the 2048 MiB limit" in done.stdout


def test_huge_value_keeps_the_whole_finding_sentence(tmp_path, capsys):
    case = next(c for c in CASES if c.id == "huge_unit_name")
    path = case.build(tmp_path)
    run(capsys, case.argv, path)
    rows = [r for r in rows_of(path, schema.FINDINGS.title)[1:] if r[2] == "E3"]
    assert rows and rows[0][4].endswith("不在单位名单中")
