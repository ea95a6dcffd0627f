"""One export run, shared by the command line and the 生成上报件 button."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from duban.export.board import write_boards
from duban.export.files import replaced_when_done
from duban.export.mail import build_message, write_eml
from duban.export.pdf import PdfFailed, convert
from duban.export.upward import build_upward, subject
from duban.read.book import RawBook
from duban.run import Analysis, analyse

DRAFT = "（草稿）"


def notice_path(outdir: Path, title: str, draft: bool) -> Path:
    """'<title>（通报）.docx', or '<title>（通报）（草稿）.docx' for a draft."""
    return outdir / f"{title}（通报）{DRAFT if draft else ''}.docx"


def write_notice(a: Analysis, outdir: Path, title: str, final: bool = False) -> Path:
    """The month's 通报 as a 公文 .docx (the words of the 月讲评 sheet), written atomically: a 草稿 while
    the ledger has errors, unless `final` (the office confirmed them). A final replaces an older draft."""
    from duban.render.notice import write_docx

    assert a.notice is not None
    draft = bool(a.notice.draft_reason) and not final
    path = notice_path(outdir, title, draft)
    with replaced_when_done(path) as tmp:
        write_docx(a.notice, tmp, final=final)
    if not draft:
        stale = notice_path(outdir, title, True)
        stale.unlink(missing_ok=True)
        stale.with_suffix(".pdf").unlink(missing_ok=True)
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
    docx_pdf: Path | None = None                     # the 通报 as PDF
    notes: list[str] = field(default_factory=list)   # Chinese lines for the user

    @property
    def draft(self) -> bool:
        return self.docx is not None and self.docx.stem.endswith(DRAFT)

    @property
    def attachments(self) -> list[Path]:
        return [p for p in (self.docx, self.docx_pdf, self.xlsx, self.pdf) if p is not None]

    def message(self):
        return build_message(self.analysis.ledger.settings.smtp, self.subject, self.body, self.attachments)


def body_text(a: Analysis, attachments: list[Path]) -> str:
    paragraphs = a.notice.paragraphs() if a.notice is not None else []
    names = "、".join(p.name for p in attachments)
    return "\n\n".join(paragraphs + [f"附件：{names}"])


def produce(book: RawBook, today: dt.date, month: str | None, outdir: Path, *, include_ledger: bool = False,
            pdf: bool = False, eml: bool = False, docx: bool = False, final: bool = False,
            png: bool = False) -> ExportResult:
    """The export files. `final`: the 通报 is final even though the ledger has errors (the caller logs it);
    `png`: the 红黑榜 pictures too."""
    a = analyse(book, today, month)
    title = subject(a)
    pngs = write_boards(a, outdir) if png else []
    xlsx = build_upward(a, book, outdir / f"{title}.xlsx", include_ledger=include_ledger, pictures=pngs)
    result = ExportResult(a, xlsx, title, "", pngs=pngs)
    if docx:
        result.docx = write_notice(a, outdir, title, final)
    if a.errors:
        result.notes.append(f"注意：台账有 {a.errors} 处错误，排名可能不准确（上报件“月讲评”中已注明）。"
                            "请先更正“校验结果”中的错误后重新生成")
    if result.draft:
        result.notes.append("月度通报是草稿（文件名和页眉已标明“草稿”）。更正错误后重新生成正式通报；"
                            "确认按现有数据发文的，用命令 duban export 台账文件 --final 生成正式通报（此确认记入台账“运行日志”）")
    if pdf:
        try:
            made = convert(xlsx, *([result.docx] if result.docx else []))
        except PdfFailed as exc:
            made = exc.made
            result.notes.append(exc.message)
        result.pdf = next((p for p in made if p.stem == xlsx.stem), None)
        result.docx_pdf = next((p for p in made if result.docx and p.stem == result.docx.stem), None)
    result.body = body_text(a, result.attachments)
    if eml:
        result.eml = write_eml(result.message(), outdir / f"{title}.eml")
    return result
