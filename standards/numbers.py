"""Pure rules about standard numbers and system-table codes."""

import re

from .models import Level

_LOCAL = re.compile(r"^DB\d*")
_SECTOR = re.compile(r"^[A-Z]{2,3}(/[TZ])?\s")


def level_from_number(number: str) -> str | None:
    """国家 for GB, GB/T, GB/Z; 地方 for DB…; 团体 for T/…; 企业 for Q/…; 行业 for another
    sector prefix (MZ/T, GA/T, JR/T …). None when the number has no recognisable prefix."""
    text = (number or "").strip().upper()
    if not text:
        return None
    if re.match(r"^GB(/?[TZ])?\s*\d", text):  # GB, GB/T, GB/Z, and GBZ (occupational health)
        return Level.NATIONAL
    if _LOCAL.match(text):
        return Level.LOCAL
    if text.startswith("T/"):
        return Level.GROUP
    if text.startswith("Q/"):
        return Level.ENTERPRISE
    if _SECTOR.match(text) or re.match(r"^[A-Z]{2,3}(/[TZ])?\d", text):
        return Level.SECTOR
    return None


def node_code_of(code: str) -> str:
    """The node part of a system-table code: '301-02' -> '301'."""
    return (code or "").split("-", 1)[0].strip()


def next_code(node_code: str, existing_codes) -> str:
    """The next free '<node>-NN' code in a node."""
    used = set()
    for code in existing_codes:
        head, _, tail = code.partition("-")
        if head == node_code and tail.isdigit():
            used.add(int(tail))
    seq = 1
    while seq in used:
        seq += 1
    return f"{node_code}-{seq:02d}"


_DASHES = str.maketrans({"—": "-", "–": "-", "－": "-", "‑": "-", "―": "-", "─": "-", "／": "/"})
# A standard number in free text: prefix (GB/T, DB41/T, T/CAS, Q/XZFW, MZ/T …), number with parts,
# an optional year ('GB/T 24421.2-2023', 'GB/T 24421.2—2009', 'Q/XZFW 301.02'). A Q/ number's
# part after the dot may be zero-padded.
NUMBER_RE = re.compile(
    r"(?<![A-Za-z/])((?:GB(?:/[TZ])?|GBZ|DB\d{0,6}(?:/[TZ])?|T/[A-Z]{2,12}|Q/[A-Z0-9]{1,12}|[A-Z]{2,3}/[TZ]"
    r"|[A-Z]{2,3}))\s*(\d{1,6}(?:\.\d{1,3})*)(?:\s*[-—–－]\s*(\d{4}))?(?![\d.]*\d)"
)


def number_key(number: str) -> str:
    """The form two numbers are compared in: upper case, no spaces, one kind of dash
    ('gb/t 24421.2—2009' and 'GB/T24421.2-2009' have the same key)."""
    return re.sub(r"\s+", "", (number or "").translate(_DASHES)).upper()


def number_parts(number: str) -> tuple[str, str]:
    """(base, year) of a standard number: 'GB/T 24421.2-2009' -> ('GB/T24421.2', '2009');
    an undated number has year ''."""
    match = NUMBER_RE.search((number or "").translate(_DASHES).upper())
    if not match:
        return number_key(number), ""
    return f"{match.group(1)}{match.group(2)}", match.group(3) or ""


def tidy_number(prefix: str, digits: str, year: str) -> str:
    """The printed form: 'GB/T 24421.2-2023', 'Q/XZFW 301.02'."""
    return f"{prefix} {digits}" + (f"-{year}" if year else "")


def find_numbers(text: str) -> list[str]:
    """Every standard number written in `text`, in the printed form, in order of appearance."""
    found = []
    for match in NUMBER_RE.finditer((text or "").translate(_DASHES)):
        found.append(tidy_number(match.group(1), match.group(2), match.group(3) or ""))
    return found
