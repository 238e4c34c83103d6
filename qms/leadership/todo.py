"""我的待办 from the leading group (see qms.core.todo): decisions to carry out (their owner),
decisions to verify (the office), and the current approved plan's targets that are behind (the
head of the responsible department; the office for the centre-wide ones)."""

from django.db.models import Q
from django.urls import reverse

from qms.core.todo import Todo
from qms.org.models import Role
from qms.org.roles import has_role, is_department_head

from .models import Decision, DecisionStatus
from .services.targets import approved_plan, target_rows


def todos(user, *, today):
    for decision in Decision.objects.filter(owner=user, status=DecisionStatus.OPEN).select_related("meeting"):
        yield Todo(kind="落实领导小组决议", title=decision.text[:40], url=decision.get_absolute_url(),
                   due_on=decision.due_on, today=today)
    office = has_role(user, Role.OFFICE)
    if office:
        for decision in Decision.objects.filter(status=DecisionStatus.DONE).select_related("meeting"):
            yield Todo(kind="验证领导小组决议落实情况", title=decision.text[:40], url=decision.get_absolute_url())
    yield from _targets_behind(user, today=today, office=office)


def _targets_behind(user, *, today, office: bool):
    head = is_department_head(user) and user.department_id is not None
    if not (office or head):
        return
    plan = approved_plan(today.year)
    if plan is None:
        return
    mine = Q(pk__in=[])
    if office:
        mine |= Q(department__isnull=True)
    if head:
        mine |= Q(department_id=user.department_id)
    targets = plan.targets.filter(mine).select_related("department")
    if not targets:
        return
    for row in target_rows(plan, as_of=today, targets=targets):
        if row.behind:
            who = f"（{row.target.department}）" if row.target.department_id else ""
            yield Todo(kind="计划目标未达成", title=f"{row.label}{who} {row.value_text}，目标 {row.target_text}",
                       url=reverse("leadership-plan-detail", args=[plan.pk]) + "#targets")
