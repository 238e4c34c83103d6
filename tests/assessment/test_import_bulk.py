"""The scoring-sheet import's write phase, pinned: `import_pin.json` holds what the row-by-row
path (a save per template, section and item) wrote for a province's sheet; the batched path must
write the same records, each with its history row carrying who and why, and a failure half-way
through writing leaves nothing behind."""

import json
import os
from pathlib import Path

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from qms.assessment import services
from qms.assessment.models import ScoringItem, ScoringSection, ScoringTemplate

from .test_import import PROVINCE_ROWS, upload

pytestmark = pytest.mark.django_db

PIN = Path(__file__).with_name("import_pin.json")
TEMPLATE_FIELDS = ("name", "description", "source", "total_points", "bonus_points", "pass_line", "step",
                   "is_example")
SECTION_FIELDS = ("order", "title", "max_points", "is_bonus", "is_veto")
ITEM_FIELDS = ("order", "code", "title", "requirement", "max_points", "guidance", "evidence_hint", "is_veto",
               "figure_key")
MODELS = (ScoringTemplate, ScoringSection, ScoringItem)


def _state(obj, fields) -> dict:
    return {f: str(getattr(obj, f)) for f in fields}


def _history(model, key) -> list:
    return sorted([key(h), h.history_type, h.history_user.username if h.history_user_id else None,
                   h.history_change_reason] for h in model.history.all())


def _snapshot() -> dict:
    sections = {s.pk: s.title for s in ScoringSection.objects.all()}
    return {
        "templates": [_state(t, TEMPLATE_FIELDS) for t in ScoringTemplate.objects.order_by("pk")],
        "sections": [_state(s, SECTION_FIELDS) for s in ScoringSection.objects.order_by("template", "order")],
        "items": [{**_state(i, ITEM_FIELDS), "section": i.section.title}
                  for i in ScoringItem.objects.select_related("section").order_by("section__order", "order")],
        "template_history": _history(ScoringTemplate, lambda h: h.name),
        "section_history": _history(ScoringSection, lambda h: h.title),
        "item_history": _history(ScoringItem, lambda h: [sections.get(h.section_id), h.title]),
    }


def test_batched_import_writes_what_the_row_by_row_path_wrote(office_user):
    services.template_import(actor=office_user, upload=upload(PROVINCE_ROWS), name="某省评分表")
    written = _snapshot()
    if os.environ.get("PIN_WRITE"):  # regenerate only from the row-by-row path
        PIN.write_text(json.dumps(written, ensure_ascii=False, indent=1, sort_keys=True), encoding="utf-8")
    assert json.loads(json.dumps(written)) == json.loads(PIN.read_text(encoding="utf-8"))
    rows = written["template_history"] + written["section_history"] + written["item_history"]
    assert len(rows) == 1 + 3 + 5 and {(r[1], r[2]) for r in rows} == {("+", "office")} and all(r[3] for r in rows)


def test_a_failure_half_way_through_the_write_phase_leaves_nothing(office_user, monkeypatch):
    def disk_full(*args, **kwargs):
        raise OSError("disk full")

    monkeypatch.setattr(ScoringItem.objects, "bulk_create", disk_full)
    monkeypatch.setattr(ScoringItem, "save", disk_full)
    with pytest.raises(OSError):
        services.template_import(actor=office_user, upload=upload(PROVINCE_ROWS), name="某省评分表")
    assert [m.objects.count() for m in MODELS] + [m.history.count() for m in MODELS] == [0] * 6


def test_import_queries_do_not_grow_with_rows(office_user):
    rows = [["序号", "考核项目", "考核要求", "分值"], ["一", "组织管理（100分）", None, None],
            *[[str(n), f"项目{n}", "要求", 2] for n in range(1, 51)], ["合计", None, None, 100]]
    with CaptureQueriesContext(connection) as ctx:
        template = services.template_import(actor=office_user, upload=upload(rows), name="五十项")
    assert template.sections.get().items.count() == 50
    assert len(ctx.captured_queries) <= 30  # a few per model, not one per item


def test_web_import_previews_then_confirms_as_one_import_batch(client, office_user):
    from qms.core.models import ImportBatch

    client.force_login(office_user)
    response = client.post("/assessments/templates/import/", {"name": "某省评分表", "step": "0.5",
                                                              "upload": upload(PROVINCE_ROWS)})
    page = response.content.decode()
    assert response.status_code == 200 and "确认导入" in page and 'data-count="items">计分项 5' in page
    assert "领导机构" in page and not ScoringTemplate.objects.exists()
    response = client.post("/assessments/templates/import/", {"token": response.context["token"], "confirm": "1"})
    template = ScoringTemplate.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/assessments/templates/{template.pk}/"
    assert (template.name, template.pass_line, template.step) == ("某省评分表", 85, 0.5)
    batch = ImportBatch.objects.get(importer="scoring_template_import")
    assert batch.outcome == "imported" and batch.plan["items"] == 5 and not batch.file


def test_web_import_names_every_bad_row_and_cannot_be_confirmed(client, office_user):
    from qms.core.models import ImportBatch

    rows = [list(r) for r in PROVINCE_ROWS]
    rows[4][3] = "二十"
    rows[7][3] = None
    client.force_login(office_user)
    response = client.post("/assessments/templates/import/", {"name": "坏表", "step": "0.5", "upload": upload(rows)})
    page = response.content.decode()
    assert "第 5 行“分值”列：“二十”不是数字" in page and "第 8 行“分值”列为空" in page
    assert not response.context["can_confirm"] and 'name="confirm"' not in page
    assert ImportBatch.objects.get(importer="scoring_template_import").outcome == "refused"
    assert not ScoringTemplate.objects.exists()
