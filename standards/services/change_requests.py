"""Change requests: proposing a change to a standard in force; the office accepts (a revision
starts) or declines with reasons, and the proposer is told."""

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from qms.core.errors import ApplicationError
from qms.core.history import save_with_reason
from qms.core.notifications import notification_send
from qms.core.workflow import event_record, transition

from ..models import ChangeRequest, EditionStatus, Standard, StandardStatus
from ..workflows import CHANGE_REQUEST_WORKFLOW
from .workflow import edition_revision_start


@transaction.atomic
def change_request_create(*, actor, standard: Standard, reason: str, clause: str = "", proposal: str = "",
                          source: str = ChangeRequest.Source.PROPOSAL) -> ChangeRequest:
    """Anyone logged in may propose a change to a standard in force."""
    if standard.status != StandardStatus.IN_FORCE:
        raise ApplicationError(_("只能对现行标准提出修订申请。"), field="standard")
    if not (reason or "").strip():
        raise ApplicationError(_("请填写修订理由。"), field="reason")
    request = ChangeRequest(standard=standard, reason=reason.strip(), clause=clause, proposal=proposal,
                            source=source, requested_by=actor)
    save_with_reason(request, actor=actor, reason=_("提出修订申请"))
    event_record(request, actor=actor, label=_("提出修订申请"), from_status="", note=request.reason)
    return request


def _decided(request: ChangeRequest, *, actor, move: str, note: str) -> ChangeRequest:
    request.decision_note = note.strip()
    request.decided_by, request.decided_at = actor, timezone.now()
    transition(request, actor=actor, move=move, note=note.strip())
    notification_send(
        recipients=[request.requested_by], verb="change_request_decided",
        message=_("您对 %(c)s 的修订申请：%(s)s。%(note)s")
        % {"c": request.standard.code, "s": request.get_status_display(), "note": note.strip()},
        url=reverse("change-request-list"),
    )
    return request


def _open_request(request: ChangeRequest, actor, move: str) -> ChangeRequest:
    request = ChangeRequest.objects.select_for_update().select_related("standard").get(pk=request.pk)
    CHANGE_REQUEST_WORKFLOW.check(request, actor, move)
    return request


@transaction.atomic
def change_request_accept(*, actor, request: ChangeRequest, note: str = "") -> ChangeRequest:
    """Accept: start a revision of the standard (or join the one already under way)."""
    request = _open_request(request, actor, "accept")
    standard = request.standard
    ongoing = standard.editions.exclude(status__in=[EditionStatus.IN_FORCE, EditionStatus.SUPERSEDED,
                                                    EditionStatus.WITHDRAWN]).first()
    request.revision = ongoing or edition_revision_start(
        actor=actor, standard=standard, reason=_("修订申请：%(r)s") % {"r": request.reason[:100]})
    note = note.strip() or _("已受理，修订版本 %(n)s") % {"n": request.revision.number}
    return _decided(request, actor=actor, move="accept", note=note)


@transaction.atomic
def change_request_decline(*, actor, request: ChangeRequest, reason: str) -> ChangeRequest:
    """Decline with reasons (required)."""
    request = _open_request(request, actor, "decline")
    if not (reason or "").strip():
        raise ApplicationError(_("不予采纳须说明理由。"), field="reason")
    return _decided(request, actor=actor, move="decline", note=reason)
