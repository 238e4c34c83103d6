"""Overdue corrective actions: flagged by the selector, escalated daily by a beat task."""

import datetime as dt

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from qms.core.history import save_with_reason
from qms.core.notifications import notification_send

from ..selectors.nonconformities import corrective_actions_overdue, department_heads, managers
from .common import setting
from .nonconformities import nonconformity_url


@transaction.atomic
def corrective_actions_escalate(*, today: dt.date | None = None) -> int:
    """Notify the department's heads and management of each overdue action: once when it
    falls overdue, then again every AUDITS_ESCALATION_REPEAT_DAYS (7) while it stays overdue.
    Returns how many actions were escalated."""
    today = today or timezone.localdate()
    repeat = dt.timedelta(days=setting("AUDITS_ESCALATION_REPEAT_DAYS", 7))
    management = list(managers())
    count = 0
    for action in corrective_actions_overdue(today=today).select_for_update(of=("self",)):
        if action.escalated_on and action.escalated_on > today - repeat:
            continue
        nonconformity = action.nonconformity
        deadline = action.plan_due if action.status == "to_plan" else action.due_date
        message = _("督办：%(d)s 的不符合项 %(n)s 纠正措施“%(s)s”已逾期（期限 %(due)s，逾期 %(days)d 天）。") % {
            "d": nonconformity.department, "n": nonconformity.number, "s": action.get_status_display(),
            "due": deadline, "days": (today - deadline).days}
        notification_send(recipients=[*department_heads(nonconformity.department_id), *management],
                          verb="overdue", message=message, url=nonconformity_url(nonconformity))
        action.escalated_on = today
        save_with_reason(action, reason=_("逾期督办"))
        count += 1
    return count
