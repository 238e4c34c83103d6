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
