"""The batched paths write what the one-by-one paths write: the history of standards, editions
and sign-offs stored at the end of `history_batched()`, a year of implementation checks, a tree
migration's standards. Each all or nothing."""

import datetime as dt
from contextlib import nullcontext

import pytest
from django.db import transaction
from simple_history.models import HistoricalRecords

from qms.core.errors import ApplicationError
from qms.core.models import WorkflowEvent
from qms.core.workflow import events_batched
from standards import services
from standards.models import Edition, ImplementationCheck, SignOff, Standard
from standards.models.history import history_batched
from standards.services.checks import implementation_checks_record_many

from .helpers import approve_through_workflow, docx_upload, make_in_force, make_standard

pytestmark = pytest.mark.django_db


class _Undo(Exception):
    pass


def _history(model, ids):
    """The history rows of the records `ids`, in the order written, record ids as ranks."""
    rank = {pk: i for i, pk in enumerate(sorted(ids))}
    return [(rank[h.id], h.history_type, h.history_change_reason, h.history_user_id,
             getattr(h, "status", ""), getattr(h, "version", None), bool(getattr(h, "document", "")))
            for h in model.history.filter(id__in=ids).order_by("history_id")]


def _snapshot(standards):
    standard_ids = [s.pk for s in standards]
    edition_ids = list(Edition.objects.filter(standard_id__in=standard_ids).values_list("pk", flat=True))
    signoff_ids = list(SignOff.objects.filter(edition_id__in=edition_ids).values_list("pk", flat=True))
    copies = [(row.history.history_type, row.history.history_change_reason, row.department_id)
              for row in HistoricalRecords.m2m_models[Standard._meta.get_field("applicable_departments")].objects
              .filter(history__id__in=standard_ids).select_related("history")
              .order_by("history__history_id", "department_id")]  # a row's links: no defined order
    rank = {pk: i for i, pk in enumerate(sorted(edition_ids))}
    events = [(rank[e.object_id], e.move, e.from_status, e.to_status, e.note, e.actor_id)
              for e in WorkflowEvent.objects.filter(object_id__in=edition_ids, workflow="edition").order_by("id")]
    return {"standards": _history(Standard, standard_ids), "editions": _history(Edition, edition_ids),
            "signoffs": _history(SignOff, signoff_ids), "departments": copies, "events": events}


def _a_standards_life(office, manager, departments):
    """Registered, drafted, reviewed, approved and published, revised and published again, its
    departments changed on the way."""
    standard = make_standard(office, code="301-01", applicable_departments=[departments["tax"]])
    first = services.edition_create(actor=office, standard=standard, number="Q/XZFW 301.01-2024",
                                    upload=docx_upload(["本标准规定了窗口服务的要求。"]))
    approve_through_workflow(first, office=office, reviewer=manager, manager=manager)
    standard.refresh_from_db()
    services.standard_update(actor=office, standard=standard, expected_version=standard.version,
                             applicable_departments=list(departments.values()), reason="扩大适用范围")
    other, _edition = make_in_force(office, code="301-02", number="Q/XZFW 301.02-2024",
                                    applicable_departments=[departments["tax"]])
    revision = services.edition_revision_start(actor=office, standard=standard, reason="补充预约要求")
    services.edition_set_document(actor=office, edition=revision,
                                  upload=docx_upload(["4.2 窗口应提供预约服务时段。"], name="revised.docx"))
    approve_through_workflow(revision, office=office, reviewer=manager, manager=manager)
    return [standard, other]


def _run(office, manager, departments, *, batched: bool, events: bool = False):
    """The life's records as written, then undone (both runs start from the same database)."""
    try:
        with transaction.atomic():
            with history_batched() if batched else nullcontext(), events_batched() if events else nullcontext():
                standards = _a_standards_life(office, manager, departments)
            snapshot = _snapshot(standards)
            raise _Undo
    except _Undo:
        return snapshot


def test_history_batched_writes_the_history_the_saves_write_one_by_one(office_user, manager_user, departments):
    one_by_one = _run(office_user, manager_user, departments, batched=False)
    batched = _run(office_user, manager_user, departments, batched=True)
    assert len(one_by_one["editions"]) > 10 and len(one_by_one["departments"]) > len(departments)
    assert batched == one_by_one


def test_history_batched_stores_nothing_when_it_fails_half_way(office_user, manager_user, departments):
    before = (Standard.objects.count(), Standard.history.count(), Edition.history.count())
    with pytest.raises(ApplicationError), history_batched():
        _a_standards_life(office_user, manager_user, departments)
        make_standard(office_user, code="301-01")  # the code is taken: refused half-way
    assert (Standard.objects.count(), Standard.history.count(), Edition.history.count()) == before


def test_a_save_undone_inside_the_batch_leaves_no_history_row(office_user, departments):
    with history_batched():
        kept = make_standard(office_user, code="301-01")
        try:
            with transaction.atomic():
                make_standard(office_user, code="301-02")
                raise _Undo
        except _Undo:
            pass
    assert list(Standard.history.filter(code__in=["301-01", "301-02"]).values_list("id", flat=True)) == [kept.pk]


def test_events_batched_writes_the_timeline_rows_written_one_by_one(office_user, manager_user, departments):
    one_by_one = _run(office_user, manager_user, departments, batched=False)
    batched = _run(office_user, manager_user, departments, batched=True, events=True)
    assert len(one_by_one["events"]) > 10
    assert batched == one_by_one


def test_events_batched_stores_nothing_when_it_fails_half_way(office_user, manager_user, departments):
    before = WorkflowEvent.objects.count()
    with pytest.raises(ApplicationError), events_batched():
        _a_standards_life(office_user, manager_user, departments)
        make_standard(office_user, code="301-01")  # the code is taken: refused half-way
    assert WorkflowEvent.objects.count() == before


def test_a_move_undone_inside_the_events_batch_leaves_no_timeline_row(office_user):
    standard = make_standard(office_user, code="301-01")
    with events_batched():
        kept = services.edition_create(actor=office_user, standard=standard, number="Q/XZFW 301.01-2024")
        try:
            with transaction.atomic():
                services.edition_withdraw(actor=office_user, edition=kept, reason="试")
                raise _Undo
        except _Undo:
            pass
    rows = WorkflowEvent.objects.filter(workflow="edition", object_id=kept.pk)
    assert list(rows.values_list("from_status", "to_status")) == [("", "draft")]


def _year_of_checks(office, auditor, departments):
    standards = [make_in_force(office, code=f"301-0{i}", number=f"Q/XZFW 301.0{i}-2024")[0] for i in (1, 2, 3)]
    return [{"actor": (office, auditor)[i % 2], "standard": s, "department": departments["tax"],
             "checked_on": dt.date(2026, 3, 1 + i), "result": ("conforming", "mostly")[i % 2],
             "notes": "个别记录填写不完整。" if i % 2 else ""}
            for i, s in enumerate(standards)]


def _checks_written():
    return ([(c.standard.code, c.edition_id, c.checker_id, c.department_id, c.checked_on, c.result, c.notes)
             for c in ImplementationCheck.objects.select_related("standard").order_by("pk")],
            [(h.history_type, h.history_change_reason, h.history_user_id, h.result)
             for h in ImplementationCheck.history.order_by("history_id")])


def test_checks_recorded_together_are_those_recorded_one_by_one(office_user, auditor_user, departments):
    specs = _year_of_checks(office_user, auditor_user, departments)
    with transaction.atomic():
        for spec in specs:
            services.implementation_check_record(**spec)
        one_by_one = _checks_written()
        transaction.set_rollback(True)
    implementation_checks_record_many(checks=specs)
    assert len(one_by_one[0]) == 3 and _checks_written() == one_by_one


def test_checks_recorded_together_all_or_none(office_user, auditor_user, departments):
    specs = _year_of_checks(office_user, auditor_user, departments)
    specs[1]["result"] = "mostly"
    specs[1]["notes"] = ""  # refused: 基本符合 without what was found
    with pytest.raises(ApplicationError):
        implementation_checks_record_many(checks=specs)
    assert not ImplementationCheck.objects.exists() and not ImplementationCheck.history.exists()


def _moved():
    return ([(s.code, s.former_code, s.node.code, s.version) for s in Standard.objects.order_by("pk")],
            _history(Standard, list(Standard.objects.values_list("pk", flat=True))),
            [(row.history.history_change_reason, row.standard_id, row.department_id)
             for row in HistoricalRecords.m2m_models[Standard._meta.get_field("applicable_departments")].objects
             # each history row's copies in history order; within one row, simple_history copies the
             # links in no defined order (no ORDER BY: PostgreSQL may return them as stored)
             .select_related("history").order_by("history__history_id", "department_id")])


def test_standards_moved_together_are_those_moved_one_by_one(office_user, departments):
    from standards.models import SystemNode
    from standards.services.standards import standards_move_many

    node = SystemNode.objects.get(code="302")
    first = make_standard(office_user, code="301-01", applicable_departments=[departments["tax"], departments["office"]])
    second = make_standard(office_user, code="301-02", applicable_departments=[departments["market"]])
    moves = [(second, "302-01", node), (first, "302-02", node)]
    with transaction.atomic():
        for standard, code, target in moves:
            standard = Standard.objects.get(pk=standard.pk)
            services.standard_update(actor=office_user, standard=standard, expected_version=standard.version,
                                     code=code, former_code=standard.former_code or standard.code, node=target,
                                     reason="体系迁移")
        one_by_one = _moved()
        transaction.set_rollback(True)
    standards_move_many(actor=office_user, moves=moves, reason="体系迁移")
    assert _moved() == one_by_one and one_by_one[0][0][:2] == ("302-02", "301-01")


def test_standards_moved_together_all_or_none(office_user, departments):
    from standards.models import SystemNode
    from standards.services.standards import standards_move_many

    node = SystemNode.objects.get(code="302")
    first = make_standard(office_user, code="301-01")
    second = make_standard(office_user, code="301-02")
    make_standard(office_user, code="302-01")
    before = _moved()
    with pytest.raises(ApplicationError):  # the second move's code is held by a standard staying put
        standards_move_many(actor=office_user, moves=[(first, "302-02", node), (second, "302-01", node)],
                            reason="体系迁移")
    assert _moved() == before
