"""Dirty data: the deliberate problems `generate(dirty=True)` injects, at least one of each kind of SPEC §4."""

from __future__ import annotations

import datetime as dt
import random
from typing import Any, NamedTuple

from duban import schema
from workbook.sample.generator import D, Generator, Rows, weekday_back
from workbook.sample.words import DOING, DONE


class DirtyKind(NamedTuple):
    kind: str
    sheet: str
    header: str
    level: str  # 错误 | 警告 | 无 (readable alternative format)
    description: str


DIRTY_KINDS: list[DirtyKind] = [
    DirtyKind("missing_required", "周交办", "事项内容", "错误", "必填字段为空：事项内容、完成时限、交办领导各一行"),
    DirtyKind("unknown_unit", "周交办", "牵头单位", "错误", "牵头单位不在单位名单中的近似名称：“区住建委”“城关街到办事处”"),
    DirtyKind("two_lead_units", "周交办", "牵头单位", "错误", "牵头单位写了两个单位：“区住建局、区城管局”"),
    DirtyKind("unknown_leader", "周交办", "交办领导", "错误", "交办领导写成“姓+区长”，不在领导名单中"),
    DirtyKind("unreadable_date", "周交办", "完成时限", "错误", "无法识别的日期“2026-13-45”"),
    DirtyKind("deadline_before_assignment", "周交办", "完成时限", "错误", "完成时限早于交办日期"),
    DirtyKind("done_without_date", "周交办", "完成日期", "错误", "办理状态为已完成但未填完成日期"),
    DirtyKind("completion_in_future", "周交办", "完成日期", "错误", "完成日期晚于今天"),
    DirtyKind("completion_before_assignment", "周交办", "完成日期", "错误", "完成日期早于交办日期"),
    DirtyKind("bad_status", "周交办", "办理状态", "错误", "办理状态“已办结”不在可选范围内"),
    DirtyKind("bad_grade", "周交办", "点评等次", "错误", "点评等次“优秀”不在可选范围内"),
    DirtyKind("duplicate_id", "周交办", "编号", "错误", "两条不同事项使用了同一编号"),
    DirtyKind("meeting_not_monday", "周交办", "交办日期", "警告", "一整期例会改在星期三召开（交办日期均为星期三）"),
    DirtyKind("period_two_dates", "周交办", "交办日期", "警告", "同一期次中有一行交办日期不同（早一周）"),
    DirtyKind("likely_duplicate", "周交办", "事项内容", "警告", "同一牵头单位、同一事项内容以新编号再次登记"),
    DirtyKind("stale_progress", "周交办", "本周进展", "警告", "未办结事项超过 7 天没有反馈，或交办数周仍无进展"),
    DirtyKind("completion_on_open", "周交办", "完成日期", "警告", "推进中的事项填写了完成日期"),
    DirtyKind("stray_characters", "周交办", "牵头单位", "警告",
              "名称带多余空格或全角字符：“区财政局 ”（尾部空格）、“区　民政局”（全角空格，配合单位）、“王　强”式领导姓名"),
    DirtyKind("text_date", "周交办", "完成时限", "警告", "文本日期：“2026.3.9”“2026/3/9”“2026年3月9日”“3月9日”"),
    DirtyKind("review_bad_status", "周研判", "化解状态", "错误", "化解状态“基本化解”不在可选范围内"),
    DirtyKind("review_resolved_without_date", "周研判", "化解日期", "错误", "化解状态为已化解但未填化解日期"),
    DirtyKind("adjustment_unknown_unit", "加减分", "单位", "错误", "加减分单位“区发展委”不在单位名单中"),
    DirtyKind("adjustment_over_cap", "加减分", "分值", "错误", "单条加减分 15 分，超过上限 ±10"),
    DirtyKind("month_text_formats", "加减分", "月份", "无", "月份写成“2026年3月”或该月中的一个日期（应能读取）"),
]


class Injection(NamedTuple):
    """Where one deliberate problem was put: data row index (0 = first row under the header)."""

    kind: str
    sheet: str
    row: int
    header: str
    value: Any


_I = {c.name: i for i, c in enumerate(schema.ITEMS.columns)}
_R = {c.name: i for i, c in enumerate(schema.REVIEWS.columns)}


class Dirt:
    def __init__(self, rng: random.Random, out: dict[str, Rows], gen: Generator):
        self.rng = rng
        self.out = out
        self.gen = gen
        self.items = out[schema.ITEMS.title]
        self.used: set[int] = set()
        self.log: list[Injection] = []
        self.today = gen.today

    def note(self, kind: str, sheet: str, row: int, field: str, value: Any) -> None:
        sheet_def = schema.BY_TITLE[sheet]
        self.log.append(Injection(kind, sheet, row, sheet_def.column(field).header, value))

    def pick(self, cond=lambda r: True, prefer=None) -> int:
        """A fresh item row index matching cond (and prefer, if any matches)."""
        idx = [i for i, r in enumerate(self.items) if i not in self.used and cond(r)]
        if prefer is not None:
            better = [i for i in idx if prefer(self.items[i])]
            idx = better or idx
        if not idx:
            raise RuntimeError("no row left to inject into")
        i = self.rng.choice(idx)
        self.used.add(i)
        return i

    def set(self, kind: str, i: int, field: str, value: Any) -> None:
        self.items[i][_I[field]] = value
        self.note(kind, schema.ITEMS.title, i, field, value)

    def inject(self) -> list[Injection]:
        it = self.items
        today = self.today
        col = _I
        done = lambda r: r[col["status"]] == DONE  # noqa: E731
        open_ = lambda r: r[col["status"]] != DONE  # noqa: E731
        unit_is = lambda name: (lambda r: r[col["lead_unit"]] == name)  # noqa: E731
        names = {u.name for u in self.gen.units}
        office0 = self.gen.units[0].name  # 城关街道办事处
        typo0 = office0.replace("街道", "街到")  # 城关街到办事处 (城关街道办 is a standard short form)

        # a whole meeting moved to Wednesday (do it first: it shifts dates of its rows)
        periods = sorted({r[col["period"]] for r in it})
        wed_period = periods[len(periods) // 2]
        wed_rows = [i for i, r in enumerate(it) if r[col["period"]] == wed_period]
        monday = it[wed_rows[0]][col["assigned"]]
        wednesday = monday + D(days=2)
        for i in wed_rows:
            r = it[i]
            r[col["assigned"]] = wednesday
            for f in ("completed", "feedback_date"):
                if r[col[f]] is not None and r[col[f]] < wednesday:
                    r[col[f]] = min(wednesday, today)
            self.used.add(i)
        self.note("meeting_not_monday", schema.ITEMS.title, wed_rows[0], "assigned", wednesday)

        # missing required fields
        self.set("missing_required", self.pick(), "content", None)
        self.set("missing_required", self.pick(), "deadline", None)
        self.set("missing_required", self.pick(), "leader", None)
        # unknown units (near misses) and two lead units
        jian = "区住建局" if "区住建局" in names else self.gen.units[-1].name
        self.set("unknown_unit", self.pick(prefer=unit_is(jian)), "lead_unit", "区住建委" if jian == "区住建局" else jian + "委")
        self.set("unknown_unit", self.pick(prefer=unit_is(office0)), "lead_unit", typo0)
        other = "区城管局" if "区城管局" in names else self.gen.units[1].name
        self.set("two_lead_units", self.pick(prefer=unit_is(jian)), "lead_unit", f"{jian}、{other}")
        # unknown leader: "张区长" instead of the name
        deputy = self.gen.leaders[2][0]
        self.set("unknown_leader", self.pick(prefer=lambda r: r[col["leader"]] == deputy), "leader", deputy[0] + "区长")
        # dates
        self.set("unreadable_date", self.pick(), "deadline", f"{self.gen.year}-13-45")
        i = self.pick(open_)
        self.set("deadline_before_assignment", i, "deadline", it[i][col["assigned"]] - D(days=4))
        self.set("done_without_date", self.pick(done), "completed", None)
        i = self.pick(done)
        self.set("completion_in_future", i, "completed", today + D(days=5))
        i = self.pick(done)
        self.set("completion_before_assignment", i, "completed", it[i][col["assigned"]] - D(days=3))
        # vocabularies
        self.set("bad_status", self.pick(done), "status", "已办结")
        self.set("bad_grade", self.pick(lambda r: r[col["grade"]] is not None), "grade", "优秀")
        # duplicate id: the next row of the same meeting carries the previous row's number
        pairs = [k for k in range(len(it) - 1)
                 if k not in self.used and k + 1 not in self.used
                 and it[k][col["period"]] == it[k + 1][col["period"]] != wed_period]
        i = self.rng.choice(pairs)
        self.used.update((i, i + 1))
        self.set("duplicate_id", i + 1, "id", it[i][col["id"]])
        # a row of a meeting dated a week early
        i = self.pick(lambda r: r[col["period"]] not in (1, wed_period))
        self.set("period_two_dates", i, "assigned", it[i][col["assigned"]] - D(days=7))
        # no answer for weeks
        i = self.pick(lambda r: open_(r) and r[col["assigned"]] <= today - D(days=28))
        stale = weekday_back(max(it[i][col["assigned"]] + D(days=1), today - D(days=20)))
        self.set("stale_progress", i, "feedback_date", stale)
        i = self.pick(lambda r: open_(r) and r[col["assigned"]] <= today - D(days=21))
        it[i][col["feedback_date"]] = None
        self.set("stale_progress", i, "progress", None)
        # completion date on an open item
        i = self.pick(lambda r: r[col["status"]] == DOING and r[col["assigned"]] <= today - D(days=10))
        self.set("completion_on_open", i, "completed", weekday_back(today - D(days=3)))
        # stray characters
        fin = "区财政局" if "区财政局" in names else self.gen.units[-2].name
        self.set("stray_characters", self.pick(prefer=unit_is(fin)), "lead_unit", fin + " ")
        civ = "区民政局" if "区民政局" in names else self.gen.units[-3].name
        self.set("stray_characters", self.pick(), "co_units", civ[0] + "\u3000" + civ[1:])
        two = next((n for n, _t, _a in self.gen.leaders if len(n) == 2), self.gen.leaders[2][0])
        self.set("stray_characters", self.pick(prefer=lambda r: r[col["leader"]] == two), "leader",
                 two[0] + "\u3000" + two[1:])
        # dates typed as text
        i = self.pick()
        d = it[i][col["deadline"]]
        self.set("text_date", i, "deadline", f"{d.year}.{d.month}.{d.day}")
        i = self.pick(done)
        d = it[i][col["completed"]]
        self.set("text_date", i, "completed", f"{d.year}/{d.month}/{d.day}")
        i = self.pick()
        d = it[i][col["assigned"]]
        self.set("text_date", i, "assigned", f"{d.year}年{d.month}月{d.day}日")
        i = self.pick()
        d = it[i][col["deadline"]]
        if d.year == self.gen.year:
            self.set("text_date", i, "deadline", f"{d.month}月{d.day}日")
        # a likely duplicate: the same item entered again under the next number of its meeting
        i = self.pick(lambda r: r[col["period"]] != wed_period)
        period = it[i][col["period"]]
        last = max(k for k, r in enumerate(it) if r[col["period"]] == period)
        seqs = [str(r[col["id"]]).rpartition("-") for r in it if r[col["period"]] == period]
        prefix, _, seq = it[last][col["id"]].rpartition("-")
        top = max(int(s) for p_, _s, s in seqs if p_ == prefix and s.isdigit())
        copy = list(it[i])
        copy[col["id"]] = f"{prefix}-{top + 1:0{len(seq)}d}"
        it.insert(last + 1, copy)
        # indexes after the insertion point shift by one
        self.log = [inj._replace(row=inj.row + 1) if inj.sheet == schema.ITEMS.title and inj.row > last else inj
                    for inj in self.log]
        self.note("likely_duplicate", schema.ITEMS.title, last + 1, "content", copy[_I["content"]])

        # 周研判
        rv = self.out[schema.REVIEWS.title]
        ridx = [k for k, r in enumerate(rv) if r[_R["status"]] == "已化解"]
        a, b = self.rng.sample(ridx, 2)
        rv[a][_R["status"]] = "基本化解"
        self.note("review_bad_status", schema.REVIEWS.title, a, "status", "基本化解")
        rv[b][_R["resolved"]] = None
        self.note("review_resolved_without_date", schema.REVIEWS.title, b, "resolved", None)

        # 加减分
        adj = self.out[schema.ADJUSTMENTS.title]
        month = adj[len(adj) // 2][0] if adj else f"{self.gen.year}-01"
        adj.append([month, "区发展委", 2,   # 区发改委 is a standard spelling of 区发改局
                    "项目谋划工作获市级通报表扬",
                    f"市政府督查室督查通报第{self.rng.randint(1, 30)}期", adj[0][5] if adj else None])
        self.note("adjustment_unknown_unit", schema.ADJUSTMENTS.title, len(adj) - 1, "unit", adj[-1][1])
        u = self.rng.choice([x for x in self.gen.units if x.evaluated])
        adj.append([month, u.name, 15, "获得国家级表彰", f"区委督查委通报〔{self.gen.year}〕{self.rng.randint(1, 30)}号",
                    adj[0][5] if adj else None])
        self.note("adjustment_over_cap", schema.ADJUSTMENTS.title, len(adj) - 1, "points", 15)
        if len(adj) >= 4:
            y, m = (int(x) for x in adj[1][0].split("-"))
            adj[1][0] = f"{y}年{m}月"
            self.note("month_text_formats", schema.ADJUSTMENTS.title, 1, "month", adj[1][0])
            y, m = (int(x) for x in adj[2][0].split("-"))
            adj[2][0] = dt.date(y, m, 15)
            self.note("month_text_formats", schema.ADJUSTMENTS.title, 2, "month", adj[2][0])
        return self.log
