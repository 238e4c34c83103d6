"""Saves with who and why; inside `checks_left_to_database` (the demo loader's hundreds of saves)
the same rows, field rules still checked, uniqueness refused by the database itself."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from qms.core.history import checks_left_to_database, save_with_reason
from qms.core.models import Holiday

pytestmark = pytest.mark.django_db


def test_a_save_in_the_block_records_who_and_why_as_outside(office_user):
    with checks_left_to_database():
        inside = save_with_reason(Holiday(date=dt.date(2030, 5, 6), name="调休"), actor=office_user,
                                  reason="维护节假日")
    outside = save_with_reason(Holiday(date=dt.date(2030, 5, 7), name="调休"), actor=office_user,
                               reason="维护节假日")
    for holiday in (inside, outside):
        row = holiday.history.get()
        assert (row.history_type, row.history_user, row.history_change_reason) == ("+", office_user, "维护节假日")


def test_field_rules_are_still_checked_and_the_database_refuses_a_duplicate(office_user):
    save_with_reason(Holiday(date=dt.date(2030, 5, 6), name="调休"), actor=office_user)
    with checks_left_to_database():
        with pytest.raises(ValidationError):  # a field rule: still refused before the save
            save_with_reason(Holiday(date=dt.date(2030, 5, 8), name="调休", kind="nonsense"), actor=office_user)
        with pytest.raises(IntegrityError), transaction.atomic():  # uniqueness: the database's
            save_with_reason(Holiday(date=dt.date(2030, 5, 6), name="重复"), actor=office_user)
    with pytest.raises(ValidationError):  # outside the block, the full check as before
        save_with_reason(Holiday(date=dt.date(2030, 5, 6), name="重复"), actor=office_user)
    assert Holiday.objects.count() == 1
