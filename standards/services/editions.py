"""Editions: create, attach a document, and move through the status table.

EDITION_TRANSITIONS is the whole workflow as data: for each status, the statuses it may move
to and the guard that says who may make that move (and on what condition). `edition_transition`
is the one place a status changes; it runs the guard and writes the StatusChange row.
The actor `None` stands for the system (the daily job publishing on the effective date)."""

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
from qms.org.models import Role
from qms.org.roles import has_role

from ..models import Edition, EditionStatus, Origin, Plan, SignOff, Standard, StatusChange
from ..permissions import can_approve_edition, can_edit_standards, can_review_edition
from .signoffs import signoffs_valid, signoffs_void
from .standards import standard_refresh_status

S = EditionStatus
SYSTEM = None
DOCUMENT_KINDS = {"docx", "pdf"}


def _office(edition, actor, context):
    if not can_edit_standards(actor):
        raise PermissionRefused(_("只有标准化办公室可以处理标准版本。"))


def _office_with_text(edition, actor, context):
    _office(edition, actor, context)
    if not (edition.text or "").strip() and not edition.document:
        raise TransitionRefused(_("版本 %(n)s 还没有标准文本，请先上传文本。") % {"n": edition.number})


def _consultation_settled(edition, actor, context):
    _office(edition, actor, context)
    if edition.consultations.filter(status="open").exists():
        raise TransitionRefused(_("征求意见尚未结束，请先处理全部意见并结束征求意见。"))


def _reviewer(edition, actor, context):
    if not can_review_edition(actor, edition):
        raise PermissionRefused(_("您不是这个版本的审核人（起草人不能审核自己起草的版本）。"))


def _reviewer_or_office(edition, actor, context):
    if not can_edit_standards(actor):
        _reviewer(edition, actor, context)


def _approver(edition, actor, context):
    if not can_approve_edition(actor, edition):
        raise PermissionRefused(_("只有管理层可以批准标准，且不能批准自己起草的版本。"))
    if not signoffs_valid(edition, SignOff.Kind.REVIEW):
        raise TransitionRefused(_("没有有效的审核签署（文本在审核后已更改），请先重新审核。"))


def _approver_or_office(edition, actor, context):
    if not can_edit_standards(actor) and not can_approve_edition(actor, edition):
        raise PermissionRefused(_("只有管理层或标准化办公室可以退回待批准的版本。"))


def _publishable(edition, actor, context):
    if actor is not SYSTEM and not has_role(actor, Role.OFFICE, Role.MANAGER):
        raise PermissionRefused(_("只有标准化办公室或管理层可以发布标准。"))
    for kind in (SignOff.Kind.REVIEW, SignOff.Kind.APPROVAL):
        if not signoffs_valid(edition, kind):
            raise TransitionRefused(_("版本 %(n)s 的审核或批准签署已失效，需重新签署后才能发布。")
                                    % {"n": edition.number})


def _registration(edition, actor, context):
    """Draft straight to in force: only for adopted external standards, or with a named exemption."""
    _office(edition, actor, context)
    if edition.standard.origin != Origin.ADOPTED and not context.get("exempt_reason"):
        raise TransitionRefused(
            _("自制标准须经审核、批准（已批准）后才能发布；%(n)s 当前为“%(s)s”。")
            % {"n": edition.number, "s": edition.get_status_display()}
        )


def _superseding(edition, actor, context):
    if not context.get("superseded_by"):
        raise TransitionRefused(_("现行版本只在新版本发布时被代替。"))


EDITION_TRANSITIONS: dict[str, dict[str, object]] = {
    S.DRAFT: {S.CONSULTATION: _office_with_text, S.REVIEW: _office_with_text, S.IN_FORCE: _registration,
              S.WITHDRAWN: _office},
    S.CONSULTATION: {S.REVIEW: _consultation_settled, S.DRAFT: _office},
    S.REVIEW: {S.PENDING_APPROVAL: _reviewer, S.DRAFT: _reviewer_or_office},
    S.PENDING_APPROVAL: {S.APPROVED: _approver, S.REVIEW: _office, S.DRAFT: _approver_or_office},
    S.APPROVED: {S.IN_FORCE: _publishable, S.REVIEW: _office, S.DRAFT: _office},
    S.IN_FORCE: {S.SUPERSEDED: _superseding, S.WITHDRAWN: _office},
    S.SUPERSEDED: {},
    S.WITHDRAWN: {},
}


def edition_moves_for(edition: Edition, actor) -> list[str]:
    """The statuses this actor may move the edition to now (for buttons and form choices)."""
    allowed = []
    for to_status, guard in EDITION_TRANSITIONS[edition.status].items():
        try:
            guard(edition, actor, {})
        except ApplicationError:
            continue
        allowed.append(to_status)
    return allowed


def _record(edition: Edition, *, from_status: str, actor, note: str) -> StatusChange:
    return StatusChange.objects.create(
        edition=edition, from_status=from_status, to_status=edition.status, actor=actor, note=note
    )


def edition_transition(*, edition: Edition, to_status: str, actor, note: str = "", **context) -> Edition:
    """Move an edition to `to_status` if the table allows it and the move's guard accepts the
    actor; write the StatusChange row. Callers hold the transaction. A move back to draft voids
    the sign-offs given so far (the next round signs again)."""
    guard = EDITION_TRANSITIONS[edition.status].get(to_status)
    if guard is None:
        raise TransitionRefused(
            _("版本 %(number)s 当前为“%(from)s”，不能转为“%(to)s”。")
            % {"number": edition.number, "from": edition.get_status_display(), "to": S(to_status).label}
        )
    guard(edition, actor, context)
    from_status = edition.status
    edition.status = to_status
    save_with_reason(edition, actor=actor, reason=note or f"{S(from_status).label} → {S(to_status).label}")
    _record(edition, from_status=from_status, actor=actor, note=note)
    if to_status == S.DRAFT:
        signoffs_void(edition, actor=actor, reason=_("退回修改"))
    return edition


@transaction.atomic
def edition_create(*, actor, standard: Standard, number: str, title: str = "", replaces: str = "",
                   published_on: dt.date | None = None, effective_on: dt.date | None = None,
                   upload=None, text: str = "", reason: str = "", reviewer=None) -> Edition:
    """A new draft edition (the first one turns a planned standard into a real one)."""
    _office(None, actor, {})
    standard = Standard.objects.select_for_update().get(pk=standard.pk)
    if not number.strip():
        raise ApplicationError(_("请填写标准编号。"), field="number")
    seq = (standard.editions.aggregate(m=Max("seq"))["m"] or 0) + 1
    edition = Edition(standard=standard, seq=seq, number=number.strip(), title=title or standard.name,
                      replaces=replaces, published_on=published_on, effective_on=effective_on,
                      text=text, created_by=actor, reviewer=reviewer)
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
    """Replace a not-yet-published edition's document (a new immutable file; the text is
    re-extracted). If document or text changed, prior sign-offs are void, and an edition already
    past review goes back to review to be signed again."""
    _office(edition, actor, {})
    edition = Edition.objects.select_for_update().get(pk=edition.pk)
    if edition.status in (S.IN_FORCE, S.SUPERSEDED, S.WITHDRAWN):
        raise ApplicationError(_("已发布的版本不能更换文本；请修订出新版本。"))
    before = (edition.document_sha256, edition.text)
    _attach(edition, upload)
    save_with_reason(edition, actor=actor, reason=reason or _("更换标准文本"))
    if before != (edition.document_sha256, edition.text):
        signoffs_void(edition, actor=actor, reason=_("标准文本已更改"))
        if edition.status in (S.PENDING_APPROVAL, S.APPROVED):
            edition_transition(edition=edition, to_status=S.REVIEW, actor=actor,
                               note=_("标准文本在签署后更改，需重新审核"))
    return edition


@transaction.atomic
def edition_publish(*, actor, edition: Edition, effective_on: dt.date | None = None,
                    published_on: dt.date | None = None, note: str = "", exempt_reason: str = "") -> Edition:
    """Put an edition in force and supersede the one in force before it, in one transaction.

    In-house editions are published from 已批准 (and not before their effective date); adopted
    external standards may be registered straight from 草稿. `exempt_reason` names why an
    in-house edition needs no approval here (a procedure standard rendered from the approved
    item catalogue); it is recorded in the status-change note."""
    if actor is not SYSTEM:
        _office(edition, actor, {})
    return _publish(actor=actor, edition=edition, effective_on=effective_on, published_on=published_on,
                    note=note, exempt_reason=exempt_reason)


def _publish(*, actor, edition: Edition, effective_on=None, published_on=None, note="", exempt_reason="",
             today: dt.date | None = None):
    from .acknowledgements import acknowledgements_request

    standard = Standard.objects.select_for_update().get(pk=edition.standard_id)
    edition = Edition.objects.select_for_update().get(pk=edition.pk)
    today = today or timezone.localdate()
    edition.published_on = published_on or edition.published_on or today
    edition.effective_on = effective_on or edition.effective_on or today
    if edition.status == S.APPROVED and edition.effective_on > today:
        raise TransitionRefused(_("%(n)s 的实施日期为 %(d)s，届时系统将自动发布。")
                                % {"n": edition.number, "d": edition.effective_on.isoformat()})
    guard = EDITION_TRANSITIONS[edition.status].get(S.IN_FORCE)
    if guard is None:
        raise TransitionRefused(_("版本 %(n)s 当前为“%(s)s”，不能发布。")
                                % {"n": edition.number, "s": edition.get_status_display()})
    guard(edition, actor, {"exempt_reason": exempt_reason})  # refuse before touching the previous edition
    announced = edition.status == S.APPROVED
    previous = standard.editions.filter(status=S.IN_FORCE).exclude(pk=edition.pk).first()
    if previous is not None:
        edition_transition(edition=previous, to_status=S.SUPERSEDED, actor=actor,
                           note=_("被 %(n)s 代替") % {"n": edition.number}, superseded_by=edition)
        if not edition.replaces:
            edition.replaces = previous.number
    note = note or _("发布实施")
    if exempt_reason:
        note = f"{note}（{exempt_reason}）"
    edition_transition(edition=edition, to_status=S.IN_FORCE, actor=actor, note=note, exempt_reason=exempt_reason)
    if standard.plan:
        standard.plan = Plan.NONE
        standard.version += 1
        save_with_reason(standard, actor=actor, reason=_("发布 %(n)s") % {"n": edition.number})
    standard_refresh_status(standard=standard, actor=actor, reason=_("发布 %(n)s") % {"n": edition.number})
    acknowledgements_request(edition=edition, actor=actor)
    if announced:
        publication_number_issue(edition=edition, actor=actor)
    return edition


def publication_number_issue(*, edition: Edition, actor):
    """The 发布通知's 文号: editions published after approval are announced; registrations of
    existing, adopted or catalogue-generated standards (published under an exemption) are not."""
    from qms.core.issuing import document_number_issue
    from qms.core.models import IssuedDocument

    return document_number_issue(actor=actor, kind=IssuedDocument.Kind.PUBLICATION,
                                 title=_("关于发布《%(t)s》的通知") % {"t": edition.title or edition.standard.name},
                                 issued_on=edition.published_on, subject=f"edition:{edition.pk}")


@transaction.atomic
def edition_withdraw(*, actor, edition: Edition, reason: str, withdrawn_on: dt.date | None = None) -> Edition:
    """Withdraw (废止) an edition; a reason is required."""
    _office(edition, actor, {})
    if not (reason or "").strip():
        raise ApplicationError(_("废止标准必须填写原因。"), field="reason")
    standard = Standard.objects.select_for_update().get(pk=edition.standard_id)
    edition = Edition.objects.select_for_update().get(pk=edition.pk)
    edition.withdrawn_reason = reason.strip()
    edition.withdrawn_on = withdrawn_on or timezone.localdate()
    edition_transition(edition=edition, to_status=S.WITHDRAWN, actor=actor, note=reason.strip())
    standard_refresh_status(standard=standard, actor=actor, reason=_("废止：%(r)s") % {"r": reason.strip()})
    return edition
