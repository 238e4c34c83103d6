"""我的待办 from evaluation (see qms.core.todo): complaints to answer, management-review actions to
complete, findings of external evaluations still without follow-up (for the office). The same predicates as the pages where they are done."""

from django.urls import reverse

from qms.core.todo import Todo

from .models import OPEN_STATUSES, ActionStatus, Complaint, ReviewAction
from .permissions import can_handle_complaint, can_manage_evaluation
from .selectors.external import findings_without_follow_up


def todos(user, *, today):
    for complaint in Complaint.objects.filter(status__in=OPEN_STATUSES).select_related("department"):
        if can_handle_complaint(user, complaint):
            yield Todo(kind="答复投诉", title=f"{complaint.number} {complaint.department}",
                       url=reverse("complaint-detail", args=[complaint.pk]), due_on=complaint.due_on, today=today)
    for action in ReviewAction.objects.filter(owner=user, status=ActionStatus.OPEN).select_related("review"):
        yield Todo(kind="完成管理评审措施", title=f"{action.review.number} {action.description[:30]}",
                   url=reverse("review-detail", args=[action.review_id]), due_on=action.due_on, today=today)
    if can_manage_evaluation(user):
        for finding in findings_without_follow_up():
            evaluation = finding.evaluation
            yield Todo(kind="跟进外部评价问题", title=f"{evaluation.get_kind_display()} {finding.text[:30]}",
                       url=reverse("external-detail", args=[evaluation.pk]), due_on=None, today=today)
