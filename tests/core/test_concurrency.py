"""Simultaneous writers, each on its own thread and its own database connection (as under a
threaded or multi-process server): writes queue instead of failing, on SQLite as on PostgreSQL."""

import threading

import pytest
from django.db import connection, transaction

from audits.evaluation.models import Complaint
from audits.evaluation.services import complaints as complaint_svc
from audits.models import Nonconformity
from audits.models import Source as NCSource
from audits.services import nonconformity_raise
from qms.core.errors import ConcurrentEditError
from standards.services import standard_update

from ..factories import StandardFactory

pytestmark = pytest.mark.django_db(transaction=True)
THREADS, EACH = 10, 3


def _run_in_threads(count, work):
    """Start `count` threads at the same moment; return what each raised (None when it succeeded)."""
    start, errors = threading.Barrier(count), [None] * count

    def body(i):
        try:
            start.wait()
            work(i)
        except Exception as exc:  # noqa: BLE001 (the test reports every failure)
            errors[i] = exc
        finally:
            connection.close()

    threads = [threading.Thread(target=body, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    return errors


def test_ten_people_raising_nonconformities_at_once_all_succeed_with_distinct_numbers(office_user, departments):
    def work(i):
        for n in range(EACH):
            nonconformity_raise(actor=office_user, department=departments["tax"], description=f"并发 {i}-{n}",
                                grade="minor", source=NCSource.MANAGEMENT_REVIEW)

    errors = _run_in_threads(THREADS, work)
    assert [e for e in errors if e] == []
    numbers = list(Nonconformity.objects.values_list("number", flat=True))
    assert len(numbers) == len(set(numbers)) == THREADS * EACH


def test_ten_people_recording_complaints_at_once_all_succeed(office_user, departments):
    def work(i):
        for n in range(EACH):
            complaint_svc.complaint_create(actor=office_user, channel="phone", complainant_name=f"群众{i}",
                                           description=f"等候过久 {n}", department=departments["market"])

    errors = _run_in_threads(THREADS, work)
    assert [e for e in errors if e] == []
    assert Complaint.objects.values("number").distinct().count() == THREADS * EACH


def test_two_people_saving_the_same_standard_one_is_refused_naming_who_saved_first(office_user, departments):
    standard = StandardFactory(name="窗口服务规范")
    first_saved, outcome = threading.Event(), {}

    def first():
        # The first save stays uncommitted for a moment while the second person presses 保存.
        with transaction.atomic():
            standard_update(actor=office_user, standard=standard, expected_version=standard.version, name="甲改")
            first_saved.set()
            threading.Event().wait(0.5)

    def second():
        first_saved.wait(10)
        try:
            standard_update(actor=office_user, standard=standard, expected_version=standard.version, name="乙改")
        except Exception as exc:  # noqa: BLE001
            outcome["error"] = exc

    errors = _run_in_threads(2, lambda i: (first, second)[i]())
    assert errors == [None, None]
    assert isinstance(outcome.get("error"), ConcurrentEditError), outcome
    assert "已于" in str(outcome["error"])
    standard.refresh_from_db()
    assert standard.name == "甲改" and standard.version == 2
