"""Reading the 规范性引用文件 (clause 2 of a GB/T 1.1 standard) from an edition's text. Pure.

The clause runs from the heading '2 规范性引用文件' to the next clause ('3 术语和定义' or any
'3 …'); its lead sentence ('下列文件…适用于本文件。') and 'no references' sentence are skipped.
Each reference is a standard number, dated ('GB/T 1.1-2020', 'GB/T 1.1—2009') or undated
('GB/T 19001', 'GB/T 24421（所有部分）'), then its title up to the next number. Text extracted
from PDFs often loses line breaks, so the clause is read as a run of numbers and titles rather
than line by line."""

import re
from dataclasses import dataclass

from .numbers import NUMBER_RE, number_parts

_START = re.compile(r"(?:^|\n|\s)2\s*规范性引用文件\s*")
_END = re.compile(r"(?:^|\n|\s)3\s*(?:术语和定义|[^\d.\s])")
_LEAD_END = "适用于本文件。"
_NONE = re.compile(r"本文件没有规范性引用文件|无规范性引用文件")
_DASHES = str.maketrans({"—": "-", "–": "-", "－": "-", "／": "/"})
_TITLE_TRIM = " \t\r\n　,，;；、:：《》"


@dataclass(frozen=True)
class Reference:
    number: str  # printed form: 'GB/T 1.1-2020', 'Q/XZFW 301.02'
    title: str
    dated: bool

    @property
    def base(self) -> str:
        return number_parts(self.number)[0]


def references_clause(text: str) -> str:
    """The body of clause 2, or '' when the text has none."""
    text = (text or "").replace("\r", "")
    start = _START.search(text)
    if not start:
        return ""
    rest = text[start.end():]
    end = _END.search(rest)
    return rest[:end.start()] if end else rest


def parse_references(text: str) -> list[Reference]:
    """Every normative reference in the edition's text, in order, each number once."""
    clause = references_clause(text)
    if not clause or _NONE.search(clause):
        return []
    if _LEAD_END in clause:
        clause = clause[clause.rindex(_LEAD_END) + len(_LEAD_END):]
    clause = clause.translate(_DASHES)
    matches = [m for m in NUMBER_RE.finditer(clause) if not _is_part_of_title(clause, m)]
    found, seen = [], set()
    for index, match in enumerate(matches):
        end = matches[index + 1].start() if index + 1 < len(matches) else len(clause)
        title = re.sub(r"\s+", " ", clause[match.end():end]).strip(_TITLE_TRIM)
        year = match.group(3) or ""
        number = f"{match.group(1)} {match.group(2)}" + (f"-{year}" if year else "")
        if number in seen:
            continue
        seen.add(number)
        found.append(Reference(number=number, title=title, dated=bool(year)))
    return found


def _is_part_of_title(clause: str, match) -> bool:
    """A number inside a title's brackets ('…（ISO 9001:2015，IDT）') is not a reference of its own."""
    before = clause[:match.start()]
    return before.count("（") + before.count("(") > before.count("）") + before.count(")")
