"""The shared working-day calendar: the State Council's schedule built in, the office's own
exceptions on top, and the arithmetic every deadline and case duration uses."""

import datetime as dt

import pytest

from qms.core.calendar import (
    holiday_delete,
    holiday_save,
    is_working_day,
    working_day_add,
    working_days_between,
)
from qms.core.errors import PermissionRefused
from qms.core.models import CalendarDay, Holiday

pytestmark = pytest.mark.django_db


def test_national_holidays_and_make_up_working_weekends_are_built_in():
    assert not is_working_day(dt.date(2026, 10, 1))  # 国庆节
    assert not is_working_day(dt.date(2026, 2, 16))  # 春节, a Monday
    assert is_working_day(dt.date(2026, 1, 4))  # Sunday worked in exchange for 元旦 (调休)
    assert not is_working_day(dt.date(2026, 3, 7))  # an ordinary Saturday


def test_elapsed_working_days_count_from_the_day_after():
    monday = dt.date(2026, 3, 2)
    assert working_days_between(monday, monday) == 0
    assert working_days_between(monday, dt.date(2026, 3, 3)) == 1
    assert working_days_between(dt.date(2026, 3, 6), dt.date(2026, 3, 9)) == 1  # Friday to Monday
    # 2025-12-31 (Wed) to 2026-01-05 (Mon): 1-1..1-3 off, Sunday 1-4 worked, Monday worked.
    assert working_days_between(dt.date(2025, 12, 31), dt.date(2026, 1, 5)) == 2


def test_years_the_schedule_does_not_cover_fall_back_to_weekdays():
    assert working_days_between(dt.date(2030, 9, 30), dt.date(2030, 10, 7)) == 5
    assert working_day_add(dt.date(2030, 10, 4), 1) == dt.date(2030, 10, 7)


def test_office_exceptions_override_the_national_schedule(office_user):
    holiday_save(actor=office_user, date=dt.date(2026, 3, 9), name="地方放假")
    assert working_days_between(dt.date(2026, 3, 6), dt.date(2026, 3, 10)) == 1
    holiday_save(actor=office_user, date=dt.date(2026, 10, 8), name="本地照常上班", kind=Holiday.Kind.WORK)
    assert is_working_day(dt.date(2026, 10, 8))
    holiday_delete(actor=office_user, holiday=Holiday.objects.get(date=dt.date(2026, 3, 9)))
    assert working_days_between(dt.date(2026, 3, 6), dt.date(2026, 3, 10)) == 2


def test_only_the_office_maintains_holidays(head_user):
    with pytest.raises(PermissionRefused):
        holiday_save(actor=head_user, date=dt.date(2026, 3, 9), name="放假")
    assert not Holiday.objects.exists()


def test_dates_before_the_table_extend_it():
    # 2012: Saturday 9-29 worked, 9-30..10-7 off, Monday 10-8 worked.
    assert working_days_between(dt.date(2012, 9, 28), dt.date(2012, 10, 8)) == 2
    assert CalendarDay.objects.order_by("date").first().date == dt.date(2012, 1, 1)
