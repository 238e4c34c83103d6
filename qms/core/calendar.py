"""The working-day calendar shared by every deadline and duration (cases, complaints, corrective
actions): Monday to Friday, except the State Council's published holidays and 调休 working days
(from `chinese-calendar`, which covers the years it has been published for), except again the
office's own entries in `Holiday`, which win for their date.

The calendar is materialised in `CalendarDay` (one row per date, with a running count of working
days) so that durations over hundreds of thousands of cases are one join in the database. The
table is rebuilt whole whenever the office changes an entry, and extended when a date outside it
is asked for."""

import datetime as dt

import chinese_calendar
from django.db import transaction
from django.db.models import Max, Min
from django.utils import timezone
from django.utils.translation import gettext as _

from qms.org.models import Role
from qms.org.roles import has_role

from .errors import ApplicationError, PermissionRefused
from .history import save_with_reason
from .models import CalendarDay, Counter, Holiday

FIRST_YEAR = 2015  # the table never starts later than this (cases imported from earlier years extend it)
LOCK_KEY = "calendar"


def national_is_working(day: dt.date) -> bool:
    """The State Council's schedule; plain weekdays for years it does not (yet) cover."""
    try:
        return chinese_calendar.is_workday(day)
    except NotImplementedError:  # chinese-calendar's signal for a year it has no schedule for (not a stub)
        return day.weekday() < 5


def national_years() -> tuple[int, int]:
    """The first and last year the installed schedule covers."""
    days = chinese_calendar.constants.holidays
    return min(days).year, max(days).year


def _day_rows(start: dt.date, end: dt.date) -> list[CalendarDay]:
    local = dict(Holiday.objects.filter(date__gte=start, date__lte=end).values_list("date", "kind"))
    rows, ordinal, day = [], 0, start
    while day <= end:
        kind = local.get(day)
        working = kind == Holiday.Kind.WORK if kind else national_is_working(day)
        ordinal += working
        rows.append(CalendarDay(date=day, is_working=working, ordinal=ordinal))
        day += dt.timedelta(days=1)
    return rows


@transaction.atomic
def calendar_rebuild(*, start: dt.date | None = None, end: dt.date | None = None) -> None:
    """Rebuild the table over its present range widened to whole years covering start..end."""
    Counter.objects.select_for_update().get_or_create(key=LOCK_KEY, year=0)
    bounds = CalendarDay.objects.aggregate(lo=Min("date"), hi=Max("date"))
    today = timezone.localdate()
    lo = min(d for d in (bounds["lo"], start, dt.date(FIRST_YEAR, 1, 1)) if d)
    hi = max(d for d in (bounds["hi"], end, dt.date(today.year + 1, 12, 31)) if d)
    CalendarDay.objects.all().delete()
    CalendarDay.objects.bulk_create(_day_rows(dt.date(lo.year, 1, 1), dt.date(hi.year, 12, 31)), batch_size=2000)


def calendar_ensure(start: dt.date, end: dt.date) -> None:
    """Make sure the table covers start..end (one query when it does)."""
    bounds = CalendarDay.objects.aggregate(lo=Min("date"), hi=Max("date"))
    if bounds["lo"] is None or bounds["lo"] > start or bounds["hi"] < end:
        calendar_rebuild(start=start, end=end)


def _ordinal(day: dt.date) -> int:
    calendar_ensure(day, day)
    return CalendarDay.objects.values_list("ordinal", flat=True).get(date=day)


def is_working_day(day: dt.date) -> bool:
    calendar_ensure(day, day)
    return CalendarDay.objects.values_list("is_working", flat=True).get(date=day)


def working_days_between(start: dt.date, end: dt.date) -> int:
    """Working days after `start` up to and including `end` (0 when end <= start)."""
    if end <= start:
        return 0
    calendar_ensure(start, end)
    ordinals = dict(CalendarDay.objects.filter(date__in=[start, end]).values_list("date", "ordinal"))
    return ordinals[end] - ordinals[start]


def working_day_add(start: dt.date, days: int) -> dt.date:
    """The `days`-th working day after `start` (the day of receipt does not count)."""
    if days <= 0:
        return start
    calendar_ensure(start, start + dt.timedelta(days=days * 3 + 30))
    target = _ordinal(start) + days
    return CalendarDay.objects.filter(ordinal=target, is_working=True).values_list("date", flat=True).get()


def can_edit_calendar(user) -> bool:
    return has_role(user, Role.OFFICE)


@transaction.atomic
def holiday_save(*, actor, date: dt.date, name: str, kind: str = Holiday.Kind.OFF) -> Holiday:
    """Add or change the office's exception for `date` (a local day off, or a day worked)."""
    if not can_edit_calendar(actor):
        raise PermissionRefused(_("只有标准化办公室可以维护节假日。"))
    if not (name or "").strip():
        raise ApplicationError(_("请填写名称，如“国庆节”。"), field="name")
    if kind not in Holiday.Kind.values:
        raise ApplicationError(_("类别无效。"), field="kind")
    holiday = Holiday.objects.filter(date=date).first() or Holiday(date=date)
    holiday.name, holiday.kind = name.strip(), kind
    save_with_reason(holiday, actor=actor, reason=_("维护节假日"))
    calendar_rebuild(start=date, end=date)
    return holiday


@transaction.atomic
def holiday_delete(*, actor, holiday: Holiday) -> None:
    if not can_edit_calendar(actor):
        raise PermissionRefused(_("只有标准化办公室可以维护节假日。"))
    holiday._change_reason = _("删除节假日")
    holiday._history_user = actor
    holiday.delete()
    calendar_rebuild()
