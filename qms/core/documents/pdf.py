"""PDF assembly with pypdf: the first page of each top-level bookmark of a converted document,
and binding several PDFs into one volume with a bookmark per part and a running page number
stamped at the foot of every page (Helvetica digits: a base font every reader has)."""

from pathlib import Path

from pypdf import PdfReader, PdfWriter
from pypdf.generic import ArrayObject, DecodedStreamObject, DictionaryObject, NameObject

STAMP_FONT = "/FQmsRun"


def _reader(pdf: Path | PdfReader) -> PdfReader:
    return pdf if isinstance(pdf, PdfReader) else PdfReader(str(pdf))


class PdfCache(dict):
    """A reader per PDF path, each file parsed once (a 1,000-page book takes a while)."""

    def __missing__(self, path) -> PdfReader:
        reader = self[path] = PdfReader(str(path))
        return reader


def page_count(pdf: Path | PdfReader) -> int:
    return len(_reader(pdf).pages)


def outline_pages(pdf: Path | PdfReader) -> list[int]:
    """The 1-based first page of each top-level bookmark, in order."""
    reader = _reader(pdf)
    return [reader.get_destination_page_number(item) + 1 for item in reader.outline if not isinstance(item, list)]


def _stream(writer: PdfWriter, data: str):
    stream = DecodedStreamObject()
    stream.set_data(data.encode("ascii"))
    return writer._add_object(stream)


def _stamp(writer: PdfWriter, page, number: int, font) -> None:
    """Append `- n -` at the bottom right, after the page's own content wrapped in q/Q."""
    resources = page.get("/Resources")
    resources = resources.get_object() if resources is not None else DictionaryObject()
    fonts = resources.get("/Font")
    fonts = fonts.get_object() if fonts is not None else DictionaryObject()
    fonts[NameObject(STAMP_FONT)] = font
    resources[NameObject("/Font")] = fonts
    page[NameObject("/Resources")] = resources
    box = page.mediabox
    x, y = float(box.right) - 56, float(box.bottom) + 16
    contents = page.get("/Contents")
    existing = [] if contents is None else (list(contents) if isinstance(contents.get_object(), ArrayObject)
                                            else [contents])
    page[NameObject("/Contents")] = ArrayObject([
        _stream(writer, "q\n"), *existing,
        _stream(writer, f"\nQ\nBT {STAMP_FONT} 9 Tf 0.3 g {x:.1f} {y:.1f} Td (- {number} -) Tj ET\n"),
    ])


def bind_pdfs(parts: list[tuple[str, Path | list]], *, title: str = "") -> bytes:
    """One PDF of `parts` (bookmark title, PDF path) in order, pages numbered on through. A
    part may be several PDFs' pages: a list of (path, (start, stop) or None for all). A path may
    be given as its PdfReader, already read."""
    writer = PdfWriter()
    for name, source in parts:
        segments = source if isinstance(source, list) else [(source, None)]
        for number, (path, pages) in enumerate(segments):
            writer.append(path if isinstance(path, PdfReader) else str(path), outline_item=name if number == 0 else None, pages=pages, import_outline=False)
    font = writer._add_object(DictionaryObject({
        NameObject("/Type"): NameObject("/Font"), NameObject("/Subtype"): NameObject("/Type1"),
        NameObject("/BaseFont"): NameObject("/Helvetica")}))
    for number, page in enumerate(writer.pages, start=1):
        _stamp(writer, page, number, font)
    if title:
        writer.add_metadata({"/Title": title})
    writer.page_mode = "/UseOutlines"
    from io import BytesIO

    buffer = BytesIO()
    writer.write(buffer)
    return buffer.getvalue()
