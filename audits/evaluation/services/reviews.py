"""Management review: plan, department inputs, hold (attendees, minutes, conclusion), decisions
with actions, action completion and verification, close.

The moves of reviews and their actions are declared once in `audits.evaluation.workflows`."""

import datetime as dt

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from qms.core.errors import ApplicationError, ConcurrentEditError, PermissionRefused
from qms.core.history import save_with_reason
from qms.core.notifications import notification_send
from qms.core.numbering import number_next
from qms.core.workflow import event_record, transition

from ..models import (
    ActionStatus,
    ManagementReview,
    ReviewAction,
    ReviewDecision,
    ReviewInput,
    ReviewStatus,
)
from ..permissions import can_edit_review, can_write_department_input
from ..workflows import ACTION_WORKFLOW, REVIEW_WORKFLOW

R, A = ReviewStatus, ActionStatus


def _require_editor(actor):
    if not can_edit_review(actor):
        raise PermissionRefused(_("只有管理层或标准化办公室可以编辑管理评审。"))


def _locked(review: ManagementReview, expected_version: int | None = None) -> ManagementReview:
    locked = ManagementReview.objects.select_for_update().get(pk=review.pk)
    if expected_version is not None and locked.version != expected_version:
        raise ConcurrentEditError(_("该评审已被他人修改，请刷新后再保存。"))
    return locked


def _review_move(review: ManagementReview, *, move: str, actor, reason: str) -> ManagementReview:
    """A declared move of the review (`audits.evaluation.workflows.REVIEW_WORKFLOW`)."""
    review.version += 1
    return transition(review, actor=actor, move=move, note=reason, workflow=REVIEW_WORKFLOW)


@transaction.atomic
def review_create(*, actor, title: str, period_start: dt.date, period_end: dt.date, planned_on: dt.date,
                  location: str = "", chair=None) -> ManagementReview:
    """Plan a review of the period (usually the calendar year)."""
    _require_editor(actor)
    if not (title or "").strip():
        raise ApplicationError(_("请填写评审名称。"), field="title")
    if period_end < period_start:
        raise ApplicationError(_("评审期间的结束日期不能早于开始日期。"), field="period_end")
    review = ManagementReview(number=number_next(key="MR", year=planned_on.year, width=2), title=title.strip(),
                              period_start=period_start, period_end=period_end, planned_on=planned_on,
                              location=location.strip(), chair=chair, created_by=actor)
    return save_with_reason(review, actor=actor, reason=_("计划管理评审"))


@transaction.atomic
def review_input_save(*, actor, review: ManagementReview, department, text: str) -> ReviewInput:
    """A department's written input (its own head, the office or management may write it)."""
    if not can_write_department_input(actor, department):
        raise PermissionRefused(_("只能填写本部门的评审输入。"))
    if review.status == R.CLOSED:
        raise ApplicationError(_("评审已关闭，不能再修改输入。"))
    if not (text or "").strip():
        raise ApplicationError(_("请填写输入内容。"), field="text")
    row = ReviewInput.objects.filter(review=review, department=department).first() or ReviewInput(
        review=review, department=department)
    row.text, row.author = text.strip(), actor
    return save_with_reason(row, actor=actor, reason=_("部门评审输入"))


@transaction.atomic
def review_hold(*, actor, review: ManagementReview, held_on: dt.date, attendees, minutes: str,
                conclusion: str = "", other_attendees: str = "", expected_version: int | None = None
                ) -> ManagementReview:
    """Record that the review was held: date, attendees, minutes and conclusion."""
    _require_editor(actor)
    review = _locked(review, expected_version)
    if not (minutes or "").strip():
        raise ApplicationError(_("请填写会议纪要。"), field="minutes")
    if not attendees and not other_attendees.strip():
        raise ApplicationError(_("请选择参加人员。"), field="attendees")
    if held_on > timezone.localdate():
        raise ApplicationError(_("召开日期不能晚于今天。"), field="held_on")
    review.held_on, review.minutes = held_on, minutes.strip()
    review.conclusion, review.other_attendees = conclusion.strip(), other_attendees.strip()
    if review.status == R.PLANNED:
        _review_move(review, move="hold", actor=actor, reason=_("召开管理评审"))
    else:
        review.version += 1
        save_with_reason(review, actor=actor, reason=_("修改会议记录"))
    review.attendees.set(attendees)
    return review


@transaction.atomic
def review_close(*, actor, review: ManagementReview) -> ManagementReview:
    """Close the review once its conclusion is recorded. Open actions stay tracked."""
    review = _locked(review)
    return _review_move(review, move="close", actor=actor, reason=_("关闭评审"))


@transaction.atomic
def decision_record(*, actor, review: ManagementReview, text: str, actions=()) -> ReviewDecision:
    """A decision of the review and the actions it sets ({description, owner, due_on, department})."""
    _require_editor(actor)
    review = _locked(review)
    if review.status != R.HELD:
        raise ApplicationError(_("只有已召开、未关闭的评审可以记录决定。"))
    if not (text or "").strip():
        raise ApplicationError(_("请填写决定内容。"), field="text")
    decision = save_with_reason(ReviewDecision(review=review, text=text.strip(), created_by=actor),
                                actor=actor, reason=_("记录评审决定"))
    for action in actions:
        action_add(actor=actor, decision=decision, **action)
    return decision


def action_add(*, actor, decision: ReviewDecision, description: str, owner, due_on: dt.date,
               department=None) -> ReviewAction:
    _require_editor(actor)
    if not (description or "").strip():
        raise ApplicationError(_("请填写措施内容。"), field="description")
    if owner is None:
        raise ApplicationError(_("请指定责任人。"), field="owner")
    if due_on is None:
        raise ApplicationError(_("请填写完成期限。"), field="due_on")
    action = ReviewAction(decision=decision, review_id=decision.review_id, description=description.strip(),
                          owner=owner, department=department or owner.department, due_on=due_on)
    save_with_reason(action, actor=actor, reason=_("评审措施"))
    event_record(action, actor=actor, label=_("下达措施"), from_status="", workflow=ACTION_WORKFLOW.key)
    notification_send(recipients=[owner], verb="review_action",
                      message=_("管理评审措施：%(d)s（%(due)s 前完成）") % {"d": action.description[:80], "due": due_on},
                      url=reverse("review-detail", args=[decision.review_id]))
    return action


def _action_move(action: ReviewAction, *, move: str, actor, note: str) -> ReviewAction:
    """A declared move of the action (`audits.evaluation.workflows.ACTION_WORKFLOW`)."""
    return transition(action, actor=actor, move=move, note=note, workflow=ACTION_WORKFLOW)


@transaction.atomic
def action_complete(*, actor, action: ReviewAction, note: str, completed_on: dt.date | None = None) -> ReviewAction:
    """The owner reports the action done, with what was done."""
    action = ReviewAction.objects.select_for_update().get(pk=action.pk)
    ACTION_WORKFLOW.check(action, actor, "complete")
    if not (note or "").strip():
        raise ApplicationError(_("请填写完成情况。"), field="note")
    action.completion_note, action.completed_on = note.strip(), completed_on or timezone.localdate()
    return _action_move(action, move="complete", actor=actor, note=note.strip())


@transaction.atomic
def action_verify(*, actor, action: ReviewAction, effective: bool, note: str) -> ReviewAction:
    """Verify a completed action: effective closes it; not effective sends it back open."""
    action = ReviewAction.objects.select_for_update().get(pk=action.pk)
    ACTION_WORKFLOW.check(action, actor, "verify" if effective else "reject")
    if not (note or "").strip():
        raise ApplicationError(_("请填写验证意见。"), field="note")
    action.verification_note = note.strip()
    if effective:
        action.verified_by, action.verified_on = actor, timezone.localdate()
        return _action_move(action, move="verify", actor=actor, note=note.strip())
    return _action_move(action, move="reject", actor=actor, note=_("验证未通过：") + note.strip())
