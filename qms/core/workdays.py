"""A minimal working-day count for layers below audits (standards' consultation periods).

The office's calendar (public holidays on weekdays, 调休 weekend days worked) is kept in the
evaluation app's Holiday table; it is read through the app registry, not imported, so qms.core
stays below audits. When the shared calendar service moves into qms.core, this module is where
callers are re-pointed. Without the holiday table, Monday to Friday are working days."""

import datetime as dt

from django.apps import apps
from django.core.exceptions import AppRegistryNotReady


def _exceptions(start: dt.date, end: dt.date) -> dict[dt.date, bool]:
    """{date: is a working day} for the calendar's exceptions between start and end."""
    try:
        holiday = apps.get_model("evaluation", "Holiday")
    except (LookupError, AppRegistryNotReady):
        return {}
    rows = holiday.objects.filter(date__gte=start, date__lte=end).values_list("date", "kind")
    return {day: kind == "work" for day, kind in rows}


def working_days_between(start: dt.date, end: dt.date) -> int:
    """Working days after `start` up to and including `end` (0 when end <= start). One query."""
    if end <= start:
        return 0
    exceptions = _exceptions(start, end)
    days = (start + dt.timedelta(days=i) for i in range(1, (end - start).days + 1))
    return sum(exceptions.get(day, day.weekday() < 5) for day in days)


def working_day_add(start: dt.date, days: int) -> dt.date:
    """The `days`-th working day after `start` (the start day does not count). One query."""
    exceptions = _exceptions(start, start + dt.timedelta(days=days * 3 + 30))
    day, left = start, days
    while left > 0:
        day += dt.timedelta(days=1)
        if exceptions.get(day, day.weekday() < 5):
            left -= 1
    return day
