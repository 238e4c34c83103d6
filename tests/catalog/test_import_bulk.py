"""The 事项清单 import's write phase, pinned: `import_pin.json` holds what the row-by-row path
(item_create / item_update per line) wrote for one workbook that takes every branch: a new item
with every part, a new sub-item under a new item, a sub-item under a stored item, a stored item
changed (fields and whole part lists replaced), an unchanged one, a generated code, a step linked
to a post, a department created on the way. The batched path must write the same records, with
one history row each carrying who and why; a failure half-way through writing leaves nothing."""

import json
import os
from pathlib import Path

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from qms.org.models import Department
from standards.catalog import services
from standards.catalog.models import Fee, LegalBasis, Material, Post, ProcedureStep, ServiceItem

from .helpers import make_item
from .test_import import HEADER, IMMEDIATE, LICENCE, workbook

pytestmark = pytest.mark.django_db

PIN = Path(__file__).with_name("import_pin.json")
PARTS = {"bases": (LegalBasis, ("name", "article")),
         "materials": (Material, ("name", "form", "copies", "source", "required", "condition")),
         "steps": (ProcedureStep, ("name", "description", "responsible", "time_limit")),
         "fees": (Fee, ("name", "standard", "basis"))}
ITEM_FIELDS = ("name", "item_type", "implementing_body", "authorisation", "conditions", "case_kind",
               "statutory_limit", "promised_limit", "window", "advice_phone", "complaint_phone", "order",
               "is_active", "version")
CODE_HEADER = ["事项编码", *HEADER[1:3], "所属事项编码", *HEADER[3:]]


def _row(base, code, parent="", **changes):
    row = [code, *base[1:3], parent, *base[3:]]
    for index, value in changes.items():
        row[int(index[1:])] = value
    return row


UNCHANGED = _row(IMMEDIATE, "SW-001", c2="发票领用")


def _centre(office_user, departments):
    """What the system holds before the import."""
    Post.objects.create(department=departments["market"], name="审核岗")
    stored = make_item(office_user, departments["market"], name="食品经营许可", code="SCJG-100")
    services.items_import(actor=office_user, upload=workbook([UNCHANGED], header=CODE_HEADER))
    return stored


def _rows():
    licence = _row(LICENCE, "SCJG-100", c10="9个工作日")  # stored item: limit and every list replaced
    sub = _row(LICENCE, "", "SCJG-100", c2="食品经营许可（延续）", c6="延续申请书")
    new_parent = _row(LICENCE, "SCJG-200", c2="食品生产许可")
    new_sub = _row(LICENCE, "SCJG-200-01", "SCJG-200", c2="食品生产许可（变更）")
    fresh = _row(IMMEDIATE, "", c1="自然资源局", c2="不动产登记资料查询")
    return [new_sub, licence, sub, new_parent, UNCHANGED, fresh]


def _marks() -> dict:
    models = {"item": ServiceItem, "department": Department, **{k: m for k, (m, _f) in PARTS.items()}}
    return {k: m.history.order_by("-pk").values_list("pk", flat=True).first() or 0 for k, m in models.items()}


def _history(model, after: int, key) -> list:
    return sorted([key(h), h.history_type, h.history_user.username if h.history_user_id else None,
                   h.history_change_reason] for h in model.history.filter(pk__gt=after))


def _snapshot(before: dict) -> dict:
    codes = dict(ServiceItem.objects.values_list("pk", "code"))
    items = {}
    for item in ServiceItem.objects.select_related("department", "parent"):
        state = {f: getattr(item, f) for f in ITEM_FIELDS}
        state.update(department=item.department.name, parent=item.parent.code if item.parent_id else None)
        for kind, (model, fields) in PARTS.items():
            state[kind] = [[getattr(p, f) for f in fields] + ([p.post.name if p.post_id else None]
                                                             if kind == "steps" else [])
                           for p in model.objects.filter(item=item).order_by("order", "id")]
        items[item.code] = state
    return {
        "items": items,
        "departments": sorted([d.code, d.name] for d in Department.objects.all()),
        "item_history": _history(ServiceItem, before["item"], lambda h: h.code),
        "department_history": _history(Department, before["department"], lambda h: h.code),
        **{f"{kind}_history": _history(model, before[kind], lambda h: [codes.get(h.item_id), h.name])
           for kind, (model, _f) in PARTS.items()},
    }


def _import(office_user, departments):
    _centre(office_user, departments)
    before = _marks()
    report = services.items_import(actor=office_user, upload=workbook(_rows(), header=CODE_HEADER),
                                   create_departments=True)
    return report, _snapshot(before)


def test_batched_import_writes_what_the_row_by_row_path_wrote(office_user, departments):
    report, written = _import(office_user, departments)
    assert (report.created, report.updated, report.unchanged) == (4, 1, 1)
    assert report.new_departments == ["自然资源局"]
    if os.environ.get("PIN_WRITE"):  # regenerate only from the row-by-row path
        PIN.write_text(json.dumps(written, ensure_ascii=False, indent=1, sort_keys=True), encoding="utf-8")
    assert json.loads(json.dumps(written)) == json.loads(PIN.read_text(encoding="utf-8"))


def test_every_record_gets_its_history_row_with_who_and_why(office_user, departments):
    _report, written = _import(office_user, departments)
    rows = [r for key, value in written.items() if key.endswith("_history") for r in value]
    assert rows and {r[2] for r in rows} == {"office"}
    assert all(r[3] for r in rows)
    assert sorted(r[1] for r in written["item_history"]) == ["+", "+", "+", "+", "~"]


def test_dry_run_writes_nothing_and_reports_the_same(office_user, departments):
    _centre(office_user, departments)
    counts = [m.objects.count() for m in (ServiceItem, Department, LegalBasis, Material, ProcedureStep, Fee)]
    history = ServiceItem.history.count()
    report = services.items_import(actor=office_user, upload=workbook(_rows(), header=CODE_HEADER),
                                   create_departments=True, dry_run=True)
    assert (report.created, report.updated, report.unchanged) == (4, 1, 1)
    assert report.new_departments == ["自然资源局"]
    assert [m.objects.count() for m in (ServiceItem, Department, LegalBasis, Material, ProcedureStep, Fee)] == counts
    assert ServiceItem.history.count() == history


def test_a_failure_half_way_through_the_write_phase_leaves_nothing(office_user, departments, monkeypatch):
    _centre(office_user, departments)
    models = (ServiceItem, Department, LegalBasis, Material, ProcedureStep, Fee)
    counts = [m.objects.count() for m in models] + [m.history.count() for m in models]
    original = ProcedureStep.objects.bulk_create

    def disk_full(*args, **kwargs):
        raise OSError("disk full")

    monkeypatch.setattr(ProcedureStep.objects, "bulk_create", disk_full)
    with pytest.raises(OSError):  # departments, items, bases and materials written by then
        services.items_import(actor=office_user, upload=workbook(_rows(), header=CODE_HEADER),
                              create_departments=True)
    monkeypatch.setattr(ProcedureStep.objects, "bulk_create", original)
    assert [m.objects.count() for m in models] + [m.history.count() for m in models] == counts
    assert ServiceItem.objects.get(code="SCJG-100").promised_limit == 3


def test_import_queries_do_not_grow_with_rows(office_user, departments):
    rows = [_row(LICENCE, f"SCJG-{n:03d}", c2=f"食品经营许可{n}") for n in range(1, 41)]
    with CaptureQueriesContext(connection) as ctx:
        report = services.items_import(actor=office_user, upload=workbook(rows, header=CODE_HEADER))
    assert report.created == 40
    assert len(ctx.captured_queries) <= 80  # a few per model per batch, not a dozen per row
