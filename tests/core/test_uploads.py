"""The upload gate: every kind checked inside, every refusal named, nothing kept on refusal."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from qms.core.errors import ApplicationError
from qms.core.uploads import upload_check

from ..docs import docx_bytes
from ..hostile import (
    HYPERLINK,
    html_pdf,
    laughs_docx,
    macro_docx,
    pdf_bytes,
    png_bytes,
    remote_template_docx,
)

ALL = {"docx", "xlsx", "pdf", "png", "jpg"}


@pytest.mark.parametrize("name, build, message", [
    ("macro.docx", macro_docx, "宏"),
    ("laughs.docx", laughs_docx, "DTD"),
    ("remote.docx", remote_template_docx, "外部资源"),
    ("page.pdf", html_pdf, "PDF 文件已损坏"),
    ("cut.png", lambda: png_bytes()[:-20], "PNG"),
    ("bad.png", lambda: png_bytes().replace(b"IDAT", b"IDAX"), "PNG"),
    ("script.pdf", lambda: pdf_bytes().replace(b"/Type /Page", b"/JavaScript /Type /Page", 1), "脚本"),
    ("fake.jpg", lambda: b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"<html>" * 30, "JPEG"),
])
def test_hostile_or_broken_files_are_refused_with_the_reason(name, build, message):
    with pytest.raises(ApplicationError, match=message):
        upload_check(SimpleUploadedFile(name, build()), allowed=ALL)


@pytest.mark.parametrize("name, build, kind", [
    ("a.docx", lambda: docx_bytes({"1 范围": ["x"]}), "docx"),
    ("link.docx", lambda: remote_template_docx(HYPERLINK), "docx"),
    ("a.pdf", pdf_bytes, "pdf"),
    ("a.png", png_bytes, "png"),
])
def test_genuine_files_pass(name, build, kind):
    assert upload_check(SimpleUploadedFile(name, build()), allowed=ALL).kind == kind


def _with_part(data: bytes, name: str, change) -> bytes:
    """`data` with the zip member `name` replaced by `change(its bytes)`."""
    import io
    import zipfile

    source, out = zipfile.ZipFile(io.BytesIO(data)), io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            body = source.read(info.filename)
            target.writestr(info, change(body) if info.filename == name else body)
    return out.getvalue()


def _python_docx_opens(data: bytes) -> bool:
    import io

    from docx import Document

    try:
        Document(io.BytesIO(data))
    except Exception:  # noqa: BLE001 (any refusal of python-docx's)
        return False
    return True


def test_word_files_are_opened_as_python_docx_opens_them_with_parts_seen_before_not_parsed_again(monkeypatch):
    """The styles every generated document shares are parsed once; a package whose styles (or
    any part) changed or broke is judged as python-docx's Document() judges it."""
    from qms.core import uploads

    genuine = docx_bytes({"1 范围": ["x"]})
    other = docx_bytes({"1 范围": ["y"]})
    variants = {
        "genuine": genuine,
        "same styles, other text": other,
        "styles cut short": _with_part(genuine, "word/styles.xml", lambda body: body[: len(body) // 2]),
        "styles not XML": _with_part(genuine, "word/styles.xml", lambda body: b"<w:styles" + body[9:-30]),
        "styles with one more style": _with_part(
            genuine, "word/styles.xml", lambda body: body.replace(b"</w:styles>", b"<w:style w:styleId=\"x\"/></w:styles>")),
        "document not XML": _with_part(genuine, "word/document.xml", lambda body: body[:-40]),
        "main part of another type": _with_part(
            genuine, "[Content_Types].xml", lambda body: body.replace(b"document.main+xml", b"template.main+xml")),
    }
    from docx.opc import part as opc_part

    parsed = []
    parse = opc_part.parse_xml
    monkeypatch.setattr(opc_part, "parse_xml", lambda blob: parsed.append(len(blob)) or parse(blob))
    uploads._parsed_parts.clear()
    uploads._docx_opens(genuine)
    first = len(parsed)
    uploads._docx_opens(other)  # the styles are now known: not parsed again
    assert max(parsed[:first]) >= uploads.PARSED_ONCE_MIN_BYTES
    assert len(parsed) - first < first and max(parsed[first:]) < uploads.PARSED_ONCE_MIN_BYTES
    for label, data in variants.items():
        expected = _python_docx_opens(data)
        try:
            uploads._docx_opens(data)
            opened = True
        except ApplicationError as refusal:
            assert "无法打开" in refusal.message
            opened = False
        assert opened == expected, label
    assert [_python_docx_opens(data) for data in variants.values()] == [True, True, False, False, True, False, False]
