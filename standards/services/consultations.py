"""Consultation (征求意见): open a comment period on a draft, take comments, dispose of each,
and close it (which sends the edition on to review)."""

import datetime as dt

from django.db import transaction
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from qms.core.calendar import working_day_add
from qms.core.errors import ApplicationError, PermissionRefused, TransitionRefused
from qms.core.history import save_with_reason
from qms.core.notifications import notification_send
from qms.core.workflow import transition
from qms.org.selectors import organisation_profile

from ..models import Comment, Consultation, Edition, EditionStatus
from ..models.consultation import CloseBasis
from ..permissions import can_comment, can_edit_standards, is_drafter
from ..selectors.people import department_users
from ..workflows import EDITION_WORKFLOW
from .editions import edition_transition
from .workflow import notify_reviewers

S = EditionStatus


def _require_office(actor, message):
    if not can_edit_standards(actor):
        raise PermissionRefused(message)


def consultation_min_working_days() -> int:
    """The centre's minimum consultation period, in working days (default 10)."""
    return organisation_profile().consultation_min_working_days


def consultation_earliest_deadline(today: dt.date) -> dt.date:
    """The earliest deadline allowed for a consultation opened `today`, on the office's calendar
    (the shared calendar, qms.core.calendar)."""
    return working_day_add(today, consultation_min_working_days())


@transaction.atomic
def consultation_open(*, actor, edition: Edition, deadline: dt.date, departments=(), people=(),
                      note: str = "") -> Consultation:
    """Send a draft out for comment until `deadline`, to departments and/or named people."""
    edition = Edition.objects.select_for_update().get(pk=edition.pk)
    EDITION_WORKFLOW.check(edition, actor, "consult")
    if deadline is None or deadline < timezone.localdate():
        raise ApplicationError(_("截止日期不能早于今天。"), field="deadline")
    earliest = consultation_earliest_deadline(timezone.localdate())
    if deadline < earliest:
        raise ApplicationError(_("征求意见期不少于 %(n)d 个工作日（按本单位日历计算节假日和调休），截止日期最早为 %(d)s。")
                               % {"n": consultation_min_working_days(), "d": earliest.isoformat()}, field="deadline")
    departments, people = list(departments), list(people)
    if not departments and not people:
        raise ApplicationError(_("请选择征求意见的部门或人员。"), field="departments")
    edition_transition(edition=edition, to_status=S.CONSULTATION, actor=actor, move="consult",
                       note=_("征求意见，截止 %(d)s") % {"d": deadline.isoformat()})
    consultation = Consultation(edition=edition, deadline=deadline, note=note, opened_by=actor)
    save_with_reason(consultation, actor=actor, reason=_("发起征求意见"))
    consultation.departments.set(departments)
    consultation.people.set(people)
    recipients = list(department_users([d.pk for d in departments])) + people
    notification_send(
        recipients=[r for r in recipients if r.pk != actor.pk], verb="comments_requested",
        message=_("请在 %(d)s 前对 %(n)s《%(t)s》（征求意见稿）提出意见。")
        % {"d": deadline.isoformat(), "n": edition.number, "t": edition.title},
        url=reverse("consultation-detail", kwargs={"pk": consultation.pk}),
    )
    return consultation


@transaction.atomic
def comment_submit(*, actor, consultation: Consultation, text: str = "", clause: str = "", quote: str = "",
                   no_objection: bool = False) -> Comment:
    """A person asked (or the office) comments on a clause or a quoted passage, or answers
    无意见 (which counts as an answer and needs no disposition)."""
    consultation = Consultation.objects.select_for_update().get(pk=consultation.pk)
    if consultation.status != Consultation.Status.OPEN:
        raise TransitionRefused(_("征求意见已结束，不能再提出意见。"))
    if timezone.localdate() > consultation.deadline:
        raise TransitionRefused(_("征求意见已于 %(d)s 截止。") % {"d": consultation.deadline.isoformat()})
    if not can_comment(actor, consultation):
        raise PermissionRefused(_("本次征求意见未征求您或您所在部门的意见。"))
    if no_objection:
        text = (text or "").strip() or _("无意见")
    if not (text or "").strip():
        raise ApplicationError(_("请填写意见内容。"), field="text")
    if not no_objection and not (clause or "").strip() and not (quote or "").strip():
        raise ApplicationError(_("请填写意见针对的章条编号，或引用原文。"), field="clause")
    seq = (consultation.comments.aggregate(m=Max("seq"))["m"] or 0) + 1
    comment = Comment(consultation=consultation, seq=seq, author=actor, department=actor.department,
                      clause=clause.strip(), quote=quote.strip(), text=text.strip(), no_objection=no_objection)
    return save_with_reason(comment, actor=actor, reason=_("提出意见"))


@transaction.atomic
def comment_dispose(*, actor, comment: Comment, disposition: str, reason: str = "", changed_clause: str = "",
                    no_change_reason: str = "") -> Comment:
    """The office records 采纳 / 部分采纳 / 不采纳; the last two need a reason. A comment taken in
    names the clause changed in the text (or why no change was needed): review cannot start
    until it does (conditions.comments_taken_in)."""
    _require_office(actor, _("只有标准化办公室可以处理意见。"))
    comment = Comment.objects.select_for_update().select_related("consultation").get(pk=comment.pk)
    if comment.consultation.status != Consultation.Status.OPEN:
        raise TransitionRefused(_("征求意见已结束，处理意见不能再修改。"))
    if disposition not in (Comment.Disposition.ACCEPTED, Comment.Disposition.PARTLY, Comment.Disposition.REJECTED):
        raise ApplicationError(_("请选择处理意见：采纳、部分采纳或不采纳。"), field="disposition")
    if disposition != Comment.Disposition.ACCEPTED and not (reason or "").strip():
        raise ApplicationError(_("部分采纳或不采纳须说明理由。"), field="reason")
    comment.disposition, comment.disposition_reason = disposition, (reason or "").strip()
    taken = disposition != Comment.Disposition.REJECTED
    comment.changed_clause = (changed_clause or "").strip() if taken else ""
    comment.no_change_reason = (no_change_reason or "").strip() if taken else ""
    comment.disposed_by, comment.disposed_at = actor, timezone.now()
    return save_with_reason(comment, actor=actor, reason=_("处理意见：%(d)s") % {"d": comment.get_disposition_display()})


@transaction.atomic
def consultation_close(*, actor, consultation: Consultation, reviewer=None) -> Consultation:
    """Close the comment period and send the edition to review. Refused while any comment has
    no disposition (the close move's condition)."""
    consultation = Consultation.objects.select_for_update().select_related("edition").get(pk=consultation.pk)
    consultation.close_basis = consultation_close_basis(consultation)
    consultation.closed_by, consultation.closed_at = actor, timezone.now()
    transition(consultation, actor=actor, move="close", note=_("结束征求意见"))
    edition = Edition.objects.select_for_update().get(pk=consultation.edition_id)
    if reviewer is not None:
        if is_drafter(reviewer, edition):
            raise ApplicationError(_("起草人不能审核自己起草的版本。"), field="reviewer")
        edition.reviewer = reviewer
    total = consultation.comments.count()
    edition_transition(edition=edition, to_status=S.REVIEW, actor=actor, move="consultation_done",
                       note=_("征求意见结束（%(b)s），共 %(n)d 条意见均已处理，提交审核")
                       % {"n": total, "b": consultation.get_close_basis_display()})
    notify_reviewers(edition)
    return consultation


def consultation_unanswered(consultation: Consultation) -> list[str]:
    """Who was asked and has not answered: named people without a comment, and departments
    from which nobody has commented."""
    authors = list(consultation.comments.values_list("author_id", "author__department_id"))
    people = {a for a, _d in authors}
    departments = {d for _a, d in authors}
    missing = [str(p) for p in consultation.people.all() if p.pk not in people]
    missing += [str(d) for d in consultation.departments.all() if d.pk not in departments]
    return missing


def consultation_close_basis(consultation: Consultation) -> str:
    """期满 once the deadline has passed; before it only when everyone asked has answered."""
    if timezone.localdate() > consultation.deadline:
        return CloseBasis.DEADLINE
    missing = consultation_unanswered(consultation)
    if missing:
        raise TransitionRefused(_("征求意见截止日期为 %(d)s，尚未反馈的有：%(m)s；全部被征求人反馈后方可提前结束。")
                                % {"d": consultation.deadline.isoformat(), "m": "、".join(missing)})
    return CloseBasis.ALL_ANSWERED
