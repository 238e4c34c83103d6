"""Periodic review (复审) of in-house standards: record the outcome; 修订 starts a revision, 废止 withdraws."""

import datetime as dt

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from qms.core.errors import ApplicationError, PermissionRefused, TransitionRefused
from qms.core.history import save_with_reason
from qms.core.notifications import notification_send

from ..models import EditionStatus, Origin, PeriodicReview, Standard
from ..permissions import can_edit_standards
from ..selectors.lifecycle import add_years, reviews_due
from ..selectors.people import users_with_role
from ..selectors.references import reference_problems
from .editions import edition_withdraw
from .workflow import edition_revision_start

# Days before (positive) or after (negative) the due date on which reminders go out.
REMINDER_DAYS = (90, 30, 7, 0)
OVERDUE_REMINDER_EVERY = 30


@transaction.atomic
def periodic_review_record(*, actor, standard: Standard, outcome: str, reasons: str,
                           reviewed_on: dt.date | None = None) -> PeriodicReview:
    if not can_edit_standards(actor):
        raise PermissionRefused(_("只有标准化办公室可以登记复审结论。"))
    if outcome not in PeriodicReview.Outcome.values:
        raise ApplicationError(_("请选择复审结论。"), field="outcome")
    if not (reasons or "").strip():
        raise ApplicationError(_("请填写复审理由。"), field="reasons")
    standard = Standard.objects.select_for_update().get(pk=standard.pk)
    if standard.origin != Origin.IN_HOUSE:
        raise ApplicationError(_("%(c)s 是采用的外部标准，不做复审，请做有效性确认。") % {"c": standard.code})
    edition = standard.editions.filter(status=EditionStatus.IN_FORCE).first()
    if edition is None:
        raise TransitionRefused(_("%(c)s 没有现行版本，无需复审。") % {"c": standard.code})
    last = standard.periodic_reviews.filter(edition=edition).first()
    base = last.reviewed_on if last else (edition.effective_on or timezone.localdate())
    review = PeriodicReview(standard=standard, edition=edition, due_on=add_years(base, standard.review_cycle_years),
                            reviewed_on=reviewed_on or timezone.localdate(), outcome=outcome,
                            reasons=reasons.strip(), reviewed_by=actor)
    if outcome == PeriodicReview.Outcome.REVISE:
        review.revision = edition_revision_start(actor=actor, standard=standard,
                                                 reason=_("复审结论：修订。%(r)s") % {"r": reasons.strip()})
    save_with_reason(review, actor=actor, reason=_("复审：%(o)s") % {"o": review.get_outcome_display()})
    if outcome == PeriodicReview.Outcome.WITHDRAW:
        edition_withdraw(actor=actor, edition=edition, reason=_("复审结论：废止。%(r)s") % {"r": reasons.strip()})
    return review


def _reminder_due(days_left: int) -> bool:
    if days_left in REMINDER_DAYS:
        return True
    return days_left < 0 and (-days_left) % OVERDUE_REMINDER_EVERY == 0


def review_reminders_send(*, today: dt.date | None = None) -> int:
    """Notify the office and each standard's owner of reviews coming due (90, 30, 7 days before
    and on the day) and overdue (every 30 days). Stateless: a given day sends each reminder once."""
    today = today or timezone.localdate()
    office = list(users_with_role("office"))
    sent = 0
    due = [row for row in reviews_due(today=today) if _reminder_due(row.days_left)]
    problems = _reference_problems_by_standard([row.standard.pk for row in due], today)
    for row in due:
        if row.overdue:
            text = _("%(c)s %(n)s 复审已逾期 %(d)d 天（应于 %(due)s 复审）。")
        else:
            text = _("%(c)s %(n)s 应于 %(due)s 前复审（还有 %(d)d 天）。")
        notification_send(
            recipients=office + ([row.standard.owner] if row.standard.owner else []), verb="review_due",
            message=text % {"c": row.standard.code, "n": row.edition.number, "d": abs(row.days_left),
                            "due": row.due_on.isoformat()} + problems.get(row.standard.pk, ""),
            url=reverse("periodic-review-list"),
        )
        sent += 1
    return sent


def _reference_problems_by_standard(standard_ids: list[int], today: dt.date) -> dict[int, str]:
    """'引用问题：…' to add to a reminder, per standard with problems in its references."""
    found: dict[int, list[str]] = {}
    for problem in reference_problems(today=today, standard_ids=standard_ids) if standard_ids else []:
        found.setdefault(problem.edition.standard_id, []).append(problem.message)
    return {pk: _("复审时请一并处理引用问题：%(p)s") % {"p": "".join(messages)} for pk, messages in found.items()}
