"""Dates as people read them in Chinese documents: 2026年12月1日 (no leading zeros). Data
columns meant for re-import keep ISO dates; everything printed for people uses these."""

import datetime as dt

BLANK_DATE = "____年__月__日"


def cn_date(value: dt.date | None, *, blank: str = BLANK_DATE) -> str:
    """2026年12月1日; `blank` (a line to write a date on) when there is no date."""
    if value is None:
        return blank
    return f"{value.year}年{value.month}月{value.day}日"


def cn_month(value: dt.date) -> str:
    """2026年12月."""
    return f"{value.year}年{value.month}月"


def cn_period(start: dt.date, end: dt.date) -> str:
    """2026年1月1日至2026年12月31日."""
    return f"{cn_date(start)}至{cn_date(end)}"
