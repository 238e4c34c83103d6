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
