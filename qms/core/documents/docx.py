"""python-docx helpers for Chinese documents.

python-docx only sets the Latin font slots; Chinese text needs the East Asian slot
(`w:eastAsia`) and no theme font attributes, or Word falls back to the theme's font.

Speed (issue 13: a thousand documents in a batch): python-docx's base template carries 790 KB of
styles, so building a document, looking a style up by name and setting a run's fonts through
python-docx's schema-ordered inserts cost far more than the text. Here the prepared base (styles'
fonts, zh-CN declarations) is built once and each new document is a copy of it sharing the parts
nothing changes (the styles, the theme), a style's id is looked up once per base, and a fresh
run's properties are a copy of the ones python-docx wrote the first time for the same font.
Issue 17 took the same step further: the set-up page, a run of plain text, an empty paragraph with
its properties (alignment, style, tab stop, borders) and a table's header and plain rows are
written by python-docx once and then copied, and a paragraph's text is read in one compiled
query. Every part written is the same, byte for byte (tests/catalog/test_documents_identical.py
runs the renderers through python-docx's own path for each of these)."""

import copy
import io
import posixpath
import re
import zipfile
from functools import lru_cache

from docx import Document
from docx.document import Document as DocumentObject
from docx.enum.section import WD_ORIENT
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.opc.part import XmlPart
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsmap, qn
from docx.shared import Cm, Pt
from docx.table import Table
from docx.text.paragraph import Paragraph
from docx.text.run import Run
from lxml.etree import XPath

from .clean import office_text
from .docx_lang import declare_chinese

BODY_FONT = "宋体"
HEADING_FONT = "黑体"
OFFICIAL_FONT = "仿宋"  # body text of official documents (GB/T 9704: 仿宋 3号)
LATIN_FONT = "Times New Roman"


def set_run_font(run, *, east_asian: str = BODY_FONT, size: float | None = None, bold: bool | None = None):
    if run._element.rPr is None:  # a fresh run: a copy of the properties written once for this font
        run._element.insert(0, copy.deepcopy(_run_properties(east_asian, size, bold)))
        return run
    return _set_run_font(run, east_asian=east_asian, size=size, bold=bold)


@lru_cache(maxsize=256)
def _run_properties(east_asian: str, size: float | None, bold: bool | None):
    run = Run(OxmlElement("w:r"), None)
    _set_run_font(run, east_asian=east_asian, size=size, bold=bold)
    return run._element.rPr


def _set_run_font(run, *, east_asian: str, size: float | None, bold: bool | None):
    run.font.name = LATIN_FONT
    rpr = run._element.get_or_add_rPr()
    _set_rfonts(rpr, east_asian)
    if size is not None:
        run.font.size = Pt(size)
    if bold is not None:
        run.font.bold = bold
    return run


def add_text(paragraph, text, **font):
    """Append a run of `text` (cleaned for XML, see `clean.office_text`) in the given font."""
    return append_run(paragraph, office_text(text), **font)


def append_run(paragraph, text: str, *, east_asian: str = BODY_FONT, size: float | None = None,
               bold: bool | None = None):
    """`set_run_font(paragraph.add_run(text), ...)`: for text without tabs or line breaks, a copy
    of the run python-docx wrote the first time for this font, with a `w:t` of the text added as
    python-docx adds it (`CT_R.add_t`), without its character-by-character parse of the text."""
    if text and _RUN_BREAKS.search(text):
        return set_run_font(paragraph.add_run(text), east_asian=east_asian, size=size, bold=bold)
    if text and text == text.strip():  # python-docx writes no xml:space for it: copy its w:t too
        r = copy.deepcopy(_text_run(east_asian, size, bold))
        r[-1].text = text
    else:
        r = copy.deepcopy(_empty_run(east_asian, size, bold))
        if text:
            r.add_t(text)
    paragraph._p.append(r)  # CT_P.add_r appends too (a run has no successors in a paragraph)
    return Run(r, paragraph)


_RUN_BREAKS = re.compile(r"[\t\r\n]")  # python-docx turns these into w:tab / w:br elements


@lru_cache(maxsize=256)
def _empty_run(east_asian: str, size: float | None, bold: bool | None):
    """A run without text in that font, as `set_run_font(paragraph.add_run())` writes it."""
    return set_run_font(Run(OxmlElement("w:r"), None), east_asian=east_asian, size=size, bold=bold)._element


@lru_cache(maxsize=256)
def _text_run(east_asian: str, size: float | None, bold: bool | None):
    """A run of a text without leading or trailing spaces in that font, as python-docx writes it."""
    r = copy.deepcopy(_empty_run(east_asian, size, bold))
    r.add_t("x")
    return r


def _set_rfonts(rpr, east_asian: str):
    rfonts = rpr.find(qn("w:rFonts"))
    if rfonts is None:
        rfonts = OxmlElement("w:rFonts")
        rpr.insert(0, rfonts)
    for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        rfonts.attrib.pop(qn(attr), None)
    rfonts.set(qn("w:ascii"), LATIN_FONT)
    rfonts.set(qn("w:hAnsi"), LATIN_FONT)
    rfonts.set(qn("w:eastAsia"), east_asian)


def _style_fonts(document):
    for style_name, face, size in (
        ("Normal", BODY_FONT, 10.5),
        ("Title", HEADING_FONT, 22),
        ("Heading 1", HEADING_FONT, 16),
        ("Heading 2", HEADING_FONT, 14),
        ("Heading 3", HEADING_FONT, 12),
        ("Table Grid", BODY_FONT, 10.5),
    ):
        try:
            style = document.styles[style_name]
        except KeyError:
            continue
        style.font.name = LATIN_FONT
        if size:
            style.font.size = Pt(size)
        _set_rfonts(style.element.get_or_add_rPr(), face)
        if style_name.startswith("Heading") or style_name == "Title":
            style.font.color.rgb = None
    # Document defaults too, so unstyled runs also use the CJK face.
    rpr_default = document.styles.element.find(qn("w:docDefaults"))
    if rpr_default is not None:
        rpr = rpr_default.find(qn("w:rPrDefault") + "/" + qn("w:rPr"))
        if rpr is not None:
            _set_rfonts(rpr, BODY_FONT)


SHARED_PARTS = ("/word/styles.xml", "/word/theme/theme1.xml",
                "/docProps/thumbnail.jpeg")  # never changed once the base is prepared
STYLES_WITH_EFFECTS = "http://schemas.microsoft.com/office/2007/relationships/stylesWithEffects"


def _prepared_document():
    """python-docx's template with Chinese fonts on its styles and zh-CN declared, without the
    template's second copy of its styles (stylesWithEffects.xml, 438 KB written by Word 2010 for
    itself; later Word and LibreOffice read styles.xml, and the copy would keep the template's
    Latin fonts)."""
    document = Document()
    for rid, rel in list(document.part.rels.items()):
        if rel.reltype == STYLES_WITH_EFFECTS:
            document.part.drop_rel(rid)
    _style_fonts(document)
    declare_chinese(document)
    return document


def _frozen(part):
    """`part` whose XML is serialized once: every copy of the base writes the same bytes."""
    blob = part.blob
    part.__class__ = type(f"Frozen{type(part).__name__}", (type(part),), {"blob": property(lambda self: blob)})
    return part


@lru_cache(maxsize=1)
def _base() -> tuple:
    """The prepared document, once, and its parts every copy shares (the styles: 350 KB),
    their XML serialized once."""
    document = _prepared_document()
    shared = {id(part): _frozen(part) if isinstance(part, XmlPart) else part
              for part in document.part.package.iter_parts() if str(part.partname) in SHARED_PARTS}
    return document, shared


def _fresh_document():
    """A copy of the prepared document (sharing the parts nothing changes): a fraction of the
    time python-docx takes to open its template."""
    base, shared = _base()
    return copy.deepcopy(base, dict(shared))


_BASE_STYLE_IDS: dict = {}  # (name, type) -> style id, for documents opened from the base


def style_id(document, name: str, style_type=WD_STYLE_TYPE.PARAGRAPH):
    """The id of the style `name` (None for the default style), as python-docx's style setters
    find it, looked up once per base (their lookup scans the whole styles part every time)."""
    part = document.part
    ids = getattr(part, "_qms_style_ids", None)
    if ids is None:
        ids = part._qms_style_ids = {}
    key = (name, style_type)
    if key not in ids:
        ids[key] = part.get_style_id(name, style_type)
    return ids[key]


def add_styled_paragraph(document, style: str | None = None):
    """`document.add_paragraph(style=style)`, with the style's id looked up once."""
    return paragraph_like(document, styled_paragraph_properties(document, style))


def styled_paragraph_properties(document, style: str | None):
    """The empty paragraph `add_styled_paragraph` copies (one per style id)."""
    return _empty_paragraph(None) if style is None else _styled_paragraph(style_id(document, style))


@lru_cache(maxsize=64)
def _styled_paragraph(style: str | None):
    """An empty paragraph in the style of that id, as python-docx writes it."""
    p = OxmlElement("w:p")
    p.style = style
    return p


def new_document(*, landscape: bool = False, footer_page_numbers: bool = True, header_text: str = ""):
    """An A4 document with Chinese fonts set on its styles, and page numbers in the footer."""
    document = blank_page(landscape, footer_page_numbers, bool(header_text))
    if header_text:
        add_text(document.sections[0].header.paragraphs[0], header_text, size=9)
    return document


def blank_page(landscape: bool, footer_page_numbers: bool, header: bool):
    """A copy of the page set up once for these options (sharing the parts nothing changes)."""
    _base_document, shared = _base()
    document = copy.deepcopy(_blank_page(landscape, footer_page_numbers, header), dict(shared))
    document.part._qms_style_ids = _BASE_STYLE_IDS
    return document


@lru_cache(maxsize=8)
def _blank_page(landscape: bool, footer_page_numbers: bool, header: bool):
    return python_docx_page(landscape, footer_page_numbers, header)


def python_docx_page(landscape: bool, footer_page_numbers: bool, header: bool):
    """A4, the margins, an empty centred header paragraph when there is a header, the page numbers."""
    document = _fresh_document()
    document.part._qms_style_ids = _BASE_STYLE_IDS
    section = document.sections[0]
    section.page_height, section.page_width = Cm(29.7), Cm(21.0)
    if landscape:
        section_landscape(section)
    section.top_margin = section.bottom_margin = Cm(2.5)
    section.left_margin = section.right_margin = Cm(2.2)
    if header:
        section.header.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
    if footer_page_numbers:
        add_page_number_footer(section)
    return document


def section_landscape(section):
    section.orientation = WD_ORIENT.LANDSCAPE
    width, height = section.page_width, section.page_height
    if width < height:
        section.page_width, section.page_height = height, width


def _field(paragraph, instruction: str):
    run = paragraph.add_run()
    for tag, text in (("begin", None), (None, instruction), ("separate", None), (None, "1"), ("end", None)):
        if tag:
            el = OxmlElement("w:fldChar")
            el.set(qn("w:fldCharType"), tag)
            run._element.append(el)
        elif text == instruction:
            instr = OxmlElement("w:instrText")
            instr.set(qn("xml:space"), "preserve")
            instr.text = f" {instruction} "
            run._element.append(instr)
        else:
            t = OxmlElement("w:t")
            t.text = text
            run._element.append(t)
    set_run_font(run, size=9)
    return run


def add_page_number_footer(section):
    """Footer '第 N 页 共 M 页' with PAGE and NUMPAGES fields."""
    para = section.footer.paragraphs[0]
    para.alignment = WD_ALIGN_PARAGRAPH.CENTER
    set_run_font(para.add_run("第 "), size=9)
    _field(para, "PAGE")
    set_run_font(para.add_run(" 页  共 "), size=9)
    _field(para, "NUMPAGES")
    set_run_font(para.add_run(" 页"), size=9)


def add_heading(document, text: str, level: int = 1):
    heading = add_styled_paragraph(document, "Title" if level == 0 else f"Heading {level}")
    add_text(heading, text, east_asian=HEADING_FONT)
    return heading


ALIGNMENTS = {"center": WD_ALIGN_PARAGRAPH.CENTER, "right": WD_ALIGN_PARAGRAPH.RIGHT}


def add_paragraph(document, text: str = "", *, size: float | None = None, bold: bool = False,
                  align: str | None = None, east_asian: str = BODY_FONT):
    para = new_paragraph(document, ALIGNMENTS.get(align))
    if text:
        add_text(para, text, east_asian=east_asian, size=size, bold=bold)
    return para


def new_paragraph(document, alignment=None):
    """`document.add_paragraph()` with `alignment` set (see `paragraph_like`)."""
    return paragraph_like(document, _empty_paragraph(alignment))


def paragraph_like(document, template):
    """A new paragraph that is a copy of the empty paragraph `template` (properties only; they
    come first in a paragraph, so setting them before or after its runs writes the same XML). In
    a Document it is inserted where python-docx inserts one (before the body's section
    properties), without building it element by element."""
    if not isinstance(document, DocumentObject):
        paragraph = document.add_paragraph()
        paragraph._p.extend(copy.deepcopy(child) for child in template)
        return paragraph
    body = document._body
    return Paragraph(body._element._insert_p(copy.deepcopy(template)), body)


@lru_cache(maxsize=8)
def _empty_paragraph(alignment):
    """An empty paragraph with that alignment, as python-docx writes it."""
    para = Paragraph(OxmlElement("w:p"), None)
    if alignment is not None:
        para.alignment = alignment
    return para._p


def add_page_break(document):
    document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)


def keep_row_together(row):
    """The row never breaks across pages."""
    tr_pr = row._tr.get_or_add_trPr()
    el = OxmlElement("w:cantSplit")
    el.set(qn("w:val"), "true")
    tr_pr.append(el)


def repeat_header_row(row):
    tr_pr = row._tr.get_or_add_trPr()
    el = OxmlElement("w:tblHeader")
    el.set(qn("w:val"), "true")
    tr_pr.append(el)


def add_table(document, header: list[str], rows, *, widths_cm: list[float] | None = None,
              font_size: float = 9, group_rows: set[int] | None = None):
    """A bordered table with a repeating header row; no row breaks across pages. Rows are filled through the row's own
    cells (never `table.cell(r, c)` in a loop, which is quadratic). `group_rows` holds indexes
    of rows that are merged into one heading cell (e.g. a node heading in a detail table).

    Speed: the header row and a plain row (its cells' widths set, no text yet) are made by
    python-docx once for each header, widths and page width (`_table_head`); every table is then a
    copy of that header and every plain row a copy of that row: the same XML, without python-docx's
    per-cell grid arithmetic (a 200-row table took 260 ms)."""
    table, blank = table_head(document, tuple(header), tuple(widths_cm or ()), font_size)
    widths = [Cm(width) for width in widths_cm or ()]
    group_rows = group_rows or set()
    for index, values in enumerate(rows):
        if index in group_rows:
            row = table.add_row()
            keep_row_together(row)
            cells = row.cells
            merged = cells[0].merge(cells[-1])
            add_text(merged.paragraphs[0], values[0], east_asian=HEADING_FONT, size=font_size, bold=True)
            _set_widths(row, widths)
            continue
        tr = copy.deepcopy(blank)
        table._tbl.append(tr)
        for tc, value in zip(tr.tc_lst, values, strict=False):
            add_text(Paragraph(tc.p_lst[0], None), value, size=font_size)
    return table


_TABLE_HEADS: dict = {}  # (header, widths, font size, table style, page width) -> (table XML, plain row XML)
TABLE_HEADS_MAX = 256  # headers are mostly fixed, but some carry a month or a name: the oldest go first


def table_head(document, header: tuple, widths_cm: tuple, font_size: float):
    """A new table holding only its header row, and a plain row for it, built by python-docx the
    first time for a Document with this style and page width, then copied."""
    if not isinstance(document, DocumentObject):
        return python_docx_table_head(document, header, widths_cm, font_size)
    key = (header, widths_cm, font_size, style_id(document, "Table Grid", WD_STYLE_TYPE.TABLE), document._block_width)
    if key not in _TABLE_HEADS:
        table, blank = python_docx_table_head(document, header, widths_cm, font_size)
        if len(_TABLE_HEADS) >= TABLE_HEADS_MAX:  # a worker runs for weeks: the memo stays bounded
            _TABLE_HEADS.pop(next(iter(_TABLE_HEADS)))
        _TABLE_HEADS[key] = copy.deepcopy(table._tbl), blank
        return table, blank
    tbl, blank = _TABLE_HEADS[key]
    body = document._body
    return Table(body._element._insert_tbl(copy.deepcopy(tbl)), body), blank


def python_docx_table_head(document, header: tuple, widths_cm: tuple, font_size: float):
    table = document.add_table(rows=1, cols=len(header))
    table._tbl.tblStyle_val = style_id(document, "Table Grid", WD_STYLE_TYPE.TABLE)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    for cell, text in zip(table.rows[0].cells, header, strict=True):
        cell.text = ""
        add_text(cell.paragraphs[0], text, east_asian=HEADING_FONT, size=font_size, bold=True)
        cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
    repeat_header_row(table.rows[0])
    widths = [Cm(width) for width in widths_cm]
    if widths:
        table.autofit = False
        for column, width in zip(table.columns, widths, strict=False):
            column.width = width  # the table grid: LibreOffice lays the columns out from it
    _set_widths(table.rows[0], widths)
    row = table.add_row()  # the plain row, taken out again
    keep_row_together(row)
    _set_widths(row, widths)
    table._tbl.remove(row._tr)
    return table, row._tr


def _set_widths(row, widths):
    """Each cell's width, as the grid's (a merged cell takes the last of its columns')."""
    for cell, width in zip(row.cells, widths, strict=False):
        cell.width = width


def document_bytes(document) -> bytes:
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def docx_text(data: bytes) -> str:
    """The plain text of a .docx: paragraphs, then table cells, one per line. Only the main
    document part is read (python-docx's text needs nothing else)."""
    return body_text(_main_document(data))


def body_text(document) -> str:
    """`docx_text` of a document in memory (a renderer's own, before it is saved)."""
    lines = [paragraph_text(p) for p in document.element.body.p_lst]
    for table in document.tables:
        for row in table.rows:
            lines.append("\t".join("\n".join(paragraph_text(p) for p in cell._tc.p_lst) for cell in row.cells))
    return "\n".join(line for line in lines if line.strip())


_RUN_CONTENT = ("w:br", "w:cr", "w:noBreakHyphen", "w:ptab", "w:t", "w:tab")  # CT_R.text's, in its order
_PARAGRAPH_CONTENT = XPath(" | ".join(f"{run}/{item}" for run in ("w:r", "w:hyperlink/w:r") for item in _RUN_CONTENT),
                           namespaces=nsmap)


def paragraph_text(p) -> str:
    """`Paragraph(p).text` (its runs' and hyperlinks' runs' text elements, each as python-docx reads
    it, in document order) in one compiled query instead of one per run."""
    return "".join(str(element) for element in _PARAGRAPH_CONTENT(p))


OFFICE_DOCUMENT = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"


def _main_document(data: bytes):
    """The .docx's main document as python-docx reads it, without loading its other parts;
    whatever is not a plain package with one goes through python-docx itself (and its errors)."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            rels = parse_xml(archive.read("_rels/.rels"))
            targets = [rel.get("Target") for rel in rels if rel.get("Type") == OFFICE_DOCUMENT]
            name = posixpath.normpath(targets[0].lstrip("/")) if len(targets) == 1 else ""
            content_types = archive.read("[Content_Types].xml").decode("utf-8")
            if not name.endswith(".xml") or "wordprocessingml.document.main+xml" not in content_types:
                raise KeyError(name)
            element = parse_xml(archive.read(name))
    except (KeyError, zipfile.BadZipFile, ValueError, SyntaxError):
        return Document(io.BytesIO(data))
    if element.tag != qn("w:document"):
        return Document(io.BytesIO(data))
    return DocumentObject(element, None)
