"""红黑榜: one picture per group for a phone screen and a work group chat.

The 红榜 lists the month's rewarded units, the 黑榜 the units that make a statement or are
末位 — the same outcomes as 月讲评, so the picture never says anything the ranking does not.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from duban.errors import BadWorkbook
from duban.render.text import month_label
from duban.rules.evaluate import Evaluation, Standing, rank_change
from duban.rules.ranking import LAST, REWARD, STATEMENT
from duban.run import Analysis

WIDTH = 1080                # px: a phone screen's width, sharp when a chat shrinks it
MARGIN = 48
ROW = 92
GAP = 36                    # between the 红榜 and the 黑榜
RED, BLACK, INK, GREY, PAPER = "#C00000", "#262626", "#1A1A1A", "#7F7F7F", "#FFFFFF"
STRIPE = {"red": "#FCE8E8", "black": "#EDEDED"}

# CJK fonts, first found wins: (path, face name wanted in a collection). DUBAN_FONT overrides.
FONT_CANDIDATES = (
    ("/usr/share/fonts/opentype/noto/NotoSansCJK-{w}.ttc", "Noto Sans CJK SC"),
    ("/usr/share/fonts/noto-cjk/NotoSansCJK-{w}.ttc", "Noto Sans CJK SC"),
    ("C:/Windows/Fonts/msyh{b}.ttc", "Microsoft YaHei"),
    ("C:/Windows/Fonts/simhei.ttf", ""),
    ("/System/Library/Fonts/PingFang.ttc", "PingFang SC"),
    ("/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc", ""),
)


@dataclass(frozen=True)
class BoardRow:
    rank: int | None
    unit: str
    score: float | None
    change: str          # 较上月
    result: str = ""     # shown on the 黑榜: 表态发言, 末位 or both


@dataclass(frozen=True)
class Board:
    group: str
    title: str           # '示范区督查委（督查室）2026年10月红黑榜'
    subtitle: str        # '办事处组 · 8 个单位参与排名'
    footer: str
    red: tuple[BoardRow, ...]
    black: tuple[BoardRow, ...]

    @property
    def file_stem(self) -> str:
        return f"{self.title}（{self.group}）"


def boards(a: Analysis) -> list[Board]:
    """The month's 红黑榜, one per group with ranked units."""
    ev = a.evaluation
    assert ev is not None and a.month is not None
    s = a.ledger.settings
    label = month_label(a.month)
    out = []
    for group in s.groups:
        ranked = sorted(((u, st) for u, st in ev.standing(a.month).items() if st.group == group),
                        key=lambda kv: (kv[1].rank or 0, kv[0]))
        if not ranked:
            continue
        red = _rows(ev, a.month, ranked, {REWARD}, show=False)
        black = _rows(ev, a.month, ranked, {STATEMENT, LAST}, show=True)
        out.append(Board(group, f"{s.signature}{label}红黑榜", f"{group}组 · {len(ranked)}个单位参与排名",
                         f"数据截至{label}末 · {s.signature}", red, black))
    return out


def _rows(ev: Evaluation, month: str, ranked: list[tuple[str, Standing]], wanted: set[str],
          show: bool) -> tuple[BoardRow, ...]:
    """The ranked units with one of the wanted outcomes; show: with their 结果 text."""
    return tuple(BoardRow(st.rank, u, st.score, rank_change(ev, u, month), st.result if show else "")
                 for u, st in ranked if wanted & set(st.outcomes))


def write_boards(a: Analysis, outdir: Path) -> list[Path]:
    """One PNG per group in outdir; written whole or not at all (see files.replaced_when_done)."""
    from duban.export.files import replaced_when_done

    paths = []
    for board in boards(a):
        path = outdir / f"{board.file_stem}.png"
        with replaced_when_done(path) as tmp:
            render(board).save(tmp, format="PNG", optimize=True)
        paths.append(path)
    return paths


def render(board: Board):
    """The picture: title band, 红榜 and 黑榜 tables, footer."""
    from PIL import Image, ImageDraw

    fonts = Fonts()
    sections = [("红榜", "red", board.red, "本月获得奖励"), ("黑榜", "black", board.black, "本月表态发言或末位")]
    height = 250 + sum(GAP + 150 + ROW * max(1, len(rows)) for _t, _k, rows, _n in sections) - GAP + 110
    img = Image.new("RGB", (WIDTH, height), PAPER)
    d = ImageDraw.Draw(img)
    d.rectangle((0, 0, WIDTH, 200), fill=RED)
    _centred(d, board.title, 58, fonts.fit(board.title, 50, WIDTH - 2 * MARGIN, bold=True), PAPER)
    _centred(d, board.subtitle, 138, fonts.get(34), PAPER)
    y = 250
    for title, kind, rows, note in sections:
        colour = RED if kind == "red" else BLACK
        d.rectangle((MARGIN, y, MARGIN + 12, y + 56), fill=colour)
        d.text((MARGIN + 32, y), title, font=fonts.get(46, bold=True), fill=colour)
        d.text((MARGIN + 170, y + 14), note, font=fonts.get(28), fill=GREY)
        y += 84
        _head(d, y, fonts)
        y += 66
        if not rows:
            d.text((MARGIN + 24, y + 22), "无", font=fonts.get(36), fill=GREY)
            y += ROW
        for i, r in enumerate(rows):
            if i % 2 == 0:
                d.rectangle((MARGIN, y, WIDTH - MARGIN, y + ROW - 6), fill=STRIPE[kind])
            _row(d, y, r, fonts, colour)
            y += ROW
        y += GAP
    d.line((MARGIN, height - 90, WIDTH - MARGIN, height - 90), fill=GREY, width=2)
    _centred(d, board.footer, height - 70, fonts.fit(board.footer, 28, WIDTH - 2 * MARGIN), GREY)
    return img


# Columns: 名次, 单位, 综合得分, 较上月 (x of each column's left edge; the last two right-aligned).
COLS = (MARGIN + 20, MARGIN + 150, WIDTH - MARGIN - 230, WIDTH - MARGIN - 20)


def _head(d, y: int, fonts: Fonts) -> None:
    f = fonts.get(30, bold=True)
    d.text((COLS[0], y + 12), "名次", font=f, fill=GREY)
    d.text((COLS[1], y + 12), "单位", font=f, fill=GREY)
    d.text((COLS[2], y + 12), "综合得分", font=f, fill=GREY, anchor="ra")
    d.text((COLS[3], y + 12), "较上月", font=f, fill=GREY, anchor="ra")


def _row(d, y: int, r: BoardRow, fonts: Fonts, colour: str) -> None:
    mid = y + (ROW - 6) // 2
    d.text((COLS[0] + 30, mid), "" if r.rank is None else str(r.rank), font=fonts.get(40, bold=True), fill=colour,
           anchor="mm")
    name = fonts.fit(r.unit, 40, COLS[2] - COLS[1] - 170)
    if r.result:   # the outcome in small red type under the name
        d.text((COLS[1], mid - 12), r.unit, font=name, fill=INK, anchor="lm")
        d.text((COLS[1], mid + 28), r.result, font=fonts.get(24), fill=RED, anchor="lm")
    else:
        d.text((COLS[1], mid), r.unit, font=name, fill=INK, anchor="lm")
    d.text((COLS[2], mid), "—" if r.score is None else f"{r.score:.2f}", font=fonts.get(40), fill=INK, anchor="rm")
    d.text((COLS[3], mid), r.change, font=fonts.get(34), fill=INK, anchor="rm")


def _centred(d, text: str, y: int, font, fill: str) -> None:
    d.text((WIDTH // 2, y), text, font=font, fill=fill, anchor="ma")


class Fonts:
    """The CJK font found on this computer, in the sizes the picture uses."""

    def __init__(self) -> None:
        self.regular, self.bold = find_fonts()
        self._cache: dict[tuple[int, bool], object] = {}

    def get(self, size: int, bold: bool = False):
        from PIL import ImageFont

        key = (size, bold)
        if key not in self._cache:
            path, index = self.bold if bold else self.regular
            self._cache[key] = ImageFont.truetype(path, size, index=index)
        return self._cache[key]

    def fit(self, text: str, size: int, width: int, bold: bool = False):
        """The largest size up to `size` at which text fits in width (never below 60 %)."""
        smallest = max(20, size * 6 // 10)
        while size > smallest and self.get(size, bold).getlength(text) > width:
            size -= 2
        return self.get(size, bold)


def find_fonts() -> tuple[tuple[str, int], tuple[str, int]]:
    """(path, face index) of a regular and a bold CJK font; the environment variable DUBAN_FONT
    names a font file to use for both."""
    own = os.environ.get("DUBAN_FONT", "")
    if own:
        if not Path(own).is_file():
            raise BadWorkbook(f"环境变量 DUBAN_FONT 指定的字体文件“{own}”不存在。请改为本机中文字体文件的完整路径")
        return (own, 0), (own, 0)
    found = []
    for weight, bold in (("Regular", ""), ("Bold", "bd")):
        for pattern, face in FONT_CANDIDATES:
            path = pattern.format(w=weight, b=bold)
            if Path(path).is_file():
                found.append((path, _face_index(path, face)))
                break
    if not found:
        raise BadWorkbook("找不到可用的中文字体，无法生成红黑榜图片。请安装“微软雅黑”或“黑体”"
                          "（Linux：fonts-noto-cjk），或用环境变量 DUBAN_FONT 指定一个中文字体文件")
    return found[0], found[-1]


def _face_index(path: str, face: str) -> int:
    """The index of the face named `face` in a font collection (0 when absent or not a collection)."""
    if not face or not path.lower().endswith(".ttc"):
        return 0
    from PIL import ImageFont

    for index in range(12):
        try:
            if ImageFont.truetype(path, 12, index=index).getname()[0] == face:
                return index
        except OSError:
            break
    return 0
