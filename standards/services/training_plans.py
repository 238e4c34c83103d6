"""The yearly training plan (年度培训计划) and training attended outside (外部培训)."""

import datetime as dt
from decimal import Decimal

from django.db import transaction
from django.utils.translation import gettext as _

from qms.core.errors import ApplicationError, PermissionRefused
from qms.core.history import save_with_reason

from ..models import EditionStatus, ExternalTraining, TrainingPlan, TrainingPlanItem
from ..permissions import can_edit_standards


def _require_office(actor):
    if not can_edit_standards(actor):
        raise PermissionRefused(_("只有标准化办公室可以管理培训计划和培训档案。"))


@transaction.atomic
def training_plan_create(*, actor, year: int, title: str = "", notes: str = "") -> TrainingPlan:
    _require_office(actor)
    if TrainingPlan.objects.filter(year=year).exists():
        raise ApplicationError(_("%(y)d 年的培训计划已存在。") % {"y": year}, field="year")
    plan = TrainingPlan(year=year, title=(title or "").strip() or _("%(y)d年度培训计划") % {"y": year}, notes=notes,
                        created_by=actor)
    return save_with_reason(plan, actor=actor, reason=_("编制年度培训计划"))


@transaction.atomic
def training_plan_item_add(*, actor, plan: TrainingPlan, topic: str, month: int, departments=(), audience: str = "",
                           editions=(), trainer: str = "") -> TrainingPlanItem:
    """A planned training. It needs an audience: departments, or a roles/people text."""
    _require_office(actor)
    departments, editions = list(departments), list(editions)
    if not departments and not (audience or "").strip():
        raise ApplicationError(_("请选择参训部门或填写参训对象。"), field="departments")
    withdrawn = [e.number for e in editions if e.status == EditionStatus.WITHDRAWN]
    if withdrawn:
        raise ApplicationError(_("已废止的版本不能列入培训计划：%(n)s") % {"n": "、".join(withdrawn)}, field="editions")
    item = TrainingPlanItem(plan=plan, topic=(topic or "").strip(), month=month, audience=(audience or "").strip(),
                            trainer=(trainer or "").strip())
    save_with_reason(item, actor=actor, reason=_("增加计划培训"))
    item.departments.set(departments)
    item.editions.set(editions)
    return item


@transaction.atomic
def external_training_record(*, actor, user, course: str, organiser: str, started_on: dt.date, ended_on: dt.date,
                             hours: Decimal, certificate_number: str = "") -> ExternalTraining:
    """外部培训 of one person (省级培训班等), with the certificate number if one was issued."""
    _require_office(actor)
    if ended_on < started_on:
        raise ApplicationError(_("结束日期不能早于开始日期。"), field="ended_on")
    if hours is None or Decimal(hours) <= 0:
        raise ApplicationError(_("学时应大于 0。"), field="hours")
    record = ExternalTraining(user=user, course=(course or "").strip(), organiser=(organiser or "").strip(),
                              started_on=started_on, ended_on=ended_on, hours=Decimal(hours),
                              certificate_number=(certificate_number or "").strip(), created_by=actor)
    return save_with_reason(record, actor=actor, reason=_("登记外部培训"))
