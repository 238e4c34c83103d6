"""The bound dossier (汇编成册), built in the dossier's job with LibreOffice headless:

1. every file is converted to PDF in one LibreOffice run, with the dossier's 目录 showing
   placeholder page numbers (to learn its length); the 标准汇编 is converted with placeholder
   page numbers in its own 目录, so its lines break as they will with real ones;
2. the page counts give each document's first page in the volume; the 标准汇编's 目录 gets each
   standard's page (from the PDF's bookmarks), and the .docx in the zip is rendered again with
   them; a second LibreOffice run converts the book's front matter alone (it replaces the
   book's front pages in the volume) and the dossier's 目录 with the page numbers;
3. one PDF: the 目录 and every document, a bookmark per document, the page number stamped on.

Two LibreOffice start-ups in all: each costs seconds, more than most conversions.

Without LibreOffice (or with settings.DOSSIER_BOUND_PDF off) nothing is converted: the zip holds the Office files only and `reason`
says why."""

import subprocess
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings

from qms.core.documents.office import convert_many_to_pdf, soffice_path
from qms.core.documents.pdf import bind_pdfs, outline_pages, page_count

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


@dataclass
class _BookPages:
    """The 标准汇编's page numbers, and its front matter to convert with them."""

    name: str
    starts: list[int]
    front: Path  # the .docx of its cover and 目录 with the page numbers


def _book_pages(book: Book, name: str, pdf: Path, folder: Path) -> _BookPages | None:
    """Each standard's first page (None when the PDF's bookmarks do not match the standards)."""
    starts = outline_pages(pdf)
    if len(starts) != book.count or not starts:
        return None
    return _BookPages(name, starts, _write(folder, "book-front.docx", book.render(starts, True)))


def _convert_parts(files, book: Book | None, folder: Path, progress, extra: list[Path]):
    """Every file (and `extra`) converted in one LibreOffice run: the zip's files, the PDF of
    each, the PDF of each of `extra`."""
    paths, names = [], {}
    for index, (name, data) in enumerate(files):
        if book is not None and name.endswith(BOOK_SUFFIX):
            data = book.render([PLACEHOLDER_PAGE] * book.count, False)
        path = _write(folder, f"part{index:02d}{Path(name).suffix}", data)
        paths.append(path)
        names[name] = path
    progress("正在转换为 PDF（LibreOffice）")
    pdfs = convert_many_to_pdf(paths + extra, outdir=folder)
    return list(files), {name: pdfs[path] for name, path in names.items()}, [pdfs[path] for path in extra]


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
        placeholder = _write(folder, "index0.docx", render_index({name: PLACEHOLDER_PAGE for name, _data in files}))
        files, pdfs, (placeholder_pdf,) = _convert_parts(files, book, folder, progress, [placeholder])
        progress("正在编排页码")
        counts = {name: page_count(pdf) for name, pdf in pdfs.items()}
        first, page = {}, page_count(placeholder_pdf) + 1
        for name, _data in files:  # the book's front matter keeps its length (checked below)
            first[name] = page
            page += counts[name]
        paged = next((_book_pages(book, name, pdfs[name], folder) for name, _data in files
                      if book is not None and name.endswith(BOOK_SUFFIX)), None)
        index = _write(folder, "index.docx", render_index(first))
        converted = convert_many_to_pdf([index] + ([paged.front] if paged else []), outdir=folder)
        segments = {name: [(path, None)] for name, path in pdfs.items()}
        if paged and page_count(converted[paged.front]) == paged.starts[0] - 1:
            files = [(name, book.render(paged.starts, False) if name == paged.name else data) for name, data in files]
            segments[paged.name] = [(converted[paged.front], None),
                                    (pdfs[paged.name], (paged.starts[0] - 1, counts[paged.name]))]
        progress("正在装订")
        parts = [("目录", [(converted[index], None)])] + [(titles.get(name, name), segments[name])
                                                           for name, _data in files]
        return Bound(pdf=bind_pdfs(parts, title="申请材料汇编"), files=files, first_pages=first)
