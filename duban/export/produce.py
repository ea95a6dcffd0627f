"""One export run, shared by the command line and the 生成上报件 button."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from ..book import RawBook
from ..run import Analysis, analyse
from .board import write_boards
from .files import replaced_when_done
from .mail import build_message, write_eml
from .pdf import PdfFailed, to_pdf
from .upward import build_upward, subject


def write_notice(a: Analysis, path: Path) -> Path:
    """The month's 通报 as a 公文 .docx (the words of the 月讲评 sheet), written atomically."""
    from ..report import write_docx

    assert a.notice is not None
    with replaced_when_done(path) as tmp:
        write_docx(a.notice, tmp)
    return path


@dataclass
class ExportResult:
    analysis: Analysis
    xlsx: Path
    subject: str
    body: str
    pdf: Path | None = None
    eml: Path | None = None
    docx: Path | None = None
    pngs: list[Path] = field(default_factory=list)   # 红黑榜, one per group
    notes: list[str] = field(default_factory=list)   # Chinese lines for the user

    @property
    def attachments(self) -> list[Path]:
        return [p for p in (self.docx, self.xlsx, self.pdf) if p is not None]

    def message(self):
        return build_message(self.analysis.ledger.settings.smtp, self.subject, self.body, self.attachments)


def body_text(a: Analysis, attachments: list[Path]) -> str:
    paragraphs = list(a.bulletin or [])
    names = "、".join(p.name for p in attachments)
    return "\n\n".join(paragraphs + [f"附件：{names}"])


def produce(book: RawBook, today: dt.date, month: str | None, outdir: Path, *, include_ledger: bool = False,
            pdf: bool = False, eml: bool = False, docx: bool = False, png: bool = False) -> ExportResult:
    a = analyse(book, today, month)
    title = subject(a)
    pngs = write_boards(a, outdir) if png else []
    xlsx = build_upward(a, book, outdir / f"{title}.xlsx", include_ledger=include_ledger, pictures=pngs)
    result = ExportResult(a, xlsx, title, "", pngs=pngs)
    if docx:
        result.docx = write_notice(a, outdir / f"{title}（通报）.docx")
    if a.errors:
        result.notes.append(f"注意：台账有 {a.errors} 处错误，排名可能不准确（上报件“月讲评”中已注明）。"
                            "请先更正“校验结果”中的错误后重新生成")
    if pdf:
        try:
            result.pdf = to_pdf(xlsx)
        except PdfFailed as exc:
            result.notes.append(exc.message)
    result.body = body_text(a, result.attachments)
    if eml:
        result.eml = write_eml(result.message(), outdir / f"{title}.eml")
    return result
