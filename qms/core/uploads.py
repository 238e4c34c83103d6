"""Checks for untrusted uploads: by content (magic bytes and container layout), not by name;
size-limited; zip containers checked against bombs before anything parses them."""

import hashlib
import io
import zipfile
from dataclasses import dataclass

import filetype
from django.conf import settings
from django.utils.translation import gettext as _

from .errors import ApplicationError

DOCX_MIME = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PDF_MIME = "application/pdf"
KIND_BY_MIME = {DOCX_MIME: "docx", XLSX_MIME: "xlsx", PDF_MIME: "pdf"}
# The part every genuine OOXML file of that kind must hold.
OOXML_MAIN_PART = {"docx": "word/document.xml", "xlsx": "xl/workbook.xml"}
ZIP_MAX_ENTRIES = 10_000
ZIP_MAX_INFLATED = 200 * 1024 * 1024
ZIP_MAX_RATIO = 200


@dataclass(frozen=True)
class CheckedUpload:
    kind: str  # "docx", "xlsx", "pdf", "jpg", "png"
    data: bytes
    sha256: str


def _human_mb(n: int) -> str:
    return f"{n / 1024 / 1024:.0f} MB"


def zip_check(data: bytes) -> zipfile.ZipFile:
    """Open a zip container after checking entry count and declared sizes (zip bombs)."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        infos = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise ApplicationError(_("文件已损坏或不是有效的 Office 文件。")) from exc
    if len(infos) > ZIP_MAX_ENTRIES:
        raise ApplicationError(_("文件内部条目过多（%(n)d），拒绝处理。") % {"n": len(infos)})
    inflated = sum(i.file_size for i in infos)
    if inflated > ZIP_MAX_INFLATED or inflated > ZIP_MAX_RATIO * max(len(data), 1):
        raise ApplicationError(_("文件解压后体积异常（疑似压缩炸弹），拒绝处理。"))
    if any(i.flag_bits & 0x1 for i in infos):
        raise ApplicationError(_("文件已加密，请先取消密码保护。"))
    return archive


def upload_check(upload, *, allowed: set[str], max_bytes: int | None = None) -> CheckedUpload:
    """Read an uploaded file and accept it only if its content is one of `allowed` kinds."""
    limit = max_bytes or settings.UPLOAD_MAX_BYTES
    size = getattr(upload, "size", None)
    if size is not None and size > limit:
        raise ApplicationError(_("文件过大（上限 %(limit)s）。") % {"limit": _human_mb(limit)})
    data = upload.read(limit + 1) if hasattr(upload, "read") else bytes(upload)
    if len(data) > limit:
        raise ApplicationError(_("文件过大（上限 %(limit)s）。") % {"limit": _human_mb(limit)})
    if not data:
        raise ApplicationError(_("文件为空。"))
    kind = content_kind(data)
    if kind not in allowed:
        raise ApplicationError(
            _("文件类型不符：只接受 %(allowed)s 文件（按内容识别，与扩展名无关）。")
            % {"allowed": "、".join(sorted(allowed))}
        )
    return CheckedUpload(kind=kind, data=data, sha256=hashlib.sha256(data).hexdigest())


def content_kind(data: bytes) -> str | None:
    """Identify a file by its bytes. OOXML files are recognised by their main part, after a
    zip-bomb check; an encrypted Office file (an OLE container) is reported as such."""
    if data[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":
        raise ApplicationError(_("这是旧版 Office 文件或已加密的文件，请另存为 .docx/.xlsx 并取消密码保护。"))
    if data[:4] == b"PK\x03\x04":
        names = set(zip_check(data).namelist())
        for kind, part in OOXML_MAIN_PART.items():
            if part in names:
                return kind
        return "zip"
    guess = filetype.guess(data)
    if guess is None:
        return None
    return KIND_BY_MIME.get(guess.mime, guess.extension)
