"""Scoring templates: create from data (the example fixture, an Excel import), edit sections and
items, and check that the points add up before a template is used."""

import json
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.db.models import Max

from qms.core.bulk import PendingWrites, clean_for_bulk
from qms.core.errors import ApplicationError, PermissionRefused
from qms.core.figures import figure_get
from qms.core.history import save_with_reason

from .. import rules
from ..importer import template_data_from_workbook
from ..models import ScoringItem, ScoringSection, ScoringTemplate
from ..permissions import can_edit_assessment

EXAMPLE_FIXTURE = Path(settings.BASE_DIR) / "fixtures" / "示例模板.json"
TEMPLATE_FIELDS = ("name", "description", "source", "total_points", "bonus_points", "pass_line", "step")
SECTION_FIELDS = ("title", "max_points", "is_bonus", "is_veto", "order")
ITEM_FIELDS = ("code", "title", "requirement", "max_points", "guidance", "evidence_hint", "is_veto",
               "figure_key", "order")


def require_editor(actor):
    if not can_edit_assessment(actor):
        raise PermissionRefused("只有标准化办公室和管理层可以编辑计分表和自评。")


@transaction.atomic
def template_create_from_data(*, actor, data: dict, is_example: bool = False,
                              reason: str = "") -> ScoringTemplate:
    """Create a template with its sections and items from the fixture's shape: the sections and
    items are written in batches, each with its history row (who and why)."""
    if actor is not None:
        require_editor(actor)
    template = ScoringTemplate(is_example=is_example,
                               **{f: data[f] for f in TEMPLATE_FIELDS if data.get(f) not in (None, "")})
    save_with_reason(template, actor=actor, reason=reason or "新建计分表模板")
    writes = PendingWrites(actor=actor, reason=reason)
    for s_order, section_data in enumerate(data["sections"], start=1):
        section = writes.add(ScoringSection(template=template, order=s_order, title=section_data["title"],
                                            max_points=section_data.get("max_points") or 0,
                                            is_bonus=section_data.get("is_bonus", False),
                                            is_veto=section_data.get("is_veto", False)))
        clean_for_bulk(section)
        for i_order, item_data in enumerate(section_data["items"], start=1):
            item = writes.add(ScoringItem(section=section, order=i_order,
                                          code=item_data.get("code") or f"{s_order}.{i_order}",
                                          **{f: item_data[f] for f in ITEM_FIELDS
                                             if f not in ("code", "order") and f in item_data}))
            clean_for_bulk(item)
    writes.write_model(ScoringSection)
    writes.write_model(ScoringItem)
    return template


def template_load_example(*, actor) -> ScoringTemplate:
    """The shipped 示例模板 (not an official sheet)."""
    data = json.loads(EXAMPLE_FIXTURE.read_text(encoding="utf-8"))
    return template_create_from_data(actor=actor, data=data, is_example=True, reason="载入示例模板")


@dataclass
class TemplateImportPlan:
    """What importing a scoring sheet would create (the preview), or why it cannot: every bad row
    named with its row, column and why."""

    filename: str
    name: str
    data: dict | None = None
    errors: list[str] = field(default_factory=list)
    template: ScoringTemplate | None = None

    @property
    def sections(self) -> list[dict]:
        return self.data["sections"] if self.data else []

    @property
    def counts(self) -> dict[str, int]:
        return {"sections": len(self.sections), "items": sum(len(s["items"]) for s in self.sections),
                "errors": len(self.errors)}


def template_import_preview(*, upload, name: str, filename: str = "", pass_line: Decimal | None = None,
                            step: Decimal = Decimal("0.5")) -> TemplateImportPlan:
    """Read and check a province's sheet, writing nothing. A file that is not a scoring sheet at
    all is refused (ApplicationError); row errors come back in `errors`."""
    plan = TemplateImportPlan(filename=filename or getattr(upload, "name", "") or "workbook.xlsx", name=name)
    try:
        plan.data = template_data_from_workbook(upload, name=name, pass_line=pass_line, step=step)
    except ApplicationError as error:
        if not error.extra.get("errors"):
            raise
        plan.errors = list(error.extra["errors"])
    return plan


@transaction.atomic
def template_import(*, actor, upload, name: str, pass_line: Decimal | None = None,
                    step: Decimal = Decimal("0.5")) -> ScoringTemplate:
    """Import a province's sheet from Excel; all or nothing (see importer)."""
    require_editor(actor)
    data = template_data_from_workbook(upload, name=name, pass_line=pass_line, step=step)
    return template_create_from_data(actor=actor, data=data, reason=f"由 Excel 导入：{data['source']}")


def template_problems(template: ScoringTemplate) -> list[str]:
    sections = [(s.title, s.max_points, s.is_bonus, s.is_veto, [i.max_points for i in s.items.all()])
                for s in template.sections.prefetch_related("items")]
    return rules.template_problems(total_points=template.total_points, bonus_points=template.bonus_points,
                                   pass_line=template.pass_line, sections=sections)


def template_require_consistent(template: ScoringTemplate) -> None:
    problems = template_problems(template)
    if problems:
        raise ApplicationError(f"计分表“{template.name}”的分值不一致，请先修改：" + "；".join(problems))


@transaction.atomic
def template_update(*, actor, template: ScoringTemplate, **fields) -> ScoringTemplate:
    require_editor(actor)
    for name, value in fields.items():
        if name not in TEMPLATE_FIELDS:
            raise ApplicationError(f"不能修改字段：{name}")
        setattr(template, name, value)
    return save_with_reason(template, actor=actor, reason="修改计分表")


@transaction.atomic
def section_save(*, actor, template: ScoringTemplate, section: ScoringSection | None = None,
                 **fields) -> ScoringSection:
    require_editor(actor)
    if section is None:
        top = template.sections.aggregate(m=Max("order"))["m"] or 0
        section = ScoringSection(template=template, order=top + 1)
    for name, value in fields.items():
        if name in SECTION_FIELDS:
            setattr(section, name, value)
    return save_with_reason(section, actor=actor, reason="编辑计分表部分")


@transaction.atomic
def item_save(*, actor, section: ScoringSection, item: ScoringItem | None = None, **fields) -> ScoringItem:
    require_editor(actor)
    key = fields.get("figure_key")
    if key and figure_get(key) is None:
        raise ApplicationError(f"没有名为“{key}”的指标。", field="figure_key")
    if item is None:
        top = section.items.aggregate(m=Max("order"))["m"] or 0
        item = ScoringItem(section=section, order=top + 1)
    for name, value in fields.items():
        if name in ITEM_FIELDS:
            setattr(item, name, value)
    if not item.code:
        item.code = f"{section.order}.{item.order}"
    return save_with_reason(item, actor=actor, reason="编辑计分项")


@transaction.atomic
def item_delete(*, actor, item: ScoringItem) -> None:
    require_editor(actor)
    if item.scores.exists():
        raise ApplicationError(f"计分项“{item.title}”已有自评得分，不能删除。")
    item.delete()


@transaction.atomic
def section_delete(*, actor, section: ScoringSection) -> None:
    require_editor(actor)
    if ScoringItem.objects.filter(section=section, scores__isnull=False).exists():
        raise ApplicationError(f"“{section.title}”中已有自评得分，不能删除。")
    section.delete()
