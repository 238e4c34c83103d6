"""Working days for deadlines: Monday to Friday, except the office's holiday table (a weekday
off, or a weekend day worked in exchange, 调休上班)."""

import datetime as dt

from .models import Holiday


def _exceptions(start: dt.date, end: dt.date) -> dict[dt.date, str]:
    return dict(Holiday.objects.filter(date__gte=start, date__lte=end).values_list("date", "kind"))


def is_working_day(day: dt.date, exceptions: dict[dt.date, str]) -> bool:
    kind = exceptions.get(day)
    if kind is not None:
        return kind == Holiday.Kind.WORK
    return day.weekday() < 5


def working_day_add(start: dt.date, days: int) -> dt.date:
    """The `days`-th working day after `start` (the day of receipt does not count). One query."""
    exceptions = _exceptions(start, start + dt.timedelta(days=days * 3 + 30))
    day, left = start, days
    while left > 0:
        day += dt.timedelta(days=1)
        if is_working_day(day, exceptions):
            left -= 1
    return day


def working_days_between(start: dt.date, end: dt.date) -> int:
    """Working days after `start` up to and including `end` (0 when end <= start)."""
    if end <= start:
        return 0
    exceptions = _exceptions(start, end)
    return sum(is_working_day(start + dt.timedelta(days=i), exceptions) for i in range(1, (end - start).days + 1))
