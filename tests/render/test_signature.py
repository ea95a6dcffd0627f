"""One office name (issue 18): the 署名 setting every document signs with, `duban new --name`, and the
two settings of earlier templates (督办机构 for 交办单/催办, 通报落款 for the 通报) read as one."""

from __future__ import annotations

import contextlib
import io

from duban import schema
from duban.commands.main import main
from duban.read import params
from duban.read.book import read_book


def run_cli(*argv) -> tuple[int, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main([str(a) for a in argv])
    return code, out.getvalue() + err.getvalue()


def basic_rows(**values) -> list[list]:
    """【基本设置】 of the template with some values typed (keys may be old ones the template no longer has)."""
    rows = [list(r) for r in params.template_rows()]
    at = next(i for i, r in enumerate(rows) if r and r[0] == "区县名称")
    for key, value in values.items():
        row = next((r for r in rows if r and r[0] == key), None)
        if row is None:
            rows.insert(at + 1, [key, value, ""])
        else:
            row[1] = value
    return rows


def test_default_signature_is_one_name():
    s = params.default_settings()
    assert s.signature == s.office == s.issuer == "示范区督查室"
    assert s.default_name
    assert "仍署名“示范区督查室”" in params.default_name_note(s)


def test_signature_follows_the_district_and_can_be_set():
    s, findings = params.read_settings(basic_rows(区县名称="红旗县"))
    assert (s.signature, s.default_name, findings) == ("红旗县督查室", False, [])
    assert params.default_name_note(s) == ""
    s, _ = params.read_settings(basic_rows(区县名称="红旗县", 署名="红旗县委督查室"))
    assert s.signature == s.office == s.issuer == "红旗县委督查室"


def test_the_two_old_settings_are_read_as_the_signature():
    s, findings = params.read_settings(basic_rows(区县名称="红旗县", 通报落款="红旗县督查委"))
    assert (s.signature, findings) == ("红旗县督查委", [])
    s, findings = params.read_settings(basic_rows(区县名称="红旗县", 督办机构="红旗县委督查室", 通报落款="红旗县督查委"))
    assert s.signature == "红旗县委督查室"               # the one 交办单 and 催办 used; said once
    (f,) = findings
    assert f.level == "警告" and "署名" in f.suggestion and "红旗县督查委" in f.message
    # 署名 wins over both, without a warning
    s, findings = params.read_settings(basic_rows(署名="红旗县督查室", 督办机构="甲", 通报落款="乙"))
    assert (s.signature, findings) == ("红旗县督查室", [])


def test_template_has_one_name_setting():
    keys = [r[0] for r in params.template_rows()[2:] if r]
    assert "署名" in keys and "督办机构" not in keys and "通报落款" not in keys


def test_new_with_a_name(tmp_path):
    path = tmp_path / "红旗县.xlsx"
    code, text = run_cli("new", path, "--name", " 红旗县 ")
    assert code == 0, text
    assert "文书署名：红旗县督查室" in text
    s, findings = params.read_settings(read_book(path).grid(schema.PARAMS.title))
    assert (s.district, s.signature, s.default_name) == ("红旗县", "红旗县督查室", False)
    assert read_book(path).grid(schema.HOME_TITLE)[0][1] == "红旗县督办台账"


def test_new_without_a_name_says_so_and_a_bad_name_is_refused(tmp_path):
    code, text = run_cli("new", tmp_path / "a.xlsx")
    assert code == 0 and "仍是模板的“示范区”" in text and "--name" in text
    code, text = run_cli("new", tmp_path / "b.xlsx", "--name", "  ")
    assert code == 2 and "--name 红旗县" in text and not (tmp_path / "b.xlsx").exists()
