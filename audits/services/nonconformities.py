"""Nonconformities: raise (from an audit or from any other source), acknowledge, edit, reopen.

`nonconformity_raise` is the public entry point for other apps. Each nonconformity starts with
one corrective-action round waiting for the department's plan; a closed one is read-only."""

import datetime as dt

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from qms.core.errors import ApplicationError, PermissionRefused
from qms.core.history import save_with_reason
from qms.core.notifications import notification_send
from qms.core.numbering import number_next
from qms.core.workflow import transition

from ..models import CAStatus, CorrectiveAction, Grade, NCStatus, Nonconformity, Source
from ..permissions import can_answer_nonconformity, can_judge_nonconformity, can_raise_nonconformity
from ..selectors.nonconformities import department_heads
from ..workflows import NONCONFORMITY_WORKFLOW
from .common import record_move, setting

NC_EDITABLE = ("description", "evidence", "clause", "grade", "standard", "source_ref")


def nonconformity_url(nonconformity: Nonconformity) -> str:
    return reverse("nonconformity-detail", args=[nonconformity.pk])


def notify_department(nonconformity: Nonconformity, *, verb: str, message: str, extra=()) -> None:
    recipients = [*department_heads(nonconformity.department_id), *extra]
    notification_send(recipients=recipients, verb=verb, message=message, url=nonconformity_url(nonconformity))


def open_round(*, nonconformity: Nonconformity, actor, start: dt.date) -> CorrectiveAction:
    """A new corrective-action round waiting for the department's plan."""
    last = nonconformity.actions.order_by("-round").first()
    action = CorrectiveAction(nonconformity=nonconformity, round=(last.round + 1) if last else 1,
                              status=CAStatus.TO_PLAN,
                              plan_due=start + dt.timedelta(days=setting("AUDITS_PLAN_DAYS", 10)))
    save_with_reason(action, actor=actor, reason=_("第 %(r)d 轮纠正措施") % {"r": action.round})
    record_move(nonconformity=nonconformity, corrective_action=action, actor=actor, from_status="",
                to_status=action.status, label=_("待制定纠正措施（第 %(r)d 轮）") % {"r": action.round})
    return action


def _validate(*, source, grade, description, department, from_audit: bool = False):
    if source not in Source.values:
        raise ApplicationError(_("未知的不符合项来源：%(s)s") % {"s": source}, field="source")
    if grade not in Grade.values:
        raise ApplicationError(_("请选择等级：严重、一般或观察项。"), field="grade")
    if grade == Grade.OBSERVATION and (source == Source.INTERNAL_AUDIT or from_audit):
        raise ApplicationError(_("内部审核的观察项记录在检查项上（结果选“观察项”），不开具编号的不符合项。"),
                               field="grade")
    if department is None:
        raise ApplicationError(_("请选择责任部门。"), field="department")
    if not (description or "").strip():
        raise ApplicationError(_("请描述不符合事实。"), field="description")


@transaction.atomic
def nonconformity_raise(*, actor, department, standard=None, clause: str = "", description: str,
                        evidence: str = "", grade: str, source: str, source_ref: str = "",
                        checklist_item=None, raised_on: dt.date | None = None) -> Nonconformity:
    """Record a nonconformity (NC-YYYY-NNN), open its first corrective-action round and tell the
    department's heads. Called by the checklist, the web form, and other apps."""
    if not can_raise_nonconformity(actor, source):
        raise PermissionRefused(_("您的角色不能开具该来源的不符合项。"))
    _validate(source=source, grade=grade, description=description, department=department,
              from_audit=checklist_item is not None)
    if checklist_item is not None and Nonconformity.objects.filter(checklist_item=checklist_item).exists():
        raise ApplicationError(_("该检查项已开具过不符合项。"))
    raised_on = raised_on or timezone.localdate()
    nonconformity = Nonconformity(
        number=number_next(key="NC", year=raised_on.year, width=3), source=source, source_ref=source_ref,
        audit=checklist_item.audit if checklist_item is not None else None, checklist_item=checklist_item,
        department=department, standard=standard, clause=clause.strip(), description=description.strip(),
        evidence=evidence.strip(), grade=grade, raised_by=actor, raised_on=raised_on,
    )
    save_with_reason(nonconformity, actor=actor, reason=_("开具不符合项"))
    record_move(nonconformity=nonconformity, actor=actor, from_status="", to_status=NCStatus.OPEN,
                label=_("开具（%(g)s）") % {"g": Grade(grade).label})
    action = open_round(nonconformity=nonconformity, actor=actor, start=raised_on)
    notify_department(nonconformity, verb="nonconformity", message=_(
        "%(dept)s 收到不符合项 %(n)s（%(g)s），请于 %(due)s 前提交纠正措施计划。"
    ) % {"dept": department, "n": nonconformity.number, "g": Grade(grade).label, "due": action.plan_due})
    return nonconformity


def _require_open(nonconformity: Nonconformity):
    if nonconformity.status == NCStatus.CLOSED:
        raise ApplicationError(_("不符合项 %(n)s 已关闭，只读；如需继续整改，请先重新打开。") % {"n": nonconformity.number})


@transaction.atomic
def nonconformity_update(*, actor, nonconformity: Nonconformity, reason: str = "", **fields) -> Nonconformity:
    """Correct the record (auditors, while it is open)."""
    nonconformity = Nonconformity.objects.select_for_update().get(pk=nonconformity.pk)
    if not can_judge_nonconformity(actor, nonconformity):
        raise PermissionRefused(_("只有内审员（非本部门）可以修改不符合项。"))
    _require_open(nonconformity)
    unknown = set(fields) - set(NC_EDITABLE)
    if unknown:
        raise ApplicationError(_("不能修改字段：%(f)s") % {"f": ", ".join(sorted(unknown))})
    for name, value in fields.items():
        setattr(nonconformity, name, value)
    _validate(source=nonconformity.source, grade=nonconformity.grade, description=nonconformity.description,
              department=nonconformity.department, from_audit=nonconformity.checklist_item_id is not None)
    return save_with_reason(nonconformity, actor=actor, reason=reason or _("修改不符合项"))


@transaction.atomic
def nonconformity_acknowledge(*, actor, nonconformity: Nonconformity, note: str = "") -> Nonconformity:
    """The auditee's confirmation (受审方确认) by the department's head."""
    nonconformity = Nonconformity.objects.select_for_update().get(pk=nonconformity.pk)
    if not can_answer_nonconformity(actor, nonconformity):
        raise PermissionRefused(_("只有“%(d)s”的部门负责人可以确认该不符合项。") % {"d": nonconformity.department})
    _require_open(nonconformity)
    if nonconformity.acknowledged_by_id:
        raise ApplicationError(_("该不符合项已于 %(t)s 确认。") % {
            "t": timezone.localtime(nonconformity.acknowledged_at).strftime("%Y-%m-%d")})
    nonconformity.acknowledged_by, nonconformity.acknowledged_at = actor, timezone.now()
    nonconformity.acknowledgement_note = note.strip()
    save_with_reason(nonconformity, actor=actor, reason=_("受审方确认"))
    record_move(nonconformity=nonconformity, actor=actor, from_status=nonconformity.status,
                to_status=nonconformity.status, label=_("受审方确认"), note=note.strip())
    return nonconformity


@transaction.atomic
def nonconformity_reopen(*, actor, nonconformity: Nonconformity, reason: str) -> Nonconformity:
    """Reopen a closed nonconformity (a reason is required) with a new corrective-action round."""
    nonconformity = Nonconformity.objects.select_for_update().get(pk=nonconformity.pk)
    NONCONFORMITY_WORKFLOW.check(nonconformity, actor, "reopen")
    if not (reason or "").strip():
        raise ApplicationError(_("重新打开必须填写原因。"), field="reason")
    nonconformity.closed_on = None
    transition(nonconformity, actor=actor, move="reopen", note=reason.strip())
    open_round(nonconformity=nonconformity, actor=actor, start=timezone.localdate())
    notify_department(nonconformity, verb="nonconformity", message=_(
        "不符合项 %(n)s 已重新打开：%(r)s") % {"n": nonconformity.number, "r": reason.strip()})
    return nonconformity
