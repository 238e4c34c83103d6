"""Batched generation (procedure_standards_generate_all) writes what the per-item service
writes: the same standard, edition, document, text, status row, GeneratedEdition row, item link,
and history with who and why; and a chunk that fails while writing leaves nothing behind."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from qms.core.documents.text import document_text
from qms.core.models import WorkflowEvent
from standards.catalog import services
from standards.catalog.documents.procedure import render_procedure_standard_with_text
from standards.catalog.models import GeneratedEdition, ServiceItem
from standards.catalog.services import generation
from standards.models import Edition, Standard

from .helpers import make_item

pytestmark = pytest.mark.django_db


def _written(item: ServiceItem) -> dict:
    """What generation left for one item, with its own codes and number blanked out."""
    item.refresh_from_db()
    standard = item.procedure_standard
    edition = standard.editions.get()
    code, number = standard.code, edition.number

    def plain(text):
        return str(text).replace(number, "N").replace(code, "C").replace(item.code, "I")

    history = [(h.history_type, h.history_user.username, plain(h.history_change_reason))
               for h in standard.history.order_by("history_id")]
    return {
        "standard": {f: plain(getattr(standard, f)) for f in ("name", "level", "origin", "status", "plan", "number",
                                                               "version", "responsible_department_id",
                                                               "drafting_department_id", "owner_id", "node_id")},
        "departments": list(standard.applicable_departments.values_list("pk", flat=True)),
        "edition": {f: plain(getattr(edition, f)) for f in ("seq", "number", "title", "status", "text",
                                                             "document_name", "created_by_id")},
        "document_is_the_text": bool(edition.document) and len(edition.document.read()) > 0,
        "status": [(c.from_status, c.to_status, c.actor.username, plain(c.note)) for c in edition.status_changes.all()],
        "generated": [(g.item_id == item.pk, len(g.content_hash)) for g in GeneratedEdition.objects.filter(edition=edition)],
        "first_reasons": {"standard": history[0], "edition": plain(edition.history.last().history_change_reason),
                          "item": plain(item.history.first().history_change_reason)},
        "m2m_in_latest_history": [d.department_id for d in standard.history.first().applicable_departments.all()],
        "item_version": item.version,
    }


def test_batched_generation_writes_what_the_per_item_service_writes(office_user, departments):
    one = make_item(office_user, departments["market"])
    services.procedure_standard_generate(actor=office_user, item=one)
    two = make_item(office_user, departments["market"])
    results = services.procedure_standards_generate_all(actor=office_user)
    assert [r.outcome for r in results] == ["unchanged", "created"]
    assert _written(two) == _written(one)
    assert two.procedure_standard.code == "302-02"


def test_batched_generation_queries_do_not_grow_with_items(office_user, departments):
    for n in range(12):
        make_item(office_user, departments["market"], name=f"事项{n}")
    with CaptureQueriesContext(connection) as ctx:
        results = services.procedure_standards_generate_all(actor=office_user)
    assert [r.outcome for r in results] == ["created"] * 12
    assert len(ctx.captured_queries) < 60  # a handful per batch, not a dozen per item


def test_a_failure_while_writing_a_chunk_leaves_nothing(office_user, departments, monkeypatch):
    make_item(office_user, departments["market"])
    make_item(office_user, departments["tax"], name="发票领用")

    def disk_full(*args, **kwargs):
        raise OSError("disk full")

    monkeypatch.setattr(GeneratedEdition.objects, "bulk_create", disk_full)
    with pytest.raises(OSError):
        services.procedure_standards_generate_all(actor=office_user)
    assert (Standard.objects.count(), Edition.objects.count(), WorkflowEvent.objects.count()) == (0, 0, 0)
    assert not ServiceItem.objects.filter(procedure_standard__isnull=False).exists()
    assert Standard.history.count() == 0


def test_batched_text_is_the_text_read_back_from_the_stored_file(office_user, departments):
    make_item(office_user, departments["market"], fees=[{"name": "工本费", "standard": "每证10元", "basis": "价格文件"}])
    make_item(office_user, departments["tax"], name="发票领用", conditions="申请人为纳税人\n已办理税务登记")
    services.procedure_standards_generate_all(actor=office_user)
    editions = list(Edition.objects.all())
    assert len(editions) == 2
    for edition in editions:
        with edition.document.open("rb") as stored:
            assert edition.text == document_text("docx", stored.read())
    assert any("工本费" in edition.text for edition in editions)


def test_a_failure_while_rendering_half_way_through_a_chunk_leaves_nothing(office_user, departments, monkeypatch):
    for n in range(4):
        make_item(office_user, departments["market"], name=f"事项{n}")
    rendered = []

    def render_then_fail(context):
        if len(rendered) == 2:
            raise OSError("out of memory")
        rendered.append(context["data"]["code"])
        return render_procedure_standard_with_text(context)

    monkeypatch.setattr(generation, "render_procedure_standard_with_text", render_then_fail)
    with pytest.raises(OSError):
        services.procedure_standards_generate_all(actor=office_user)
    assert len(rendered) == 2
    assert (Standard.objects.count(), Edition.objects.count(), WorkflowEvent.objects.count()) == (0, 0, 0)
    assert (Standard.history.count(), Edition.history.count(), GeneratedEdition.history.count()) == (0, 0, 0)
    assert not ServiceItem.objects.filter(procedure_standard__isnull=False).exists()
    assert ServiceItem.history.filter(history_type="~").count() == 0
