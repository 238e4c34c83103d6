"""The bound dossier (汇编成册), built in the dossier's job with LibreOffice headless:

1. every file is converted to PDF in one LibreOffice run; the 标准汇编 is converted with
   placeholder page numbers in its 目录, so its lines break as they will with real ones;
2. the 标准汇编's own 目录 gets each standard's page (from the PDF's bookmarks); the .docx in the
   zip is rendered again with them, and its front pages in the PDF are replaced by a small
   conversion of the front matter alone;
3. the dossier's 目录 gets each document's first page in the volume (converted once with
   placeholders to learn its own length, then with the numbers);
4. one PDF: the 目录 and every document, a bookmark per document, the page number stamped on.

Without LibreOffice (or with settings.DOSSIER_BOUND_PDF off) nothing is converted: the zip holds the Office files only and `reason`
says why."""

import subprocess
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings

from qms.core.documents.office import convert_many_to_pdf, soffice_path
from qms.core.documents.pdf import bind_pdfs, outline_pages, page_count, splice

PLACEHOLDER_PAGE = "9999"
BOOK_SUFFIX = "_标准汇编.docx"


@dataclass
class Book:
    """How to render the 标准汇编 again with page numbers: `render(pages, front_only)` -> .docx."""

    render: Callable[[list | None, bool], bytes]
    count: int


@dataclass
class Bound:
    pdf: bytes | None = None
    files: list[tuple[str, bytes]] = field(default_factory=list)  # the zip's files (book re-rendered)
    first_pages: dict[str, int] = field(default_factory=dict)
    reason: str = ""


def binding_refusal() -> str:
    """Why no bound PDF can be made here ("" when it can)."""
    if not settings.DOSSIER_BOUND_PDF:
        return "本系统关闭了汇编成册（DOSSIER_BOUND_PDF=0），目录不含页码；zip 中只有 Office 文件。"
    if not soffice_path():
        return "服务器未安装 LibreOffice，未生成汇编成册 PDF，目录不含页码；zip 中只有 Office 文件。"
    return ""


def _write(folder: Path, name: str, data: bytes) -> Path:
    path = folder / name
    path.write_bytes(data)
    return path


def _book_pages(book: Book, pdf: Path, folder: Path) -> tuple[list[int], Path] | None:
    """Each standard's first page, and the book's PDF with its 目录 showing them (None when the
    PDF's bookmarks do not match the standards, or the front matter changed length)."""
    starts = outline_pages(pdf)
    if len(starts) != book.count or not starts:
        return None
    front_pdf = convert_many_to_pdf([_write(folder, "book-front.docx", book.render(starts, True))],
                                    outdir=folder)[folder / "book-front.docx"]
    if page_count(front_pdf) != starts[0] - 1:
        return None
    return starts, splice(front_pdf, pdf, replace=starts[0] - 1, out=folder / "book-bound.pdf")


def _convert_parts(files, book: Book | None, folder: Path, progress) -> tuple[list, dict[str, Path]]:
    paths, names = [], {}
    for index, (name, data) in enumerate(files):
        if book is not None and name.endswith(BOOK_SUFFIX):
            data = book.render([PLACEHOLDER_PAGE] * book.count, False)
        path = _write(folder, f"part{index:02d}{Path(name).suffix}", data)
        paths.append(path)
        names[name] = path
    progress("正在转换为 PDF（LibreOffice）")
    pdfs = convert_many_to_pdf(paths, outdir=folder)
    files, found = list(files), {name: pdfs[path] for name, path in names.items()}
    for index, (name, _data) in enumerate(files):
        if book is not None and name.endswith(BOOK_SUFFIX):
            paged = _book_pages(book, found[name], folder)
            if paged is not None:
                files[index] = (name, book.render(paged[0], False))
                found[name] = paged[1]
    return files, found


def bind_dossier(files: list[tuple[str, bytes]], *, render_index: Callable[[dict[str, int | str]], bytes],
                 titles: dict[str, str], book: Book | None, progress=lambda step: None) -> Bound:
    """`files`: the zip's documents (without the 目录); `render_index(first_pages)`: the 目录
    .docx; `titles`: the bookmark of each file."""
    reason = binding_refusal()
    if reason:
        return Bound(files=files, reason=reason)
    try:
        return _bind(files, render_index=render_index, titles=titles, book=book, progress=progress)
    except (RuntimeError, subprocess.TimeoutExpired) as error:  # the Office files are still delivered
        return Bound(files=files, reason=f"汇编成册失败（LibreOffice 转换出错），zip 中只有 Office 文件：{error}"[:500])


def _bind(files, *, render_index, titles, book, progress) -> Bound:
    with tempfile.TemporaryDirectory(prefix="dossier-bind-") as tmp:
        folder = Path(tmp)
        files, pdfs = _convert_parts(files, book, folder, progress)
        progress("正在编排页码")
        placeholder = {name: PLACEHOLDER_PAGE for name, _data in files}
        index_pages = page_count(convert_many_to_pdf([_write(folder, "index0.docx", render_index(placeholder))],
                                                     outdir=folder)[folder / "index0.docx"])
        first, page = {}, index_pages + 1
        for name, _data in files:
            first[name] = page
            page += page_count(pdfs[name])
        index = _write(folder, "index.docx", render_index(first))
        index_pdf = convert_many_to_pdf([index], outdir=folder)[index]
        progress("正在装订")
        parts = [("目录", index_pdf)] + [(titles.get(name, name), pdfs[name]) for name, _data in files]
        return Bound(pdf=bind_pdfs(parts, title="申请材料汇编"), files=files, first_pages=first)
