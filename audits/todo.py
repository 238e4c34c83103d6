"""我的待办 from audits (see qms.core.todo): nonconformities to acknowledge, corrective-action steps
(the department's plan and completion, the auditor's review and verification), checklist items
still to record in audits under way, improvements to complete, an auditor's own qualification
about to expire (renew it before the next audit). The same predicates as the pages where they are done."""

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
from .permissions import can_answer_nonconformity
from .selectors.auditors import EXPIRY_WARNING_DAYS, expiring_qualification
from .workflows import CORRECTIVE_ACTION_WORKFLOW


def _nonconformities(user, today):
    if not user.department_id:
        return
    for nc in Nonconformity.objects.filter(status=NCStatus.OPEN, department=user.department_id,
                                           acknowledged_at__isnull=True):
        if can_answer_nonconformity(user, nc):
            yield Todo(kind="确认不符合项", title=nc.number, url=reverse("nonconformity-detail", args=[nc.pk]),
                       today=today)


def _actions(user, today):
    """A round's next step for whoever the declared workflow lets take it (the same rule as the
    step forms on the nonconformity's page)."""
    open_rounds = (CorrectiveAction.objects.filter(nonconformity__status=NCStatus.OPEN)
                   .exclude(status__in=[CAStatus.EFFECTIVE, CAStatus.INEFFECTIVE])
                   .select_related("nonconformity__department"))
    for action in open_rounds:
        moves = [m for m in CORRECTIVE_ACTION_WORKFLOW.available(action, user) if not m.reason_required
                 or m.name in ("effective", "ineffective")]
        if not moves:
            continue
        nc = action.nonconformity
        due = action.plan_due if action.status == CAStatus.TO_PLAN else (
            action.due_date if action.status == CAStatus.IMPLEMENTING else action.effectiveness_review_on)
        yield Todo(kind=str(moves[0].label), title=f"{nc.number} 第{action.round}轮",
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


def _qualification(user, today):
    """An auditor whose qualification expires within EXPIRY_WARNING_DAYS days sees it."""
    if not has_role(user, Role.AUDITOR):
        return
    qualification = expiring_qualification(user, today)
    if qualification is not None:
        yield Todo(kind=f"内审员资格{EXPIRY_WARNING_DAYS}天内到期，请复训换证",
                   title=f"{qualification.course}（{qualification.certificate_number}）",
                   url=reverse("auditor-list"), due_on=qualification.expires_on, today=today)


def todos(user, *, today):
    yield from _improvements(user, today)
    yield from _nonconformities(user, today)
    yield from _actions(user, today)
    yield from _checklists(user, today)
    yield from _qualification(user, today)
