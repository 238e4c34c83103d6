"""Acknowledgements (学习确认): on publication everyone in the standard's applicable departments
is asked to confirm they have read and understood the edition."""

from contextlib import contextmanager
from contextvars import ContextVar
from types import SimpleNamespace

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from qms.core.bulk import bulk_insert, clean_for_bulk, update_with_history
from qms.core.errors import PermissionRefused, TransitionRefused
from qms.core.history import save_with_reason
from qms.core.notifications import notifications_send

from ..models import Acknowledgement, Edition, EditionStatus, Standard
from ..selectors.people import department_users

_held: ContextVar[list | None] = ContextVar("acknowledgements_held", default=None)


def acknowledgements_request(*, edition: Edition, actor=None) -> int:
    """Ask every active person of the standard's applicable departments to acknowledge the
    edition (once per person), and notify them. Called by publication. Inside
    `acknowledgements_batched()` the request is held and made with the others at its end."""
    held = _held.get()
    if held is not None:
        held.append((edition, actor))
        return 0
    return acknowledgements_request_many(editions=[edition], actor=actor)


@contextmanager
def acknowledgements_batched():
    """Publishing hundreds of editions in one go (the demo loader): the acknowledgement requests
    of every publication inside are made together when the block ends, in the order the
    editions were published (one INSERT, one notification batch per publisher), the same rows
    as one request per publication. Only for a block that does not read those rows itself."""
    if _held.get() is not None:  # already holding: the outer block makes the requests
        yield
        return
    held = []
    token = _held.set(held)
    try:
        yield
    finally:
        _held.reset(token)
    by_actor: dict = {}
    for edition, actor in held:
        by_actor.setdefault(actor.pk if actor is not None else None, (actor, []))[1].append(edition)
    for actor, editions in by_actor.values():
        acknowledgements_request_many(editions=editions, actor=actor)


def acknowledgements_request_many(*, editions, actor=None) -> int:
    """`acknowledgements_request` for many editions at once (the batched import): a few queries
    and one INSERT for all of them, whatever their number. Returns how many were asked."""
    through = Standard.applicable_departments.through
    departments: dict[int, list[int]] = {}
    for standard_id, department_id in through.objects.filter(
            standard_id__in={e.standard_id for e in editions}).values_list("standard_id", "department_id"):
        departments.setdefault(standard_id, []).append(department_id)
    editions = [e for e in editions if e.standard_id in departments]
    if not editions:
        return 0
    users = list(department_users({d for ds in departments.values() for d in ds}))
    already = set(Acknowledgement.objects.filter(edition__in=[e for e in editions if e.pk])
                  .values_list("edition_id", "user_id"))
    rows, messages = [], []
    for edition in editions:
        wanted = set(departments.get(edition.standard_id, ()))
        people = [u for u in users if u.department_id in wanted and (edition.pk, u.pk) not in already]
        if not people:
            continue
        rows += [SimpleNamespace(edition_id=edition.pk, user_id=u.pk, department_id=u.department_id,
                                 requested_at=None, acknowledged_at=None) for u in people]
        messages.append((people, "acknowledge",
                         _("%(n)s《%(t)s》已发布实施，请学习并确认已阅知悉。") % {"n": edition.number, "t": edition.title},
                         reverse("acknowledgement-list")))
    if not rows:
        return 0
    _insert_with_history(rows, actor=actor, reason=_("发布后要求学习确认"))
    notifications_send(messages=messages)
    return len(rows)


def _insert_with_history(rows: list, *, actor, reason: str) -> None:
    """INSERT the requests (the fields' values, no model instance per row) and their '+'
    history rows (who and why), the rows `qms.core.bulk.create_with_history` writes: the rows by
    `bulk_insert`, their keys read back by (edition, user) (unique), then the history rows."""
    bulk_insert(Acknowledgement, rows)
    keys = {(edition_id, user_id): pk for pk, edition_id, user_id in Acknowledgement.objects.filter(
        edition_id__in={r.edition_id for r in rows}).values_list("pk", "edition_id", "user_id")}
    history = Acknowledgement.history.model
    user = actor or history.get_default_history_user(SimpleNamespace())
    now, tracked = timezone.now(), [f.attname for f in history.tracked_fields]
    common = {"history_date": now, "history_user_id": getattr(user, "pk", None),
              "history_change_reason": reason, "history_type": "+"}
    for row in rows:
        row.id = keys[(row.edition_id, row.user_id)]
    bulk_insert(history, [SimpleNamespace(**common, **{name: getattr(row, name) for name in tracked})
                          for row in rows])


@transaction.atomic
def acknowledgement_confirm(*, actor, acknowledgement: Acknowledgement) -> Acknowledgement:
    """The person confirms they have read and understood the edition (only their own)."""
    ack = Acknowledgement.objects.select_for_update().select_related("edition").get(pk=acknowledgement.pk)
    if ack.user_id != actor.pk:
        raise PermissionRefused(_("只能确认本人的学习记录。"))
    if ack.edition.status != EditionStatus.IN_FORCE:
        raise TransitionRefused(_("%(n)s 已不是现行版本，无需确认。") % {"n": ack.edition.number})
    if ack.acknowledged_at is None:
        ack.acknowledged_at = timezone.now()
        save_with_reason(ack, actor=actor, reason=_("已阅知悉"))
    return ack


@transaction.atomic
def acknowledgements_confirm_many(*, acknowledgements) -> int:
    """`acknowledgement_confirm` for many people at once (the demo's catch-up before the
    application): each row is confirmed by its own person, as that person would, with the same
    refusal for an edition no longer in force and the same history row (who: the person; why:
    已阅知悉). One UPDATE statement run and one history INSERT for all. Returns how many."""
    rows = list(Acknowledgement.objects.select_for_update().select_related("edition", "user")
                .filter(pk__in=[a.pk for a in acknowledgements], acknowledged_at__isnull=True).order_by("pk"))
    now = timezone.now()
    for ack in rows:
        if ack.edition.status != EditionStatus.IN_FORCE:
            raise TransitionRefused(_("%(n)s 已不是现行版本，无需确认。") % {"n": ack.edition.number})
        ack.acknowledged_at = now
        ack._change_reason, ack._history_user = _("已阅知悉"), ack.user
        clean_for_bulk(ack)
    update_with_history(Acknowledgement, rows, ["acknowledged_at"])
    return len(rows)


@transaction.atomic
def acknowledgements_record_past(*, acknowledgements, reason: str) -> int:
    """Store confirmations already given (each row's `acknowledged_at` set by the caller: a
    record of the past, as the demo's), one '~' history row each with `reason`. Returns how many."""
    rows = list(acknowledgements)
    field = Acknowledgement._meta.get_field("acknowledged_at")
    for ack in rows:  # the one field written is checked (the others are as read)
        ack.acknowledged_at = field.clean(ack.acknowledged_at, ack)
    update_with_history(Acknowledgement, rows, ["acknowledged_at"], reason=reason)
    return len(rows)
