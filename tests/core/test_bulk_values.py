"""`bulk_insert` converts dates and aware times without the ORM's per-value checks (issue 17):
the values it hands the database are the ORM's own, on SQLite and on PostgreSQL, and the rows
read back are the ones written."""

import datetime as dt
import zoneinfo
from pathlib import Path

import pytest
from django.apps import apps
from django.db import connection, transaction

from audits.cases.models import Case, CaseStatus
from qms.core import bulk

pytestmark = pytest.mark.django_db

SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")
VALUES = {
    "DateField": [dt.date(2026, 3, 1), dt.date(1999, 12, 31), "2026-03-02",
                  dt.datetime(2026, 3, 3, 8, 0, tzinfo=SHANGHAI)],
    "DateTimeField": [dt.datetime(2026, 3, 1, 8, 30, 15, 123456, tzinfo=SHANGHAI),
                      dt.datetime(2026, 3, 1, 0, 30, tzinfo=dt.UTC),
                      dt.datetime(2026, 12, 31, 23, 59, 59, tzinfo=SHANGHAI), "2026-03-02T08:00:00+08:00"],
    # A history row's copy of a file field is text: the file's name, as the ORM's str() gives it.
    "TextField": ["窗口服务规范", "", 12, Path("standards/1/规范.docx")],
    "CharField": ["GB/T 1.1-2020", 3],
}


def _fields(kind: str):
    return [f for model in apps.get_models() for f in model._meta.concrete_fields
            if (f.target_field if f.is_relation else f).get_internal_type() == kind]


@pytest.mark.parametrize("kind", sorted(VALUES))
def test_fast_conversions_give_the_orms_values(kind):
    fields = _fields(kind)
    assert len(fields) > 10, kind
    for field in fields:
        convert = bulk._to_db(field, connection)
        for value in VALUES[kind]:
            assert convert(value) == field.get_db_prep_save(value, connection), (field, value)


def test_written_rows_read_back_with_their_dates_and_times():
    accepted = [dt.datetime(2026, 3, day, 23, 30, tzinfo=SHANGHAI) for day in range(1, 6)]
    cases = [Case(number=f"B-{i}", item_name="营业执照办理", accepted_at=at, accepted_day_id=at.date(),
                  finished_at=at + dt.timedelta(hours=2), finished_day_id=(at + dt.timedelta(hours=2)).date(),
                  status=CaseStatus.FINISHED) for i, at in enumerate(accepted)]
    with transaction.atomic():
        assert bulk.bulk_insert(Case, cases) == 5
    stored = Case.objects.order_by("number")
    assert [(c.accepted_at, c.accepted_day_id, c.finished_at, c.finished_day_id) for c in stored] == [
        (at, at.date(), at + dt.timedelta(hours=2), (at + dt.timedelta(hours=2)).date()) for at in accepted]
    assert Case.objects.filter(accepted_day_id=dt.date(2026, 3, 2)).count() == 1


def test_rows_given_as_plain_values_are_stored_as_the_same_instances_would_be():
    at = dt.datetime(2026, 3, 2, 9, 15, tzinfo=SHANGHAI)
    columns = [f.attname for f in Case._meta.concrete_fields if not f.primary_key]
    cases = [Case(number=f"P-{i}", item_name="营业执照办理", accepted_at=at, accepted_day_id=at.date(),
                  status=CaseStatus.OPEN, window="A01" if i else "") for i in range(3)]
    with transaction.atomic():
        bulk.bulk_insert(Case, cases)
        bulk.bulk_insert(Case, [{**{n: getattr(c, n) for n in columns}, "number": "V" + c.number} for c in cases])
    stored = {c.pop("number"): c for c in Case.objects.values(*columns)}
    assert [stored[f"VP-{i}"] for i in range(3)] == [stored[f"P-{i}"] for i in range(3)]
