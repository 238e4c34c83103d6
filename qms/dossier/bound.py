"""The bound dossier (汇编成册), built in the dossier's job with LibreOffice headless:

1. every file is converted to PDF, with the dossier's 目录 showing placeholder page numbers (to
   learn its length); the 标准汇编 is converted with placeholder page numbers in its own 目录, so
   its lines break as they will with real ones. The 标准汇编, by far the longest conversion, is
   started first, in its own LibreOffice process, while the other documents are still being
   rendered (`Binding.start_book`); the first documents made start converting in a second
   process as soon as they are worth one (`Binding.convert_soon`), the others with the 目录 when
   the last is made (with one core: all in one process, once every file is made);
2. the page counts give each document's first page in the volume; the 标准汇编's 目录 gets each
   standard's page (from the PDF's bookmarks), and the .docx in the zip is rendered again with
   them (while the other files are still converting); a second LibreOffice run converts the
   book's front matter alone (it replaces the book's front pages in the volume) and the dossier's
   目录 with the page numbers;
3. one PDF: the 目录 and every document, a bookmark per document, the page number stamped on.

Without LibreOffice (or with settings.DOSSIER_BOUND_PDF off) nothing is converted: the zip holds the Office files only and `reason`
says why. If LibreOffice fails, the Office files are still delivered, with the reason."""

import subprocess
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings

from qms.core.documents.office import (
    Conversion,
    conversion_cost,
    conversions_start,
    conversions_stop,
    conversions_wait,
    convert_many_to_pdf,
    process_limit,
    soffice_path,
)
from qms.core.documents.pdf import PdfCache, bind_pdfs, outline_pages, page_count

PLACEHOLDER_PAGE = "9999"
EARLY_BATCH = 2.0  # files worth this much converting (see `conversion_cost`) start before the rest are made
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


def _book_pages(book: Book, name: str, pdf, folder: Path) -> _BookPages | None:
    """Each standard's first page (None when the PDF's bookmarks do not match the standards)."""
    starts = outline_pages(pdf)
    if len(starts) != book.count or not starts:
        return None
    return _BookPages(name, starts, _write(folder, "book-front.docx", book.render(starts, True)))


def is_book(name: str) -> bool:
    return name.endswith(BOOK_SUFFIX)


class Binding:
    """One bound dossier in the making (a context manager): its temporary folder and the
    LibreOffice runs started in it (stopped if the build stops early). `reason`: why nothing can
    be bound here ("" when it can). `Book.render` gives the 标准汇编 again with page numbers."""

    def __init__(self, book: Book | None):
        self.book, self.reason = book, binding_refusal()
        self.folder: Path | None = None
        self.runs: list[Conversion] = []
        # With two cores or more, the 标准汇编 and the files made early start converting before
        # the rest are made (`start_book`, `convert_soon`); otherwise all at once in `bind`.
        self.processes = process_limit()
        self.early = not self.reason and self.processes >= 2
        self.book_given = False  # the 标准汇编 in the files is the one with placeholder page numbers
        self.book_run: tuple[Path, Conversion] | None = None
        self.start_error: Exception | None = None
        self.pdfs = PdfCache()  # each converted PDF read once
        self.written: dict[str, Path] = {}  # the files written so far (all but the book)
        self.pending: list[Path] = []  # written, not converting yet
        self.early_runs = 0

    def __enter__(self):
        if not self.reason:
            self._tmp = tempfile.TemporaryDirectory(prefix="dossier-bind-", ignore_cleanup_errors=True)
            self.folder = Path(self._tmp.name)
        return self

    def __exit__(self, *exc_info):
        conversions_stop(self.runs)
        if self.folder is not None:
            self._tmp.cleanup()

    def start_book(self, data: bytes) -> None:
        """Start converting the 标准汇编 (`data`: the zip's file, rendered with placeholder page
        numbers, see PLACEHOLDER_PAGE) in a LibreOffice process of its own, at once."""
        self.book_given = True
        path = _write(self.folder, "book.docx", data)
        try:
            self.runs += conversions_start([path], outdir=self.folder, processes=1, profile=self._profile())
            self.book_run = (path, self.runs[-1])
        except (RuntimeError, OSError) as error:  # reported by `bind`, with the Office files
            self.start_error = error

    def convert_soon(self, name: str, data: bytes) -> None:
        """A file of the zip (the 标准汇编 aside: see `start_book`), given as soon as it is made:
        once the files given are worth a LibreOffice process of their own (EARLY_BATCH), they
        start converting while the later ones are made (at most `process_limit()` - 1 such batches:
        the last process takes what is left, with the 目录)."""
        if not self.early or is_book(name) or name in self.written:
            return
        self.written[name] = _write(self.folder, f"part{len(self.written):02d}{Path(name).suffix}", data)
        self.pending.append(self.written[name])
        if (sum(map(conversion_cost, self.pending)) >= EARLY_BATCH and self.early_runs < self.processes - 1
                and self.start_error is None):
            try:
                self.runs += conversions_start(self.pending, outdir=self.folder, processes=1)
            except (RuntimeError, OSError) as error:  # reported by `bind`, with the Office files
                self.start_error = error
                return
            self.early_runs += 1
            self.pending = []

    def bind(self, files: list[tuple[str, bytes]], *, render_index: Callable[[dict[str, int | str]], bytes],
             titles: dict[str, str], progress=lambda step: None) -> Bound:
        """`files`: the zip's documents (without the 目录; the 标准汇编 as given to `start_book`,
        if it was); `render_index(first_pages)`: the 目录 .docx; `titles`: each file's bookmark."""
        if self.reason:
            return Bound(files=files, reason=self.reason)
        try:
            if self.start_error is not None:
                raise RuntimeError(str(self.start_error))
            return self._bind(files, render_index=render_index, titles=titles, progress=progress)
        except (RuntimeError, subprocess.TimeoutExpired) as error:  # the Office files are still delivered
            return Bound(files=self._unpaged(files),
                         reason=f"汇编成册失败（LibreOffice 转换出错），zip 中只有 Office 文件：{error}"[:500])

    def _profile(self) -> Path:
        """The book's LibreOffice profile, used again (warm: it starts faster) by the second run."""
        return self.folder / "profile-book"

    def _unpaged(self, files):
        """The zip's files, the 标准汇编 without page numbers if it was given with placeholders."""
        if not self.book_given:
            return list(files)
        return [(name, self.book.render(None, False) if is_book(name) else data) for name, data in files]

    def _start_parts(self, files, extra: list[Path]):
        """Start converting every file not started yet, and `extra`; the path of each file."""
        paths = {}
        for name, data in files:
            if is_book(name) and self.book_run is not None:
                paths[name] = self.book_run[0]
                continue
            if name in self.written:
                paths[name] = self.written[name]
                continue
            if self.book is not None and is_book(name):
                data = self.book.render([PLACEHOLDER_PAGE] * self.book.count, False)
            paths[name] = self.written[name] = _write(self.folder, f"part{len(self.written):02d}{Path(name).suffix}",
                                                      data)
            self.pending.append(paths[name])
        runs = conversions_start(self.pending + extra, outdir=self.folder,
                                 processes=max(1, self.processes - self.early_runs))
        self.runs += runs
        return paths, self.runs

    def _book_pass(self, files, paths):
        """When the 标准汇编's PDF is ready: its page numbers, its front matter with them, and
        the zip's .docx rendered with them (None without a book, or when its bookmarks do not
        match the standards)."""
        name = next((name for name, _data in files if is_book(name)), None)
        if self.book is None or name is None:
            return None
        if self.book_run is not None:
            self.book_run[1].wait()
        paged = _book_pages(self.book, name, self.pdfs[paths[name].with_suffix(".pdf")], self.folder)
        return None if paged is None else (paged, self.book.render(paged.starts, False))

    def _bind(self, files, *, render_index, titles, progress) -> Bound:
        folder = self.folder
        placeholder = _write(folder, "index0.docx", render_index({name: PLACEHOLDER_PAGE for name, _data in files}))
        progress("正在转换为 PDF（LibreOffice）")
        paths, runs = self._start_parts(files, [placeholder])
        book_pass = self._book_pass(files, paths) if self.book_run else None  # while the others convert
        conversions_wait(runs)
        if self.book_run is None:
            book_pass = self._book_pass(files, paths)
        pdfs = {name: path.with_suffix(".pdf") for name, path in paths.items()}
        progress("正在编排页码")
        counts = {name: page_count(self.pdfs[pdf]) for name, pdf in pdfs.items()}
        first, page = {}, page_count(self.pdfs[placeholder.with_suffix(".pdf")]) + 1
        for name, _data in files:  # the book's front matter keeps its length (checked below)
            first[name] = page
            page += counts[name]
        paged, paged_book = book_pass or (None, None)
        index = _write(folder, "index.docx", render_index(first))
        converted = convert_many_to_pdf([index] + ([paged.front] if paged else []), outdir=folder, processes=1,
                                        profile=self._profile() if self.book_run else None)
        segments = {name: [(self.pdfs[path], None)] for name, path in pdfs.items()}
        if paged and page_count(self.pdfs[converted[paged.front]]) == paged.starts[0] - 1:
            files = [(name, paged_book if name == paged.name else data) for name, data in files]
            segments[paged.name] = [(self.pdfs[converted[paged.front]], None),
                                    (self.pdfs[pdfs[paged.name]], (paged.starts[0] - 1, counts[paged.name]))]
        else:
            files = self._unpaged(files)
        progress("正在装订")
        parts = [("目录", [(converted[index], None)])] + [(titles.get(name, name), segments[name])
                                                           for name, _data in files]
        return Bound(pdf=bind_pdfs(parts, title="申请材料汇编"), files=files, first_pages=first)

