"""What a file of each kind must look like inside before the system keeps it (called by
`uploads.upload_check` once the kind is known from the bytes).

- Office (.docx/.xlsx): no macros (a VBA project or a macro-enabled content type), no external
  relationships other than hyperlinks (remote templates, linked OLE objects and images fetch
  content when opened), no DTD or entity declarations in any XML part (billion laughs, XXE).
- PDF: it must parse and have at least one page; no JavaScript or launch actions.
- PNG and JPEG: the structure must hold (PNG chunks with their checksums and image data that
  inflates; JPEG segments up to the scan and an end marker).
Each refusal names what was wrong."""

import io
import logging
import re
import struct
import zipfile
import zlib

from django.utils.translation import gettext as _

from .errors import ApplicationError

MACRO_MARKERS = (b"macroEnabled", b"vbaProject", b"vbaData")
DTD_MARKERS = (b"<!DOCTYPE", b"<!ENTITY")
EXTERNAL = re.compile(rb"<Relationship\b[^>]*>", re.IGNORECASE)
PDF_ACTIVE = (b"/JavaScript", b"/JS ", b"/JS(", b"/JS<", b"/Launch")
IMAGE_MAX_PIXELS = 100_000_000
CHUNK = 1024 * 1024


def office_check(archive: zipfile.ZipFile) -> None:
    names = archive.namelist()
    if any(name.lower().endswith("vbaproject.bin") for name in names):
        raise ApplicationError(_("文件包含宏（VBA 代码），不予接受。请另存为不含宏的 .docx/.xlsx 后再上传。"))
    for info in archive.infolist():
        if info.filename.endswith((".xml", ".rels", ".vml")):
            _office_part_check(archive, info.filename)


def _office_part_check(archive: zipfile.ZipFile, name: str) -> None:
    tail = b""
    with archive.open(name) as part:
        while chunk := part.read(CHUNK):
            window = tail + chunk
            if name == "[Content_Types].xml" and any(m in window for m in MACRO_MARKERS):
                raise ApplicationError(_("文件包含宏（启用宏的文档类型），不予接受。请另存为不含宏的 .docx/.xlsx 后再上传。"))
            if any(m in window for m in DTD_MARKERS):
                raise ApplicationError(_("文件的 XML 部件“%(part)s”含有 DTD 或实体声明，不予接受。") % {"part": name})
            if name.endswith(".rels"):
                _relationships_check(window, name)
            tail = chunk[-64:]


def _relationships_check(xml: bytes, name: str) -> None:
    for match in EXTERNAL.finditer(xml):
        tag = match.group(0)
        if b'TargetMode="External"' in tag and not re.search(rb'Type="[^"]*/hyperlink"', tag):
            raise ApplicationError(_("文件引用了外部资源（%(part)s），不予接受。请去掉链接的模板、对象或图片后再上传。")
                                   % {"part": name})


def pdf_check(data: bytes) -> None:
    from pypdf import PdfReader

    if any(marker in data for marker in PDF_ACTIVE):
        raise ApplicationError(_("PDF 文件含有脚本或启动动作，不予接受。"))
    logging.getLogger("pypdf").setLevel(logging.ERROR)
    try:
        pages = len(PdfReader(io.BytesIO(data), strict=False).pages)
    except Exception as exc:  # pypdf raises many types for a broken or fake PDF
        raise ApplicationError(_("PDF 文件已损坏或不是真正的 PDF（%(error)s）。") % {"error": exc}) from exc
    if pages < 1:
        raise ApplicationError(_("PDF 文件没有任何页面。"))


def png_check(data: bytes) -> None:
    position, inflater, seen_end, width, height = 8, zlib.decompressobj(), False, 0, 0
    while position + 12 <= len(data) and not seen_end:
        length, kind = struct.unpack(">I4s", data[position:position + 8])
        body = data[position + 8:position + 8 + length]
        crc = data[position + 8 + length:position + 12 + length]
        if len(body) != length or len(crc) != 4 or zlib.crc32(kind + body) != struct.unpack(">I", crc)[0]:
            raise ApplicationError(_("PNG 图片已损坏（数据块校验失败）。"))
        if kind == b"IHDR":
            width, height = struct.unpack(">II", body[:8])
            _pixels_check(width, height)
        elif kind == b"IDAT":
            _inflate_check(inflater, body, width, height)
        seen_end = kind == b"IEND"
        position += 12 + length
    if not (seen_end and width and inflater.eof):
        raise ApplicationError(_("PNG 图片不完整或已损坏。"))


def _pixels_check(width: int, height: int) -> None:
    if not width or not height or width * height > IMAGE_MAX_PIXELS:
        raise ApplicationError(_("图片尺寸异常（%(w)d×%(h)d），不予接受。") % {"w": width, "h": height})


def _inflate_check(inflater, body: bytes, width: int, height: int) -> None:
    """Inflate image data in bounded steps: never more than 8 bytes a pixel plus row filters."""
    limit, produced, pending = (width * 8 + 1) * height, 0, body
    try:
        while pending and not inflater.eof:
            produced += len(inflater.decompress(pending, CHUNK))
            pending = inflater.unconsumed_tail
            if produced > limit:
                raise ApplicationError(_("PNG 图片数据超出其声明的尺寸（疑似压缩炸弹）。"))
    except zlib.error as exc:
        raise ApplicationError(_("PNG 图片数据已损坏。")) from exc


def jpeg_check(data: bytes) -> None:
    position = 2
    while position + 4 <= len(data):
        if data[position] != 0xFF:
            raise ApplicationError(_("JPEG 图片已损坏（段结构错误）。"))
        marker = data[position + 1]
        if marker == 0xFF:  # fill byte
            position += 1
            continue
        length = struct.unpack(">H", data[position + 2:position + 4])[0]
        if marker in (0xC0, 0xC1, 0xC2):
            height, width = struct.unpack(">HH", data[position + 5:position + 9])
            _pixels_check(width, height)
        if marker == 0xDA:  # start of scan: entropy-coded data follows, up to the end marker
            if data.rstrip(b"\x00")[-2:] != b"\xff\xd9":
                raise ApplicationError(_("JPEG 图片不完整（缺少结束标记）。"))
            return
        position += 2 + length
    raise ApplicationError(_("JPEG 图片不完整或已损坏。"))


CONTENT_CHECKS = {"pdf": pdf_check, "png": png_check, "jpg": jpeg_check}
