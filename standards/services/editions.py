"""Editions: create, attach a document, and move through the status table.

EDITION_TRANSITIONS is the whole workflow as data. Issue-level rules (who may make a move)
live in `_guard`; `edition_transition` is the one place a status changes."""

import datetime as dt

from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from qms.core.documents.text import document_text
from qms.core.errors import ApplicationError, PermissionRefused, TransitionRefused
from qms.core.history import save_with_reason
from qms.core.uploads import upload_check

from ..models import Edition, EditionStatus, Plan, Standard, StatusChange
from ..permissions import can_edit_standards
from .standards import standard_refresh_status

S = EditionStatus
EDITION_TRANSITIONS: dict[str, set[str]] = {
    S.DRAFT: {S.CONSULTATION, S.REVIEW, S.IN_FORCE, S.WITHDRAWN},
    S.CONSULTATION: {S.REVIEW, S.DRAFT},
    S.REVIEW: {S.PENDING_APPROVAL, S.DRAFT},
    S.PENDING_APPROVAL: {S.APPROVED, S.DRAFT},
    S.APPROVED: {S.IN_FORCE, S.DRAFT},
    S.IN_FORCE: {S.SUPERSEDED, S.WITHDRAWN},
    S.SUPERSEDED: set(),
    S.WITHDRAWN: set(),
}
DOCUMENT_KINDS = {"docx", "pdf"}


def _require_office(actor):
    if not can_edit_standards(actor):
        raise PermissionRefused(_("只有标准化办公室可以处理标准版本。"))


def _record(edition: Edition, *, from_status: str, actor, note: str) -> StatusChange:
    return StatusChange.objects.create(
        edition=edition, from_status=from_status, to_status=edition.status, actor=actor, note=note
    )


def edition_transition(*, edition: Edition, to_status: str, actor, note: str = "") -> Edition:
    """Move an edition to `to_status` if the table allows it; write the StatusChange row.
    Callers hold the transaction and have checked the actor's role."""
    if to_status not in EDITION_TRANSITIONS[edition.status]:
        raise TransitionRefused(
            _("版本 %(number)s 当前为“%(from)s”，不能转为“%(to)s”。")
            % {"number": edition.number, "from": edition.get_status_display(), "to": S(to_status).label}
        )
    from_status = edition.status
    edition.status = to_status
    save_with_reason(edition, actor=actor, reason=note or f"{S(from_status).label} → {S(to_status).label}")
    _record(edition, from_status=from_status, actor=actor, note=note)
    return edition


@transaction.atomic
def edition_create(*, actor, standard: Standard, number: str, title: str = "", replaces: str = "",
                   published_on: dt.date | None = None, effective_on: dt.date | None = None,
                   upload=None, text: str = "", reason: str = "") -> Edition:
    """A new draft edition (the first one turns a planned standard into a real one)."""
    _require_office(actor)
    standard = Standard.objects.select_for_update().get(pk=standard.pk)
    if not number.strip():
        raise ApplicationError(_("请填写标准编号。"), field="number")
    seq = (standard.editions.aggregate(m=Max("seq"))["m"] or 0) + 1
    edition = Edition(standard=standard, seq=seq, number=number.strip(), title=title or standard.name,
                      replaces=replaces, published_on=published_on, effective_on=effective_on,
                      text=text, created_by=actor)
    if upload is not None:
        _attach(edition, upload)
    save_with_reason(edition, actor=actor, reason=reason or _("新建版本"))
    _record(edition, from_status="", actor=actor, note=reason or _("新建版本"))
    standard_refresh_status(standard=standard, actor=actor, reason=_("新建版本 %(n)s") % {"n": edition.number})
    return edition


def _attach(edition: Edition, upload):
    checked = upload_check(upload, allowed=DOCUMENT_KINDS)
    edition.document_sha256 = checked.sha256
    edition.document_name = getattr(upload, "name", "") or f"document.{checked.kind}"
    edition.document.save(f"document.{checked.kind}", ContentFile(checked.data), save=False)
    edition.text = document_text(checked.kind, checked.data)


@transaction.atomic
def edition_set_document(*, actor, edition: Edition, upload, reason: str = "") -> Edition:
    """Replace a not-yet-published edition's document (a new immutable file; the text is re-extracted)."""
    _require_office(actor)
    edition = Edition.objects.select_for_update().get(pk=edition.pk)
    if edition.status in (S.IN_FORCE, S.SUPERSEDED, S.WITHDRAWN):
        raise ApplicationError(_("已发布的版本不能更换文本；请修订出新版本。"))
    _attach(edition, upload)
    return save_with_reason(edition, actor=actor, reason=reason or _("更换标准文本"))


@transaction.atomic
def edition_publish(*, actor, edition: Edition, effective_on: dt.date | None = None,
                    published_on: dt.date | None = None, note: str = "", exempt_reason: str = "") -> Edition:
    """Put an edition in force and supersede the one in force before it, in one transaction.
    The standard's row is locked first, so two publications of one standard serialise.
    `exempt_reason` names why an edition needs no in-house approval (an adopted external
    standard; a procedure standard rendered from the approved item catalogue); it is recorded
    in the status-change note."""
    _require_office(actor)
    standard = Standard.objects.select_for_update().get(pk=edition.standard_id)
    edition = Edition.objects.select_for_update().get(pk=edition.pk)
    today = timezone.localdate()
    edition.published_on = published_on or edition.published_on or today
    edition.effective_on = effective_on or edition.effective_on or today
    previous = standard.editions.filter(status=S.IN_FORCE).exclude(pk=edition.pk).first()
    if previous is not None:
        edition_transition(edition=previous, to_status=S.SUPERSEDED, actor=actor,
                           note=_("被 %(n)s 代替") % {"n": edition.number})
        if not edition.replaces:
            edition.replaces = previous.number
    note = note or _("发布实施")
    if exempt_reason:
        note = f"{note}（{exempt_reason}）"
    edition_transition(edition=edition, to_status=S.IN_FORCE, actor=actor, note=note)
    if standard.plan:
        standard.plan = Plan.NONE
        standard.version += 1
        save_with_reason(standard, actor=actor, reason=_("发布 %(n)s") % {"n": edition.number})
    standard_refresh_status(standard=standard, actor=actor, reason=_("发布 %(n)s") % {"n": edition.number})
    return edition


@transaction.atomic
def edition_withdraw(*, actor, edition: Edition, reason: str, withdrawn_on: dt.date | None = None) -> Edition:
    """Withdraw (废止) an edition; a reason is required."""
    _require_office(actor)
    if not (reason or "").strip():
        raise ApplicationError(_("废止标准必须填写原因。"), field="reason")
    standard = Standard.objects.select_for_update().get(pk=edition.standard_id)
    edition = Edition.objects.select_for_update().get(pk=edition.pk)
    edition.withdrawn_reason = reason.strip()
    edition.withdrawn_on = withdrawn_on or timezone.localdate()
    edition_transition(edition=edition, to_status=S.WITHDRAWN, actor=actor, note=reason.strip())
    standard_refresh_status(standard=standard, actor=actor, reason=_("废止：%(r)s") % {"r": reason.strip()})
    return edition
