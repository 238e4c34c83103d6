"""The workflows of evaluation and improvement, declared once: complaints, surveys, window
scorecards, management reviews and their actions. See `qms.core.workflow`."""

from django.utils.translation import gettext_lazy as _

from qms.core.workflow import Move, Rule, Workflow, workflow_register

from .models import ActionStatus, ComplaintStatus, ReviewStatus, Scorecard, Survey
from .permissions import can_complete_action, can_edit_review, can_handle_complaint, can_manage_evaluation

S, R, A = ComplaintStatus, ReviewStatus, ActionStatus

HANDLER = Rule(can_handle_complaint, _("只有标准化办公室或被投诉窗口的部门负责人可以处理该投诉。"))

COMPLAINT_WORKFLOW = workflow_register(Workflow(
    key="complaint", label=_("投诉"), model="evaluation.Complaint", statuses=S,
    describe=lambda c: str(_("投诉 %(n)s") % {"n": c.number}),
    moves=(
        Move("investigate", (S.RECEIVED,), S.INVESTIGATING, _("调查"), HANDLER, reason_required=True,
             button=False),
        Move("reply", (S.RECEIVED, S.INVESTIGATING), S.REPLIED, _("答复"), HANDLER, button=False),
        Move("close", (S.REPLIED,), S.CLOSED, _("办结"), HANDLER, button=False),
        Move("reopen", (S.REPLIED,), S.INVESTIGATING, _("投诉人不满意，重新调查"), HANDLER, reason_required=True,
             button=False),
    ),
))

OFFICE = Rule(lambda user, obj: can_manage_evaluation(user), _("只有标准化办公室可以管理评议调查。"))
SURVEY_WORKFLOW = workflow_register(Workflow(
    key="survey", label=_("评议调查"), model="evaluation.Survey", statuses=Survey.Status,
    describe=lambda s: str(_("调查“%(t)s”") % {"t": s.title}),
    moves=(
        Move("open", (Survey.Status.DRAFT,), Survey.Status.OPEN, _("开始收集"), OFFICE, style="primary",
             view="survey-transition", method="post"),
        Move("close", (Survey.Status.OPEN,), Survey.Status.CLOSED, _("结束调查"), OFFICE,
             style="outline-secondary", view="survey-transition", method="post"),
    ),
))

SCORECARD_WORKFLOW = workflow_register(Workflow(
    key="scorecard", label=_("窗口考评"), model="evaluation.Scorecard", statuses=Scorecard.Status,
    describe=lambda card: str(_("%(w)s %(m)s 考评") % {"w": card.department, "m": f"{card.month:%Y-%m}"}),
    moves=(
        Move("publish", (Scorecard.Status.DRAFT,), Scorecard.Status.PUBLISHED, _("通报"),
             Rule(lambda user, obj: can_manage_evaluation(user), _("只有标准化办公室可以通报考评结果。")),
             button=False),  # the month's 通报 publishes every window's card at once
    ),
))

EDITOR = Rule(lambda user, obj: can_edit_review(user), _("只有管理层或标准化办公室可以编辑管理评审。"))


def _has_conclusion(review, context):
    if not (review.conclusion or "").strip():
        return _("请先填写评审结论。")
    return None


REVIEW_WORKFLOW = workflow_register(Workflow(
    key="management_review", label=_("管理评审"), model="evaluation.ManagementReview", statuses=R,
    describe=lambda r: str(_("管理评审 %(n)s") % {"n": r.number}),
    moves=(
        Move("hold", (R.PLANNED,), R.HELD, _("召开管理评审"), EDITOR, button=False),  # the minutes form
        Move("close", (R.HELD,), R.CLOSED, _("关闭评审"), EDITOR, _has_conclusion, view="review-close",
             style="outline-secondary", method="post"),
    ),
))

OWNER = Rule(can_complete_action, _("只有责任人、管理层或标准化办公室可以填报完成情况。"))
ACTION_WORKFLOW = workflow_register(Workflow(
    key="review_action", label=_("评审措施"), model="evaluation.ReviewAction", statuses=A,
    describe=lambda a: str(_("评审措施“%(d)s”") % {"d": a.description[:30]}),
    moves=(
        Move("complete", (A.OPEN,), A.DONE, _("填报完成"), OWNER, reason_required=True,
             view="review-action-complete", style="link"),
        Move("verify", (A.DONE,), A.CLOSED, _("验证"), EDITOR, reason_required=True, view="review-action-verify",
             style="link"),  # the verify page also offers 验证未通过 (reject)
        Move("reject", (A.DONE,), A.OPEN, _("验证未通过"), EDITOR, reason_required=True, button=False,
             view="review-action-verify"),
    ),
))
