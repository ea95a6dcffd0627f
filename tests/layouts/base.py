"""The base ledger every layout starts from, and its result worked out by hand.

Evaluated month 2026-10 (M_start 10-01, M_end 10-31), today 2026-11-10, 考评年度 2026,
default 参数 (SPEC §3): weights 办结率 40 / 按时率 30 / 点评质量 30; grades 好 100,
较好 85, 一般 70, 差 50; 办事处 奖励 2, 表态发言 1; 区直单位 奖励 3, 表态发言 2;
加减分 cap ±10.

Units: 4 办事处 (城关/东关/西关/南关街道办事处) and 5 区直单位 (区发改局, 区财政局,
区住建局, 区城管局, 区教体局). Four meetings (all Mondays, 期次 = week of the year
counted from 2026-01-05): 第37期 9月14日, 第39期 9月28日, 第41期 10月12日, 第44期 11月2日.
24 items; the table below is the ledger (dl = 完成时限, adj = 调整后时限, done = 完成日期).

 编号 期 交办    领导   牵头单位  dl     adj    状态   done   等次
 001 37 09-14 王建国 南关     09-20         已完成 09-18  —
 002 37 09-14 王建国 西关     09-30         已完成 10-08  一般
 003 37 09-14 王建国 城关     10-15         已完成 10-14  好
 004 37 09-14 王建国 区发改局 10-09         已完成 10-09  好
 005 37 09-14 王建国 东关     10-10         已完成 10-09  好
 006 39 09-28 李明   城关     10-20         已完成 10-25  较好
 007 39 09-28 李明   东关     10-16  10-30  已完成 10-28  较好
 008 39 09-28 李明   南关     10-12         已完成 10-12  较好
 009 39 09-28 李明   区财政局 10-16         已完成 10-15  较好
 010 39 09-28 李明   区住建局 10-19         已完成 10-23  一般
 011 39 09-28 李明   区城管局 10-14         已完成 10-13  好
 012 39 09-28 李明   区教体局 10-21         已完成 10-20  一般
 013 39 09-28 李明   西关     10-22         已完成 10-20  差
 014 41 10-12 王建国 城关     10-31         推进中
 015 41 10-12 王建国 西关     10-31         已完成 11-03  —
 016 41 10-12 王建国 南关     10-30         已完成 10-29  —
 017 41 10-12 王建国 区发改局 10-23         已完成 10-21  好
 018 41 10-12 王建国 区发改局 10-30         推进中
 019 41 10-12 王建国 区财政局 10-26         已完成 10-26  较好
 020 41 10-12 王建国 区住建局 10-31         推进中
 021 41 10-12 王建国 区城管局 10-28         已完成 10-30  较好
 022 41 10-12 王建国 区教体局 11-20         推进中
 023 44 11-02 李明   东关     11-27         推进中
 024 44 11-02 李明   区财政局 11-30         推进中
 加减分: 2026-10 区城管局 +3.

Hand-worked October (D 应办结, C 已办结, T 按时办结, q 点评质量 = mean grade of graded items of C;
base = (40·办结率 + 30·按时率 + 30·q) / 100, every component present):

 城关 003 (dl 10-15, done 10-14 好: D C T), 006 (dl 10-20, done 10-25 较好: D C, late),
      014 (dl 10-31, open: D) -> D3 C2 T1, q (100+85)/2 = 92.5;
      0.4·66.667 + 0.3·33.333 + 0.3·92.5 = 26.667 + 10 + 27.75 = 64.4167 -> 64.42
 东关 005 (dl 10-10, done 10-09 好), 007 (dl 10-16 but 调整后时限 10-30, done 10-28 较好: on time
      only through the extension) -> D2 C2 T2, q 92.5; 40 + 30 + 27.75 = 97.75.
      (023 is due in November.)  Without the extension T1: 40 + 15 + 27.75 = 82.75.
 西关 002 (dl 09-30, not done before 10-01: carried overdue; done 10-08 一般: D C, late),
      013 (dl 10-22, done 10-20 差: D C T), 015 (dl 10-31, done 11-03: D, not C, not T)
      -> D3 C2 T1, q (70+50)/2 = 60; 26.667 + 10 + 18 = 54.6667 -> 54.67
 南关 008 (dl 10-12, done 10-12 较好: D C T), 016 (dl 10-30, done 10-29, no grade: D C T);
      001 was done in September (not in D) -> D2 C2 T2, q 85; 40 + 30 + 25.5 = 95.50
 办事处: 东关 97.75 (1), 南关 95.50 (2), 城关 64.42 (3), 西关 54.67 (4).
      奖励 = fewer than 2 strictly above: 东关, 南关. 表态发言 = fewer than 1 strictly below: 西关.
      末位: 西关.

 区发改局 004 (dl 10-09, done 10-09 好), 017 (dl 10-23, done 10-21 好), 018 (dl 10-30, open)
      -> D3 C2 T2, q 100; 26.667 + 20 + 30 = 76.6667 -> 76.67
 区财政局 009 (dl 10-16, done 10-15 较好), 019 (dl 10-26, done 10-26 较好) -> D2 C2 T2, q 85;
      40 + 30 + 25.5 = 95.50   (024 is due in November)
 区住建局 010 (dl 10-19, done 10-23 一般: late), 020 (dl 10-31, open) -> D2 C1 T0, q 70;
      20 + 0 + 21 = 41.00
 区城管局 011 (dl 10-14, done 10-13 好), 021 (dl 10-28, done 10-30 较好: late) -> D2 C2 T1, q 92.5;
      40 + 15 + 27.75 = 82.75, 加减分 +3 -> 85.75
 区教体局 012 (dl 10-21, done 10-20 一般); 022 is due in November -> D1 C1 T1, q 70;
      40 + 30 + 21 = 91.00
 区直单位: 区财政局 95.50 (1), 区教体局 91.00 (2), 区城管局 85.75 (3), 区发改局 76.67 (4),
      区住建局 41.00 (5). 奖励 (fewer than 3 above): ranks 1–3. 表态发言 (fewer than 2 strictly
      below, not rewarded): 区发改局, 区住建局. 末位: 区住建局.

Statistics as at 2026-10-31 (the 通报 of the October report, SPEC §3): 3 meetings, 22 items,
17 completed (every 已完成 but 015, done 11-03).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from duban import schema
from duban.read import params

TODAY = "2026-11-10"
MONTH = "2026-10"


def D(m: int, d: int) -> dt.date:
    return dt.date(2026, m, d)


OFFICES = ["城关街道办事处", "东关街道办事处", "西关街道办事处", "南关街道办事处"]
DEPARTMENTS = ["区发改局", "区财政局", "区住建局", "区城管局", "区教体局"]
GC, DG, XG, NG = OFFICES
FG, CZ, ZJ, CG, JT = DEPARTMENTS
LEADERS = [["王建国", "区长", "全面工作"], ["李明", "副区长", "城建、财政"]]

MEETINGS = {37: D(9, 14), 39: D(9, 28), 41: D(10, 12), 44: D(11, 2)}
LEADER_OF = {37: "王建国", 39: "李明", 41: "王建国", 44: "李明"}

# 编号, 期次, 牵头单位, 事项内容, 事项类别, 完成时限, 调整后时限, 完成日期 (None: open), 点评等次, 配合单位
_ROWS = [
    ("001", 37, NG, "背街小巷路灯维修", "城市管理", D(9, 20), None, D(9, 18), None, ""),
    ("002", 37, XG, "农贸市场周边环境整治", "城市管理", D(9, 30), None, D(10, 8), "一般", "区城管局"),
    ("003", 37, GC, "老旧小区改造项目开工", "重点项目", D(10, 15), None, D(10, 14), "好", "区住建局"),
    ("004", 37, FG, "重点项目季度调度报告", "重点项目", D(10, 9), None, D(10, 9), "好", ""),
    ("005", 37, DG, "辖区消防通道清理", "安全生产", D(10, 10), None, D(10, 9), "好", ""),
    ("006", 39, GC, "节日期间安全生产检查", "安全生产", D(10, 20), None, D(10, 25), "较好", ""),
    ("007", 39, DG, "雨污分流管网改造", "生态环保", D(10, 16), D(10, 30), D(10, 28), "较好", "区住建局"),
    ("008", 39, NG, "社区养老服务站建设", "民生实事", D(10, 12), None, D(10, 12), "较好", ""),
    ("009", 39, CZ, "拨付老旧小区改造资金", "重点项目", D(10, 16), None, D(10, 15), "较好", "区住建局"),
    ("010", 39, ZJ, "问题楼盘办证攻坚", "民生实事", D(10, 19), None, D(10, 23), "一般", ""),
    ("011", 39, CG, "主干道占道经营整治", "城市管理", D(10, 14), None, D(10, 13), "好", ""),
    ("012", 39, JT, "中小学校园安全排查", "安全生产", D(10, 21), None, D(10, 20), "一般", ""),
    ("013", 39, XG, "河道垃圾清理", "生态环保", D(10, 22), None, D(10, 20), "差", ""),
    ("014", 41, GC, "招商项目签约落地", "招商引资", D(10, 31), None, None, None, "区发改局"),
    ("015", 41, XG, "城中村燃气管道改造", "民生实事", D(10, 31), None, D(11, 3), None, ""),
    ("016", 41, NG, "冬季供暖设施检修", "民生实事", D(10, 30), None, D(10, 29), None, ""),
    ("017", 41, FG, "申报专项债券项目", "重点项目", D(10, 23), None, D(10, 21), "好", "区财政局"),
    ("018", 41, FG, "编制十五五规划初稿", "重点项目", D(10, 30), None, None, None, ""),
    ("019", 41, CZ, "三季度预算执行分析", "其他", D(10, 26), None, D(10, 26), "较好", ""),
    ("020", 41, ZJ, "建筑工地扬尘治理", "生态环保", D(10, 31), None, None, None, "区城管局"),
    ("021", 41, CG, "公厕提升改造", "城市管理", D(10, 28), None, D(10, 30), "较好", ""),
    ("022", 41, JT, "新建学校项目前期手续", "重点项目", D(11, 20), None, None, None, ""),
    ("023", 44, DG, "冬季清雪预案", "城市管理", D(11, 27), None, None, None, ""),
    ("024", 44, CZ, "年度预算编制", "其他", D(11, 30), None, None, None, ""),
]


def base_items() -> list[dict[str, Any]]:
    """The 24 items as field -> value (schema.ITEMS field names)."""
    out = []
    for id_, period, unit, content, category, deadline, adjusted, completed, grade, co in _ROWS:
        out.append({
            "id": id_, "period": period, "assigned": MEETINGS[period], "leader": LEADER_OF[period],
            "lead_unit": unit, "co_units": co, "content": content, "category": category,
            "deadline": deadline, "adjusted_deadline": adjusted,
            "status": "已完成" if completed else "推进中", "completed": completed,
            "progress": "已完成" if completed else "正在推进", "feedback_date": completed or D(11, 9),
            "grade": grade, "comment": None, "remark": None,
        })
    return out


def unit_rows() -> list[list[Any]]:
    """单位 rows: 单位名称, 简称, 组别, 分管区领导, 联系人, 联系电话, 参与考评, 排序."""
    rows = []
    for i, name in enumerate(OFFICES + DEPARTMENTS, start=1):
        office = name in OFFICES
        rows.append([name, name.replace("街道办事处", "街道") if office else "", "办事处" if office else "区直单位",
                     "李明", f"联系人{i}", f"1380000{i:04d}", "是", i])
    return rows


def params_rows() -> list[list[Any]]:
    """The template's 参数 with 考评年度 2026."""
    rows = [list(r) for r in params.template_rows()]
    for r in rows:
        if r and r[0] == "考评年度":
            r[1] = 2026
    return rows


BASE_ADJUSTMENTS = [["2026-10", CG, 3, "省级督查通报表扬", "督查通报〔2026〕12号", "张主任"]]
STANDARD_SHEETS = [s.title for s in (schema.PARAMS, schema.UNITS, schema.LEADERS, schema.ITEMS,
                                     schema.REVIEWS, schema.ADJUSTMENTS)]


# ---- expectations -------------------------------------------------------------------------------

@dataclass(frozen=True)
class Unit:
    """One unit's hand-worked October: 应办结, 已办结, 按时办结, 点评质量, 加减分, 综合得分, 组内排名, 结果.

    rank None = not ranked (the other numbers then unchecked when None). result: words of 历史排名
    结果 ("奖励", "表态发言", "末位"), "" for none.
    """

    due: int | None
    done: int | None
    on_time: int | None
    quality: float | None
    adjustment: float | None
    score: float | None
    rank: int | None
    result: str = ""
    left_out: int = 0  # items left out of the unit's scores by data errors (月考评 未计入事项)

    def words(self) -> set[str]:
        return {w for w in self.result.split("、") if w}


U = Unit
BASE: dict[str, Unit] = {
    DG: U(2, 2, 2, 92.5, 0, 97.75, 1, "奖励"),
    NG: U(2, 2, 2, 85, 0, 95.50, 2, "奖励"),
    GC: U(3, 2, 1, 92.5, 0, 64.42, 3),
    XG: U(3, 2, 1, 60, 0, 54.67, 4, "表态发言、末位"),
    CZ: U(2, 2, 2, 85, 0, 95.50, 1, "奖励"),
    JT: U(1, 1, 1, 70, 0, 91.00, 2, "奖励"),
    CG: U(2, 2, 1, 92.5, 3, 85.75, 3, "奖励"),
    FG: U(3, 2, 2, 100, 0, 76.67, 4, "表态发言"),
    ZJ: U(2, 1, 0, 70, 0, 41.00, 5, "表态发言、末位"),
}


def with_units(base: dict[str, Unit], **changes: Unit) -> dict[str, Unit]:
    """A copy of `base` with some units' rows replaced (keyword = unit name)."""
    out = dict(base)
    out.update(changes)
    return out

