"""统计: the published figures of one district (26 meetings, 3,913 items, 3,714 done -> 94.9%)."""

from __future__ import annotations

import datetime as dt

from duban.commands.main import main

from ledgers import D, done, item, make_ledger, read_raw


def district_items() -> list[list]:
    """26 Monday meetings; 3,913 items, of which the first 3,714 are completed."""
    units = ["城关街道办事处", "东关街道办事处", "区发改局", "区财政局"]
    rows = []
    for n in range(3913):
        period = n % 26 + 1
        assigned = D(2026, 1, 5) + dt.timedelta(weeks=period - 1)
        deadline = assigned + dt.timedelta(days=14)
        unit = units[n % 4]
        if n < 3714:
            rows.append(done(f"{n + 1:05d}", unit, deadline, deadline, period=period, assigned=assigned))
        else:
            rows.append(item(f"{n + 1:05d}", unit, deadline, period=period, assigned=assigned,
                             feedback=D(2026, 11, 20)))
    return rows


def test_published_completion_rate(tmp_path):
    path = make_ledger(tmp_path / "district.xlsx", items=district_items())
    code = main(["recompute", str(path), "--month", "2026-10", "--today", "2026-11-27"])
    assert code == 0
    stats = read_raw(path).sheets["统计"]
    overview = {row[0]: row[1] for row in stats[3:11] if row and row[0]}
    assert overview["例会次数"] == 26
    assert overview["交办事项"] == 3913
    assert overview["已办结"] == 3714
    assert overview["办结率"] == 94.9
    # the per 期次 section: title on row 105, header A106, first row A107 (the ledger keeps room for each
    # table's capacity: overview and 交办领导 to row 46, 类别 to 79, 研判类别 to 103):
    # 期次 1 held on 2026-01-05 with 151 items (3913 = 26*150 + 13)
    # (a ledger without the template's hidden style sheet may show the date as its serial number)
    assert stats[104][0] == "各期交办事项完成情况" and stats[105][:3] == ["期次", "交办日期", "交办事项"]
    assert stats[106][0] == 1 and stats[106][1] in (46027.0, "2026-01-05", dt.date(2026, 1, 5)) \
        and stats[106][2] == 151
    bulletin = "".join(str(r[0]) for r in read_raw(path).sheets["月讲评"] if r and r[0])
    assert "召开周交办例会26次" in bulletin and "交办重点事项3913件" in bulletin and "办结率94.9%" in bulletin
