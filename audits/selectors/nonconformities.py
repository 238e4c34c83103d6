"""Nonconformities: who sees which, who is told, what is overdue, the register's rows."""

import datetime as dt
from dataclasses import dataclass

from django.db.models import Prefetch, Q
from django.utils import timezone

from qms.org.models import ROLE_GROUP_NAMES, Role, User

from ..models import CA_FINISHED, CAStatus, CorrectiveAction, NCStatus, Nonconformity
from ..permissions import is_head_of, sees_all_nonconformities


def department_heads(department_id) -> list[User]:
    """Users holding the department-head role whose department is this one."""
    return list(User.objects.filter(department_id=department_id, is_active=True,
                                    groups__name=ROLE_GROUP_NAMES[Role.DEPARTMENT_HEAD]).distinct())


def managers() -> list[User]:
    return list(User.objects.filter(is_active=True, groups__name=ROLE_GROUP_NAMES[Role.MANAGER]).distinct())


def current_action_prefetch():
    return Prefetch("actions", queryset=CorrectiveAction.objects.select_related("owner", "change_request")
                    .order_by("round"))


def nonconformity_list_for_user(user):
    """All nonconformities for auditors, managers and the office; a department head's own
    department's only; none for anyone else."""
    base = Nonconformity.objects.select_related("department", "standard__node", "audit", "raised_by")
    if sees_all_nonconformities(user):
        return base
    if is_head_of(user, getattr(user, "department_id", None)):
        return base.filter(department_id=user.department_id)
    return base.none()


def overdue_q(today: dt.date, prefix: str = "") -> Q:
    """An action is overdue when the department's pending step is late: no plan by `plan_due`
    (待制定), or not done by `due_date` (实施中)."""
    return (Q(**{f"{prefix}status": CAStatus.TO_PLAN, f"{prefix}plan_due__lt": today})
            | Q(**{f"{prefix}status": CAStatus.IMPLEMENTING, f"{prefix}due_date__lt": today}))


def corrective_actions_overdue(*, today: dt.date | None = None):
    today = today or timezone.localdate()
    return (CorrectiveAction.objects.filter(overdue_q(today), nonconformity__status=NCStatus.OPEN)
            .select_related("nonconformity__department"))


def is_overdue(action: CorrectiveAction, today: dt.date | None = None) -> bool:
    today = today or timezone.localdate()
    if action.status == CAStatus.TO_PLAN:
        return action.plan_due < today
    return action.status == CAStatus.IMPLEMENTING and action.due_date is not None and action.due_date < today


def current_action(nonconformity: Nonconformity) -> CorrectiveAction | None:
    """The open round, or the last one when all are finished (uses prefetched actions)."""
    actions = list(nonconformity.actions.all())
    open_rounds = [a for a in actions if a.status not in CA_FINISHED]
    return open_rounds[-1] if open_rounds else (actions[-1] if actions else None)


@dataclass
class RegisterFilters:
    year: int | None = None
    department_id: int | None = None
    grade: str = ""
    status: str = ""
    overdue: bool = False


def register_queryset(user, filters: RegisterFilters, *, today: dt.date | None = None):
    """The nonconformities a user may see, narrowed by year, department, grade, status
    (a nonconformity status, or a corrective-action status of the open round) and overdue."""
    today = today or timezone.localdate()
    queryset = nonconformity_list_for_user(user)
    if filters.year:
        queryset = queryset.filter(raised_on__year=filters.year)
    if filters.department_id:
        queryset = queryset.filter(department_id=filters.department_id)
    if filters.grade:
        queryset = queryset.filter(grade=filters.grade)
    if filters.status in NCStatus.values:
        queryset = queryset.filter(status=filters.status)
    elif filters.status in CAStatus.values:
        queryset = queryset.filter(actions__status=filters.status)
    if filters.overdue:
        queryset = queryset.filter(overdue_q(today, "actions__"), status=NCStatus.OPEN)
    return queryset.distinct().prefetch_related(current_action_prefetch()).order_by("raised_on", "number")


def register_rows(queryset, *, today: dt.date | None = None) -> list[dict]:
    """Plain rows for the register page and its Excel file."""
    today = today or timezone.localdate()
    rows = []
    for nc in queryset:
        action = current_action(nc)
        rows.append({
            "pk": nc.pk, "number": nc.number, "raised_on": nc.raised_on, "source": nc.get_source_display(),
            "source_ref": nc.source_ref, "department": str(nc.department),
            "standard": f"{nc.standard.code} {nc.standard.name}" if nc.standard else "",
            "clause": nc.clause, "description": nc.description, "grade": nc.get_grade_display(),
            "grade_value": nc.grade, "status": nc.get_status_display(), "status_value": nc.status,
            "round": action.round if action else None,
            "action_status": action.get_status_display() if action else "",
            "action_status_value": action.status if action else "",
            "root_cause": action.root_cause if action else "", "action_plan": action.action_plan if action else "",
            "owner": action.owner.display_name if action and action.owner else "",
            "due_date": (action.plan_due if action.status == CAStatus.TO_PLAN else action.due_date) if action else None,
            "overdue": bool(action) and nc.status == NCStatus.OPEN and is_overdue(action, today),
            "closed_on": nc.closed_on,
            "change_request": str(action.change_request) if action and action.change_request else "",
        })
    return rows
