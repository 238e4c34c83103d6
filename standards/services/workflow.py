"""The review-and-approval path of an edition, and revisions.

draft --submit--> review --reviewer signs--> pending approval --manager approves--> approved
--effective date--> in force. Each step is a guarded move of the edition's workflow
plus, where someone signs, a SignOff row. Who may make each move is declared once in
`standards.workflows.EDITION_WORKFLOW`."""

import datetime as dt
import re

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from qms.core.errors import ApplicationError, PermissionRefused, TransitionRefused
from qms.core.history import save_with_reason
from qms.core.notifications import notification_send
from qms.core.workflow import transition

from ..models import Edition, EditionStatus, Plan, SignOff, Standard
from ..permissions import can_edit_standards, is_drafter
from ..selectors.people import approvers_for, reviewers_for, users_with_role
from ..workflows import EDITION_WORKFLOW
from .editions import SYSTEM, _publish, edition_create, edition_transition
from .signoffs import signoff_record

S = EditionStatus
REVISION_TARGET_DAYS = 180  # default target for finishing a revision once started


def _edition_url(edition: Edition) -> str:
    return reverse("edition-detail", kwargs={"pk": edition.pk})


def _locked(edition: Edition) -> Edition:
    return Edition.objects.select_for_update().select_related("standard").get(pk=edition.pk)


def notify_reviewers(edition: Edition) -> None:
    notification_send(recipients=reviewers_for(edition), verb="review_requested",
                      message=_("请审核 %(n)s《%(t)s》。") % {"n": edition.number, "t": edition.title},
                      url=_edition_url(edition))


@transaction.atomic
def edition_submit(*, actor, edition: Edition, reviewer=None, note: str = "") -> Edition:
    """The office submits a draft for review (skipping consultation), optionally naming the reviewer."""
    edition = _locked(edition)
    if reviewer is not None:
        if is_drafter(reviewer, edition):
            raise ApplicationError(_("起草人不能审核自己起草的版本。"), field="reviewer")
        edition.reviewer = reviewer
    edition_transition(edition=edition, to_status=S.REVIEW, actor=actor, note=note or _("提交审核"))
    notify_reviewers(edition)
    return edition


@transaction.atomic
def edition_review_sign(*, actor, edition: Edition, approve: bool, note: str = "") -> Edition:
    """The reviewer signs off (to pending approval) or sends back to draft with reasons."""
    edition = _locked(edition)
    if edition.status != S.REVIEW:
        raise TransitionRefused(_("版本 %(n)s 当前不在审核阶段。") % {"n": edition.number})
    if not approve and not note.strip():
        raise ApplicationError(_("退回修改须说明理由。"), field="note")
    to_status = S.PENDING_APPROVAL if approve else S.DRAFT
    edition_transition(edition=edition, to_status=to_status, actor=actor,
                       note=note or _("审核通过"))
    decision = SignOff.Decision.APPROVED if approve else SignOff.Decision.RETURNED
    signoff_record(edition=edition, kind=SignOff.Kind.REVIEW, decision=decision, actor=actor, note=note)
    if approve:
        notification_send(recipients=approvers_for(edition), verb="approval_requested",
                          message=_("请批准 %(n)s《%(t)s》。") % {"n": edition.number, "t": edition.title},
                          url=_edition_url(edition))
    else:
        _notify_returned(edition, note)
    return edition


def _notify_returned(edition: Edition, note: str) -> None:
    recipients = list(users_with_role("office")) + [edition.created_by]
    notification_send(recipients=recipients, verb="returned",
                      message=_("%(n)s 被退回修改：%(r)s") % {"n": edition.number, "r": note},
                      url=_edition_url(edition))


@transaction.atomic
def edition_approve(*, actor, edition: Edition, approve: bool, note: str = "",
                    effective_on: dt.date | None = None) -> Edition:
    """A manager (not the drafter) approves (审定) with the effective date, or sends back with
    reasons. Approval fixes the publication date; if the effective date is today or past the
    edition is put in force at once, otherwise the daily job does it on that date."""
    edition = _locked(edition)
    if edition.status != S.PENDING_APPROVAL:
        raise TransitionRefused(_("版本 %(n)s 当前不在待批准阶段。") % {"n": edition.number})
    if not approve:
        if not note.strip():
            raise ApplicationError(_("退回修改须说明理由。"), field="note")
        edition_transition(edition=edition, to_status=S.DRAFT, actor=actor, note=note)
        signoff_record(edition=edition, kind=SignOff.Kind.APPROVAL, decision=SignOff.Decision.RETURNED,
                       actor=actor, note=note)
        _notify_returned(edition, note)
        return edition
    effective_on = effective_on or edition.effective_on
    if effective_on is None:
        raise ApplicationError(_("请填写实施日期。"), field="effective_on")
    edition.effective_on = effective_on
    edition.published_on = timezone.localdate()
    edition_transition(edition=edition, to_status=S.APPROVED, actor=actor, note=note or _("批准发布"))
    signoff_record(edition=edition, kind=SignOff.Kind.APPROVAL, decision=SignOff.Decision.APPROVED,
                   actor=actor, note=note)
    if effective_on <= timezone.localdate():
        _publish(actor=actor, edition=edition, note=_("批准后即日实施"), on_approval=True)
    return edition


@transaction.atomic
def edition_return(*, actor, edition: Edition, reason: str) -> Edition:
    """The office takes an edition back to draft (退回修改) from consultation, review or approval."""
    if not (reason or "").strip():
        raise ApplicationError(_("退回修改须说明理由。"), field="reason")
    edition = _locked(edition)
    EDITION_WORKFLOW.check(edition, actor, "return")
    if edition.status == S.CONSULTATION:
        for consultation in edition.consultations.filter(status="open"):
            consultation.closed_by, consultation.closed_at = actor, timezone.now()
            transition(consultation, actor=actor, move="abort", note=_("退回修改，征求意见中止"))
    edition_transition(edition=edition, to_status=S.DRAFT, actor=actor, note=reason.strip(), move="return")
    return edition


def next_edition_number(number: str, year: int) -> str:
    """'Q/XZFW 301.01-2024' -> 'Q/XZFW 301.01-2026': the year part follows the revision."""
    if re.search(r"-\d{4}$", number):
        return re.sub(r"-\d{4}$", f"-{year}", number)
    return f"{number}-{year}"


@transaction.atomic
def edition_revision_start(*, actor, standard: Standard, reason: str, number: str = "") -> Edition:
    """Start a revision (修订): a new draft carrying the in-force edition's text, document and
    title. Refused while another edition of the standard is still being worked on."""
    if not can_edit_standards(actor):
        raise PermissionRefused(_("只有标准化办公室可以启动修订。"))
    standard = Standard.objects.select_for_update().get(pk=standard.pk)
    current = standard.editions.filter(status=S.IN_FORCE).order_by().first()  # one at most
    if current is None:
        raise TransitionRefused(_("%(c)s 没有现行版本，无法修订。") % {"c": standard.code})
    open_edition = standard.editions.exclude(status__in=[S.IN_FORCE, S.SUPERSEDED, S.WITHDRAWN]).first()
    if open_edition is not None:
        raise TransitionRefused(_("%(c)s 已有进行中的版本 %(n)s（%(s)s）。")
                                % {"c": standard.code, "n": open_edition.number,
                                   "s": open_edition.get_status_display()})
    number = number.strip() or next_edition_number(current.number, timezone.localdate().year)
    edition = edition_create(actor=actor, standard=standard, number=number, title=current.title,
                             replaces=current.number, text=current.text,
                             reason=_("修订：%(r)s") % {"r": reason} if reason else _("启动修订"))
    if current.document:
        edition.document = current.document.name
        edition.document_name = current.document_name
        edition.document_sha256 = current.document_sha256
        save_with_reason(edition, actor=actor, reason=_("沿用现行版本文本"))
    standard.plan, standard.version = Plan.TO_REVISE, standard.version + 1
    # A revision on the plan has an owner and a target date (the table's 备注 and the reviews page show them).
    standard.owner = standard.owner or actor
    if standard.target_date is None or standard.target_date < timezone.localdate():
        standard.target_date = timezone.localdate() + dt.timedelta(days=REVISION_TARGET_DAYS)
    save_with_reason(standard, actor=actor, reason=_("启动修订 %(n)s") % {"n": edition.number})
    return edition


def editions_publish_due(*, today: dt.date | None = None) -> list[Edition]:
    """Put in force every approved edition whose effective date has come (the daily job).
    Each publication is its own transaction, so one refusal does not stop the others."""
    today = today or timezone.localdate()
    published = []
    for edition in Edition.objects.filter(status=S.APPROVED, effective_on__lte=today).order_by("effective_on"):
        try:
            with transaction.atomic():
                published.append(_publish(actor=SYSTEM, edition=edition, today=today,
                                          note=_("到实施日期自动发布")))
        except ApplicationError as error:
            notification_send(recipients=users_with_role("office"), verb="publish_failed",
                              message=_("%(n)s 未能自动发布：%(e)s") % {"n": edition.number, "e": error.message},
                              url=_edition_url(edition))
    return published
