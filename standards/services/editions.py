"""Editions: create, attach a document, publish, withdraw.

The moves are declared once in `standards.workflows.EDITION_WORKFLOW` (who may, on what
condition); `edition_transition` makes one through `qms.core.workflow.transition`. The actor
`None` stands for the system (the daily job publishing on the effective date)."""

import datetime as dt

from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from qms.core.documents.text import document_text
from qms.core.errors import ApplicationError, PermissionRefused
from qms.core.history import save_with_reason
from qms.core.uploads import upload_check
from qms.core.workflow import SYSTEM, event_record, event_row, events_store, transition

from ..models import Edition, EditionStatus, Plan, Standard
from ..permissions import can_edit_standards, can_replace_document
from ..workflows import EDITION_WORKFLOW
from .references import edition_references_refresh
from .signoffs import signoffs_void
from .standards import standard_refresh_status

S = EditionStatus
__all__ = ["SYSTEM", "edition_create", "edition_moves_for", "edition_publish", "edition_set_document",
           "edition_transition", "edition_withdraw"]
DOCUMENT_KINDS = {"docx", "pdf"}


def _office(edition, actor, context):
    if not can_edit_standards(actor):
        raise PermissionRefused(_("只有标准化办公室可以处理标准版本。"))


def edition_moves_for(edition: Edition, actor) -> list[str]:
    """The statuses this actor may move the edition to now (from the one declaration)."""
    return [move.target for move in EDITION_WORKFLOW.available(edition, actor)]


def status_rows_write(rows) -> None:
    """Many timeline rows at once (batched import and generation): (edition, from, to, actor,
    note) tuples, written in the order given, the rows `transition` and `event_record` write."""
    moves = {(m.target, source): m for m in EDITION_WORKFLOW.moves for source in m.sources}
    now = timezone.now()
    events_store([event_row(e, actor=a, workflow=EDITION_WORKFLOW.key, move=moves[(t, f)].name if (t, f) in moves else "",
                            from_status=f or "", to_status=t, note=n, at=now,
                            label=moves[(t, f)].label if (t, f) in moves else _("新建版本"))
                  for e, f, t, a, n in rows])


def edition_transition(*, edition: Edition, to_status: str, actor, note: str = "", move: str = "",
                       check: bool = True, **context) -> Edition:
    """Move an edition by its declared workflow (`standards.workflows.EDITION_WORKFLOW`): the
    guard, the history entry and the timeline row are `qms.core.workflow.transition`'s. Callers
    hold the transaction. A move back to draft voids the sign-offs given so far."""
    transition(edition, actor=actor, move=move or None, to=to_status, note=note, check=check,
               workflow=EDITION_WORKFLOW, **context)
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
                      text=text, created_by=actor, reviewer=reviewer, text_authors=[actor.pk])
    if upload is not None:
        _attach(edition, upload)
    save_with_reason(edition, actor=actor, reason=reason or _("新建版本"))
    edition_references_refresh(edition=edition, new=True)
    event_record(edition, actor=actor, label=_("新建版本"), note=reason or _("新建版本"), from_status="",
                 workflow=EDITION_WORKFLOW.key)
    standard_refresh_status(standard=standard, actor=actor, reason=_("新建版本 %(n)s") % {"n": edition.number})
    return edition


def _attach(edition: Edition, upload):
    """Check, extract the text, then store: a refused file never reaches the disk."""
    checked = upload_check(upload, allowed=DOCUMENT_KINDS)
    try:
        text = document_text(checked.kind, checked.data)
    except Exception as exc:  # the parsers raise many types for a broken document
        raise ApplicationError(_("无法读取标准文本：%(error)s") % {"error": exc}, field="upload") from exc
    edition.document_sha256 = checked.sha256
    edition.document_name = getattr(upload, "name", "") or f"document.{checked.kind}"
    edition.document.save(f"document.{checked.kind}", ContentFile(checked.data), save=False)
    edition.text = text


@transaction.atomic
def edition_set_document(*, actor, edition: Edition, upload, reason: str = "") -> Edition:
    """Replace a not-yet-published edition's document (a new immutable file; the text is
    re-extracted). If document or text changed, prior sign-offs are void, and an edition already
    past review goes back to review to be signed again."""
    _office(edition, actor, {})
    edition = Edition.objects.select_for_update().get(pk=edition.pk)
    if not can_replace_document(actor, edition):
        raise ApplicationError(_("已发布的版本不能更换文本；请修订出新版本。"))
    before = (edition.document_sha256, edition.text)
    _attach(edition, upload)
    if before != (edition.document_sha256, edition.text) and actor.pk not in edition.text_authors:
        edition.text_authors = [*edition.text_authors, actor.pk]
    save_with_reason(edition, actor=actor, reason=reason or _("更换标准文本"))
    edition_references_refresh(edition=edition)
    if before != (edition.document_sha256, edition.text):
        signoffs_void(edition, actor=actor, reason=_("标准文本已更改"))
        if edition.status in (S.PENDING_APPROVAL, S.APPROVED):
            edition_transition(edition=edition, to_status=S.REVIEW, actor=actor, move="recall_review",
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
    return _publish(actor=actor, edition=edition, effective_on=effective_on, published_on=published_on,
                    note=note, exempt_reason=exempt_reason)


def edition_publish_check(*, edition: Edition, actor, effective_on=None, published_on=None, exempt_reason="",
                          today: dt.date, on_approval: bool = False):
    """Give the edition its publication dates and refuse, before anything else is touched, a
    publication the declared workflow does not allow (also used by the batched import). Returns
    the move (publish from 已批准, or register from 草稿). `on_approval`: the manager's approval
    (itself a checked move) puts the edition in force at once when its effective date has come;
    the publish move's who-rule is then not asked again."""
    edition.published_on = published_on or edition.published_on or today
    edition.effective_on = effective_on or edition.effective_on or today
    context = {"exempt_reason": exempt_reason, "today": today}
    move, refusal = EDITION_WORKFLOW.pick_with_refusal(edition, actor, S.IN_FORCE, context)
    if on_approval or refusal is not None:  # the pick asked with the who-rule
        refusal = EDITION_WORKFLOW.refusal(edition, actor, move, context, check_who=not on_approval)
    if refusal is not None:
        raise refusal
    return move


def _publish(*, actor, edition: Edition, effective_on=None, published_on=None, note="", exempt_reason="",
             today: dt.date | None = None, on_approval: bool = False):
    from .acknowledgements import acknowledgements_request

    standard = Standard.objects.select_for_update().get(pk=edition.standard_id)
    edition = Edition.objects.select_for_update().get(pk=edition.pk)
    edition.standard = standard  # the locked row (the guards read its origin)
    today = today or timezone.localdate()
    move = edition_publish_check(edition=edition, actor=actor, effective_on=effective_on,
                                 published_on=published_on, exempt_reason=exempt_reason, today=today,
                                 on_approval=on_approval)
    context = {"exempt_reason": exempt_reason, "today": today}
    announced = edition.status == S.APPROVED
    previous = standard.editions.filter(status=S.IN_FORCE).exclude(pk=edition.pk).order_by().first()  # one at most
    if previous is not None:
        edition_transition(edition=previous, to_status=S.SUPERSEDED, actor=actor, check=not on_approval,
                           note=_("被 %(n)s 代替") % {"n": edition.number}, superseded_by=edition)
        if not edition.replaces:
            edition.replaces = previous.number
    note = note or _("发布实施")
    if exempt_reason:
        note = f"{note}（{exempt_reason}）"
    # Guarded above (edition_publish_check); superseding the previous edition changes nothing it asks.
    edition_transition(edition=edition, to_status=S.IN_FORCE, actor=actor, note=note, move=move.name,
                       check=not on_approval, checked=True, **context)
    if standard.plan:
        standard.plan = Plan.NONE
        standard.version += 1
        save_with_reason(standard, actor=actor, reason=_("发布 %(n)s") % {"n": edition.number})
    standard_refresh_status(standard=standard, actor=actor, reason=_("发布 %(n)s") % {"n": edition.number},
                            in_force=edition)
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
    if not (reason or "").strip():
        raise ApplicationError(_("废止标准必须填写原因。"), field="reason")
    standard = Standard.objects.select_for_update().get(pk=edition.standard_id)
    edition = Edition.objects.select_for_update().get(pk=edition.pk)
    edition.withdrawn_reason = reason.strip()
    edition.withdrawn_on = withdrawn_on or timezone.localdate()
    edition_transition(edition=edition, to_status=S.WITHDRAWN, actor=actor, note=reason.strip())
    standard_refresh_status(standard=standard, actor=actor, reason=_("废止：%(r)s") % {"r": reason.strip()})
    return edition
