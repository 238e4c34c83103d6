"""The one gate for every file that enters the system (imports, edition documents, evidence,
material forms, templates): `upload_check` reads it size-limited, identifies it by content
(magic bytes and container layout, never the name), checks zip containers against bombs before
anything parses them, then inspects the inside by kind (`filechecks`: Office files without
macros, external relationships or DTDs; PDFs that parse; images that decode). Callers store the
returned bytes only after it returns, so a refused file never reaches the disk."""

import hashlib
import io
import zipfile
from dataclasses import dataclass

import filetype
from django.conf import settings
from django.utils.translation import gettext as _

from .errors import ApplicationError
from .filechecks import CONTENT_CHECKS, office_check

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
    inside_check(kind, data)
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


def inside_check(kind: str, data: bytes) -> None:
    """Refuse a file of a known kind whose inside is unsafe or broken (see `filechecks`)."""
    if kind in OOXML_MAIN_PART:
        office_check(zip_check(data))
        if kind == "docx":
            _docx_opens(data)
    elif kind in CONTENT_CHECKS:
        CONTENT_CHECKS[kind](data)


def _docx_opens(data: bytes) -> None:
    """python-docx opens the package, as `docx.Document(...)` does, except that a part whose
    bytes it has already parsed without error (the 350 KB of styles every document made from
    one template shares) is not parsed again: the same bytes read by the same part class parse
    the same way. A changed or broken part is parsed, and refused, as before."""
    from docx.opc.constants import CONTENT_TYPE as CT
    from docx.opc.package import Unmarshaller
    from docx.opc.pkgreader import PackageReader
    from docx.package import Package

    try:
        package = Package()
        Unmarshaller.unmarshal(PackageReader.from_file(io.BytesIO(data)), package, _part_parsed_once)
        document_part = package.main_document_part
        if document_part.content_type != CT.WML_DOCUMENT_MAIN:
            raise ValueError(f"not a Word file, content type is '{document_part.content_type}'")
        document_part.document  # noqa: B018 (python-docx's Document() reads it: the main part's proxy)
    except Exception as exc:  # python-docx and lxml raise many types for a broken package
        raise ApplicationError(_("Word 文件已损坏，无法打开（%(error)s）。") % {"error": exc}) from exc


PARSED_ONCE_MIN_BYTES = 32 * 1024  # smaller parts parse in less time than they take to compare
PARSED_ONCE_MAX = 8
_parsed_parts: dict[tuple, None] = {}  # (content type, relationship type, bytes) of parts parsed without error


def _part_parsed_once(partname, content_type, reltype, blob, package):
    """python-docx's `PartFactory`, but a part it has parsed before (same content type and
    relationship type, hence the same part class; same bytes) comes back unparsed: nothing of
    it is read once the package has opened. Only parts whose loading is parsing (XmlPart.load),
    never the main document."""
    from docx.opc.constants import CONTENT_TYPE as CT
    from docx.opc.part import Part, PartFactory, XmlPart

    key = (content_type, reltype, blob)
    if key in _parsed_parts:
        return Part(partname, content_type, blob, package)
    part = PartFactory(partname, content_type, reltype, blob, package)
    if (len(blob) >= PARSED_ONCE_MIN_BYTES and content_type != CT.WML_DOCUMENT_MAIN
            and getattr(type(part).load, "__func__", None) is XmlPart.load.__func__):
        if len(_parsed_parts) >= PARSED_ONCE_MAX:
            _parsed_parts.pop(next(iter(_parsed_parts)))
        _parsed_parts[key] = None
    return part
