"""One flow, two hosts: run.finish renders once and any host receives the same sheets; the
运行日志 row from RunEntry; the one guarded-action wrapper."""

from __future__ import annotations

import datetime as dt
import time

import pytest

from duban import hosts, run, schema
from duban.errors import BadArguments, FileBusy, guarded
from duban.model import RunEntry
from duban.read.book import read_book
from duban.render.sheets import run_log_grid

from ledgers import D, item, make_ledger, read_raw

TODAY = D(2026, 11, 27)
WHEN = dt.datetime(2026, 11, 27, 9, 30, 5)
GOLDEN_ROW = [WHEN, "重算排名", "督查室", "台账.xlsx", "事项 3 件，错误 0 处，警告 1 处", "完成，1 处警告", 1.25]


class MemoryHost:
    """A host that keeps what it is given."""

    def __init__(self):
        self.calls = []

    def write(self, grids, home):
        self.calls.append((grids, home))


def ledger_file(tmp_path):
    items = [item("2026-001", "区财政局", D(2026, 10, 20)), item("2026-002", "东关街道办事处", D(2026, 11, 5))]
    return make_ledger(tmp_path / "台账.xlsx", items=items,
                       extra_sheets={schema.HOME_TITLE: [["督办台账"]], schema.RUN_LOG.title:
                                     [schema.RUN_LOG.headers, GOLDEN_ROW[:6] + [0.5]]})


def shape(grids):
    return {t: (g.rows, g.heights) for t, g in grids.items()}


@pytest.mark.parametrize("score", [True, False], ids=["recompute", "validate"])
def test_file_host_and_memory_host_receive_the_same_sheets(tmp_path, monkeypatch, score):
    path = ledger_file(tmp_path)
    a = run.analyse(read_book(path), TODAY, "2026-10" if score else None, score=score)
    entry = RunEntry(WHEN, "重算排名" if score else "校验台账", "督查室", path.name, a.counts_text(),
                     run.result_text(a), 1.25)
    memory = MemoryHost()
    run.finish(a, entry, memory)
    sent = []
    real = hosts.write_parts
    monkeypatch.setattr(hosts, "write_parts", lambda p, g, **kw: sent.append((g, kw)) or real(p, g, **kw))
    file_host = hosts.FileHost(path, a.ledger.signature, a.sheet_titles)
    run.finish(a, entry, file_host)

    (grids, home), = memory.calls
    (file_grids, kw), = sent
    assert shape(file_grids) == shape(grids)
    assert kw["cell_patches"] == {schema.HOME_TITLE: home} and kw["expect"] == a.ledger.signature
    expected = [schema.FINDINGS.title, schema.RUN_LOG.title]
    if score:
        expected = [schema.MONTHLY.title, schema.MONTH_REVIEW.title, schema.ACCOUNTABILITY.title,
                    schema.ANNUAL.title, schema.STATS.title, schema.HISTORY.title] + expected
    assert list(grids) == expected
    assert home[schema.HOME_STATUS_CELLS["time"]] == WHEN
    assert home[schema.HOME_STATUS_CELLS["items"]] == 2
    # and the file now holds them: the run's row under the kept one, the 首页 status
    after = read_raw(path)
    log = after.sheets[schema.RUN_LOG.title]
    assert log[-1][1:] == [entry.action, "督查室", path.name, a.counts_text(), run.result_text(a), 1.25]
    assert log[-2][1] == "重算排名" and len(log) == 3
    r, c = schema.HOME_STATUS_CELLS["action"]
    assert after.sheets[schema.HOME_TITLE][r][c] == entry.action
    assert file_host.report is not None and file_host.report.backup is not None


def test_finish_times_the_run_up_to_the_write(tmp_path):
    a = run.analyse(read_book(ledger_file(tmp_path)), TODAY, score=False)
    entry = run.run_entry(a, "校验台账", "台账.xlsx", time.perf_counter() - 7)
    assert entry.seconds >= 7 and entry.counts == a.counts_text() and entry.result == run.result_text(a)
    entry.started = time.perf_counter() - 30
    grids = run.finish(a, entry, MemoryHost())
    assert 30 <= entry.seconds < 60
    assert grids[schema.RUN_LOG.title].rows[-1][6] == entry.seconds


def test_run_entry_renders_the_same_run_log_row_as_before(tmp_path):
    entry = RunEntry(WHEN, "重算排名", "督查室", "台账.xlsx", "事项 3 件，错误 0 处，警告 1 处", "完成，1 处警告", 1.25,
                     started=123.0)
    assert entry.row() == GOLDEN_ROW
    a = run.analyse(read_book(ledger_file(tmp_path)), TODAY, score=False)
    rows = run_log_grid(a.ledger, entry).rows
    assert rows[0] == schema.RUN_LOG.headers or [getattr(c, "value", c) for c in rows[0]] == schema.RUN_LOG.headers
    assert rows[1][1:] == GOLDEN_ROW[1:6] + [0.5] and rows[-1] == GOLDEN_ROW and len(rows) == 3


def test_run_entry_without_a_login_name(monkeypatch):
    import getpass

    def no_user():
        raise OSError("no login name")

    monkeypatch.setattr(getpass, "getuser", no_user)
    entry = RunEntry.now("校验台账", "台账.xlsx", "事项 0 件", "完成", seconds=0.123)
    assert entry.user == "" and entry.seconds == 0.12 and entry.time.microsecond == 0


@pytest.mark.parametrize("exc, code, message, unexpected", [
    (BadArguments("月份格式不对"), 2, "月份格式不对", False),
    (FileBusy("文件正在被 Excel 或 WPS 打开"), 2, "文件正在被 Excel 或 WPS 打开", False),
    (KeyboardInterrupt(), 2, "已中断", False),
    (ValueError("内部数据异常"), 2, "", True),
])
def test_guarded_keeps_the_failure_instead_of_raising(exc, code, message, unexpected):
    with guarded() as guard:
        raise exc
    assert guard.failure is not None and guard.failure.exc is exc
    assert (guard.failure.code, guard.failure.message, guard.failure.unexpected) == (code, message, unexpected)


def test_guarded_lets_exit_through_and_records_nothing_on_success():
    with pytest.raises(SystemExit), guarded():
        raise SystemExit(0)
    with guarded() as guard:
        pass
    assert guard.failure is None


def test_buttons_word_an_unexpected_failure_alike():
    from duban.errors import Failure
    from macros.excel import failed

    bug = Failure(ValueError("内部数据异常"), 2, "", unexpected=True)
    read = failed("重算排名", bug, writing=False).message
    assert read.startswith("重算排名未完成：程序出错（ValueError：内部数据异常）") and "未作改动" in read
    assert "可能不完整" in failed("重算排名", bug, writing=True).message
    loop = failed("汇总答卷", bug).message
    assert "未作改动" not in loop and "可能不完整" not in loop and "技术支持" in loop
    assert failed("汇总答卷", Failure(BadArguments("找不到答卷文件夹"), 2, "找不到答卷文件夹")).message == \
        "汇总答卷未完成：找不到答卷文件夹"
