"""我的待办 from audits (see qms.core.todo): nonconformities to acknowledge, corrective-action steps
(the department's plan and completion, the auditor's review and verification), checklist items
still to record in audits under way, improvements to complete. The same predicates as the pages where they are done."""

from django.db.models import Count, Q
from django.urls import reverse

from qms.core.todo import Todo
from qms.org.models import Role
from qms.org.roles import has_role

from .models import (
    Audit,
    AuditStatus,
    CAStatus,
    CorrectiveAction,
    Improvement,
    ImprovementStatus,
    NCStatus,
    Nonconformity,
)
from .permissions import can_answer_nonconformity, can_judge_nonconformity

HEAD_STEPS = {CAStatus.TO_PLAN: "制定纠正措施", CAStatus.IMPLEMENTING: "完成纠正措施"}
AUDITOR_STEPS = {CAStatus.TO_REVIEW: "审核纠正措施计划", CAStatus.TO_VERIFY: "验证纠正措施"}


def _nonconformities(user, today):
    if not user.department_id:
        return
    for nc in Nonconformity.objects.filter(status=NCStatus.OPEN, department=user.department_id,
                                           acknowledged_at__isnull=True):
        if can_answer_nonconformity(user, nc):
            yield Todo(kind="确认不符合项", title=nc.number, url=reverse("nonconformity-detail", args=[nc.pk]),
                       today=today)


def _actions(user, today):
    steps = {**HEAD_STEPS, **AUDITOR_STEPS}
    for action in (CorrectiveAction.objects.filter(nonconformity__status=NCStatus.OPEN, status__in=list(steps))
                   .select_related("nonconformity")):
        nc = action.nonconformity
        mine = (can_answer_nonconformity(user, nc) or action.owner_id == user.pk if action.status in HEAD_STEPS
                else can_judge_nonconformity(user, nc))
        if mine:
            due = action.plan_due if action.status == CAStatus.TO_PLAN else (
                action.due_date if action.status == CAStatus.IMPLEMENTING else None)
            yield Todo(kind=steps[action.status], title=f"{nc.number} 第{action.round}轮",
                       url=reverse("nonconformity-detail", args=[nc.pk]), due_on=due, today=today)


def _checklists(user, today):
    if not has_role(user, Role.AUDITOR, Role.OFFICE):
        return
    audits = (Audit.objects.filter(Q(lead_auditor=user) | Q(team=user), status=AuditStatus.IN_PROGRESS).distinct()
              .annotate(open_items=Count("items", filter=Q(items__result=""), distinct=True)))
    for audit in audits:
        if audit.open_items:
            yield Todo(kind="记录检查结果", title=f"{audit}（{audit.open_items} 项）",
                       url=reverse("audit-checklist", args=[audit.pk]), due_on=audit.end_date, today=today)


def _improvements(user, today):
    for improvement in Improvement.objects.filter(owner=user, status=ImprovementStatus.OPEN):
        yield Todo(kind="完成持续改进", title=str(improvement), url=reverse("improvement-list"),
                   due_on=improvement.due_on, today=today)


def todos(user, *, today):
    yield from _improvements(user, today)
    yield from _nonconformities(user, today)
    yield from _actions(user, today)
    yield from _checklists(user, today)
