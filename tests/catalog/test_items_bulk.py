"""The batched writers of items and posts (items_create, posts_create: the demo loader and any
caller creating many at once) write what the one-at-a-time services write: the same rows, codes,
parts and history rows (type, who, why, the work standards in a post's history), in a few
statements; a refusal or a failure half-way through writing leaves nothing behind."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from qms.core.errors import ApplicationError
from standards.catalog import services
from standards.catalog.models import Fee, LegalBasis, Material, Post, ProcedureStep, ServiceItem
from tests.factories import StandardFactory

from .helpers import BASES, MATERIALS, STEPS

pytestmark = pytest.mark.django_db

PARTS = (LegalBasis, Material, ProcedureStep, Fee)
SKIP = {"id", "item", "department", "parent", "created_at", "updated_at", "history_id", "history_date"}


def _spec(name, **extra):
    return {"name": name, "item_type": "licensing", "case_kind": "promised", "statutory_limit": 15,
            "promised_limit": 3, "bases": BASES, "materials": MATERIALS, "steps": STEPS,
            "fees": [{"name": "工本费", "standard": "每证10元", "basis": "价格文件"}], "window": "3号窗口",
            "complaint_phone": "12345", **extra}


def _values(obj, department) -> dict:
    """The row's fields, with the department's own code written as D (the two departments differ)."""
    return {f.attname: str(getattr(obj, f.attname)).replace(department.code, "D")
            for f in obj._meta.concrete_fields if f.name not in SKIP and f.attname not in {"item_id", "department_id",
                                                                                           "parent_id"}}


def _history(obj, department) -> list:
    return [(h.history_type, h.history_user.username, h.history_change_reason, _values(h, department))
            for h in obj.history.order_by("history_id")]


def _written(department) -> list:
    items = ServiceItem.objects.filter(department=department).order_by("pk")
    return [(_values(item, department), item.parent.name if item.parent else None, _history(item, department),
             [[(_values(part, department), _history(part, department))
               for part in model.objects.filter(item=item).order_by("pk")] for model in PARTS])
            for item in items]


def test_items_create_writes_what_item_create_writes(office_user, departments):
    market, tax = departments["market"], departments["tax"]
    parent = services.item_create(actor=office_user, department=market, reason="演示数据", **_spec("食品经营许可"))
    for suffix in ("变更", "延续"):
        services.item_create(actor=office_user, department=market, parent=parent, reason="演示数据",
                             **_spec(f"食品经营许可（{suffix}）"))
    services.item_create(actor=office_user, department=market, reason="演示数据", **_spec("发票领用", fees=[]))

    created = services.items_create(actor=office_user, reason="演示数据", items=[
        {**_spec("食品经营许可"), "department": tax,
         "sub_items": [_spec(f"食品经营许可（{suffix}）") for suffix in ("变更", "延续")]},
        {**_spec("发票领用", fees=[]), "department": tax}])

    assert [i.code for i in created] == ["SW-001", "SW-001-01", "SW-001-02", "SW-002"]
    assert _written(tax) == _written(market)
    assert len(_written(tax)) == 4 and _written(tax)[1][1] == "食品经营许可"


def test_items_create_takes_a_few_statements_whatever_the_number(office_user, departments):
    specs = [{**_spec(f"事项{n}"), "department": departments["market"]} for n in range(30)]
    with CaptureQueriesContext(connection) as ctx:
        services.items_create(actor=office_user, items=specs)
    assert ServiceItem.objects.count() == 30 and Material.objects.count() == 90
    assert len(ctx.captured_queries) < 40  # not a dozen per item


def test_items_create_refuses_a_broken_rule_and_writes_nothing(office_user, departments):
    specs = [{**_spec("事项甲"), "department": departments["market"]},
             {**_spec("事项乙", promised_limit=20), "department": departments["market"]}]
    with pytest.raises(ApplicationError):
        services.items_create(actor=office_user, items=specs)
    assert not ServiceItem.objects.exists() and not ServiceItem.history.exists()


def test_items_create_refuses_a_code_in_use(office_user, departments):
    services.items_create(actor=office_user, items=[{**_spec("事项甲"), "department": departments["market"]}])
    with pytest.raises(ApplicationError):
        services.items_create(actor=office_user, items=[
            {**_spec("事项乙"), "department": departments["market"]},
            {**_spec("事项丙"), "department": departments["market"], "code": "SCJG-001"}])
    assert ServiceItem.objects.count() == 1


def test_a_failure_while_writing_items_leaves_nothing(office_user, departments, monkeypatch):
    specs = [{**_spec(f"事项{n}"), "department": departments["market"]} for n in range(3)]

    def disk_full(*args, **kwargs):
        raise OSError("disk full")

    monkeypatch.setattr(Fee.objects, "bulk_create", disk_full)  # the last model written
    with pytest.raises(OSError):
        services.items_create(actor=office_user, items=specs)
    assert not ServiceItem.objects.exists() and not Material.objects.exists()
    assert not ServiceItem.history.exists() and not Material.history.exists()


def _posts(department) -> list:
    return [(post.name, post.duties, post.order, sorted(post.work_standards.values_list("pk", flat=True)),
             [(h.history_type, h.history_user.username, h.history_change_reason,
               sorted(m.standard_id for m in h.work_standards.all())) for h in post.history.order_by("history_id")])
            for post in Post.objects.filter(department=department).order_by("pk")]


def test_posts_create_writes_what_post_create_writes(office_user, departments):
    standards = [StandardFactory(), StandardFactory()]
    rows = [("首席代表岗", "统筹", 1, standards[:1]), ("受理岗", "受理", 2, []), ("审核岗", "审核", 3, standards)]
    for name, duties, order, linked in rows:
        services.post_create(actor=office_user, department=departments["market"], name=name, duties=duties,
                             order=order, work_standards=linked, reason="演示数据")
    services.posts_create(actor=office_user, reason="演示数据", posts=[
        {"department": departments["tax"], "name": name, "duties": duties, "order": order, "work_standards": linked}
        for name, duties, order, linked in rows])
    assert _posts(departments["tax"]) == _posts(departments["market"])
    assert [len(p[4]) for p in _posts(departments["tax"])] == [2, 1, 2]


def test_posts_create_refuses_a_name_in_use_and_writes_nothing(office_user, departments):
    services.post_create(actor=office_user, department=departments["market"], name="受理岗")
    with pytest.raises(ApplicationError):
        services.posts_create(actor=office_user, posts=[{"department": departments["market"], "name": "审核岗"},
                                                        {"department": departments["market"], "name": "受理岗"}])
    assert list(Post.objects.values_list("name", flat=True)) == ["受理岗"]
