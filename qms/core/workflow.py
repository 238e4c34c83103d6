"""One workflow capability for every record with a status.

Each stateful record declares its moves ONCE, as data: a `Workflow` of `Move`s (from which
statuses, to which status, who may make it, on what condition, the button's label, whether a
reason is required, and which page makes it). Everything else is derived from the declaration:

- `transition()` is the one function that changes a status: it runs the guard (status, who,
  condition, reason), saves the record with its history entry (who and why) and writes one
  `WorkflowEvent` row (who, when, from, to, reason), inside one transaction;
- `Workflow.available(obj, user)` gives the moves the user may make now: the buttons on the
  detail page and the choices in forms come from it;
- `Workflow.allows(obj, user, name)` is the view's permission check for the page of a move.

No view, template or service restates who may do what: they ask the declaration. Services keep
their domain work (setting the fields a step fills in, notifying people) and call `transition()`
for the status change. The actor `SYSTEM` (None) stands for scheduled jobs; a move accepts it
only when declared with `system=True`."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _

from .errors import ApplicationError, PermissionRefused, TransitionRefused
from .history import save_with_reason, stamp_reason, validate
from .savepoints import SavepointMark, marks_standing

SYSTEM = None


@dataclass(frozen=True)
class Rule:
    """Who may make a move: `test(actor, obj)` and the refusal shown to anyone else.
    Rules combine with `|` (either may)."""

    test: Callable[[Any, Any], bool]
    refusal: str | Callable[[Any, Any], str]

    def allows(self, actor, obj) -> bool:
        return bool(getattr(actor, "is_authenticated", False)) and bool(self.test(actor, obj))

    def refusal_for(self, actor, obj) -> str:
        return str(self.refusal(actor, obj) if callable(self.refusal) else self.refusal)

    def __or__(self, other: Rule) -> Rule:
        return Rule(test=lambda actor, obj: self.test(actor, obj) or other.test(actor, obj),
                    refusal=self.refusal)


@dataclass(frozen=True)
class Move:
    """One move of a workflow.

    `condition(obj, context)` returns a refusal message when the record is not ready for the
    move (None when it is); `view` names the URL (taking the record's pk) of the page that makes
    the move, and is empty for the generic page (a reason box and a confirm button). A move with
    `button=False` is made only inside another service (or by the system) and shows no button."""

    name: str
    sources: tuple[str, ...]
    target: str
    label: str
    who: Rule
    condition: Callable[[Any, dict], str | None] | None = None
    reason_required: bool = False
    view: str = ""
    button: bool = True
    style: str = "outline-primary"
    system: bool = False
    help: str = ""
    method: str = "get"  # "post": the button posts straight to `view` (no form page)
    step: str = ""  # for a `view` shared by several steps: its second URL argument

    def url(self, workflow: Workflow, obj) -> str:
        if self.view and self.step:
            return reverse(self.view, args=[obj.pk, self.step]) + f"?move={self.name}"
        if self.view:
            return reverse(self.view, args=[obj.pk]) + ("" if self.method == "post" else f"?move={self.name}")
        return reverse("workflow-move", args=[workflow.key, obj.pk, self.name])


@dataclass
class Workflow:
    """The declaration of one record's moves."""

    key: str
    label: str
    model: str  # "app_label.ModelName"
    moves: tuple[Move, ...]
    status_field: str = "status"
    describe: Callable[[Any], str] = str  # how messages name a record ("NC-2026-007")
    statuses: Any = None  # the TextChoices, for labels
    _by_name: dict[str, Move] = field(default_factory=dict, repr=False)

    def __post_init__(self):
        self._by_name = {move.name: move for move in self.moves}
        if len(self._by_name) != len(self.moves):
            raise ValueError(f"workflow {self.key}: duplicate move names")

    # -- reading the declaration -------------------------------------------------------------
    def move(self, name: str) -> Move:
        try:
            return self._by_name[name]
        except KeyError:
            raise TransitionRefused(_("没有名为“%(m)s”的操作。") % {"m": name}) from None

    def status_of(self, obj) -> str:
        return getattr(obj, self.status_field)

    def status_label(self, status: str) -> str:
        if self.statuses is not None and status in self.statuses.values:
            return str(self.statuses(status).label)
        return status

    def moves_from(self, status: str) -> list[Move]:
        return [move for move in self.moves if status in move.sources]

    def refusal(self, obj, actor, move: Move, context: dict | None = None, *,
                check_who: bool = True) -> ApplicationError | None:
        """Why `actor` may not make `move` on `obj` now (None when they may)."""
        context = context or {}
        status = self.status_of(obj)
        if status not in move.sources:
            return TransitionRefused(
                _("%(obj)s 当前为“%(from)s”，不能%(move)s。")
                % {"obj": self.describe(obj), "from": self.status_label(status), "move": move.label})
        if not check_who:
            pass
        elif actor is SYSTEM:
            if not move.system:
                return PermissionRefused(_("“%(move)s”须由人员操作。") % {"move": move.label})
        elif not move.who.allows(actor, obj):
            return PermissionRefused(move.who.refusal_for(actor, obj))
        if move.condition is not None:
            message = move.condition(obj, context)
            if message:
                return TransitionRefused(message)
        return None

    def check(self, obj, actor, name: str, context: dict | None = None) -> Move:
        """Refuse (raise) unless `actor` may make the move `name` on `obj` now."""
        move = self.move(name)
        refusal = self.refusal(obj, actor, move, context)
        if refusal is not None:
            raise refusal
        return move

    def allows(self, obj, actor, name: str, context: dict | None = None) -> bool:
        return self.refusal(obj, actor, self.move(name), context) is None

    def available(self, obj, actor, context: dict | None = None) -> list[Move]:
        """The moves `actor` may make on `obj` now, in declaration order (the page's buttons)."""
        return [move for move in self.moves_from(self.status_of(obj))
                if self.refusal(obj, actor, move, context) is None]

    def buttons(self, obj, actor, next_url: str = "") -> list[dict]:
        """What the shared buttons component shows: label, URL, style, move key. The generic
        move page returns to `next_url`."""
        from urllib.parse import urlencode

        rows = []
        for move in self.available(obj, actor):
            if not move.button:
                continue
            url = move.url(self, obj)
            if not move.view and next_url:
                url += "?" + urlencode({"next": next_url})
            rows.append({"label": move.label, "url": url, "style": move.style, "name": move.name,
                         "key": f"{self.key}:{move.name}", "method": move.method})
        return rows

    def pick(self, obj, actor, to_status: str, context: dict | None = None) -> Move:
        """The move from the current status to `to_status` this actor may make (the first
        declared one, for the refusal, when none)."""
        return self.pick_with_refusal(obj, actor, to_status, context)[0]

    def pick_with_refusal(self, obj, actor, to_status: str, context: dict | None = None
                          ) -> tuple[Move, ApplicationError | None]:
        """`pick`, with the refusal the actor gets for the move picked (None when they may
        make it), so that the caller need not ask the guard a second time."""
        candidates = [m for m in self.moves_from(self.status_of(obj)) if m.target == to_status]
        refusals = []
        for move in candidates:
            refusal = self.refusal(obj, actor, move, context)
            if refusal is None:
                return move, None
            refusals.append(refusal)
        if candidates:
            return candidates[0], refusals[0]
        raise TransitionRefused(
            _("%(obj)s 当前为“%(from)s”，不能转为“%(to)s”。")
            % {"obj": self.describe(obj), "from": self.status_label(self.status_of(obj)),
               "to": self.status_label(to_status)})


_WORKFLOWS: dict[str, Workflow] = {}


def workflow_register(workflow: Workflow) -> Workflow:
    _WORKFLOWS[workflow.key] = workflow
    return workflow


def workflows_all() -> list[Workflow]:
    return list(_WORKFLOWS.values())


def workflow_get(key: str) -> Workflow:
    try:
        return _WORKFLOWS[key]
    except KeyError:
        raise LookupError(f"no workflow {key!r}") from None


def workflow_of(obj) -> Workflow:
    label = obj._meta.label
    for workflow in _WORKFLOWS.values():
        if workflow.model == label:
            return workflow
    raise LookupError(f"no workflow declared for {label}")


def transition(obj, *, actor, move: str | None = None, to: str | None = None, note: str = "",
               workflow: Workflow | None = None, check: bool = True, reason: str = "", checked: bool = False,
               **context):
    """Make one move of `obj`'s workflow: by `move` name, or to status `to` (the move the actor
    may make). Guards (unless `check=False`, for a step whose service already checked the party),
    saves with history and writes the event row, in one transaction. Callers lock the row.
    `checked`: the caller has just asked `workflow.refusal` for this move, actor, record and
    context (with `check_who=check`) and was given none, so the guard is not asked again."""
    workflow = workflow or workflow_of(obj)
    if move:
        chosen, picked = workflow.move(move), None
    else:
        chosen, picked = workflow.pick_with_refusal(obj, actor, to, context)
        checked = checked or (check and picked is None)  # the pick asked the same guard
    note = _move_note(chosen, note)
    refusal = None if checked else workflow.refusal(obj, actor, chosen, context, check_who=check)
    if refusal is not None:
        raise refusal
    with transaction.atomic():
        from_status = workflow.status_of(obj)
        setattr(obj, workflow.status_field, chosen.target)
        save_with_reason(obj, actor=actor, reason=reason or _move_reason(chosen, note))
        event_record(obj, actor=actor, workflow=workflow.key, move=chosen.name, from_status=from_status,
                     to_status=chosen.target, label=chosen.label, note=note)
    return obj


def _move_note(move: Move, note: str) -> str:
    note = (note or "").strip()
    if move.reason_required and not note:
        raise ApplicationError(_("“%(m)s”须说明理由。") % {"m": move.label}, field="note")
    return note


def _move_reason(move: Move, note: str) -> str:
    return f"{move.label}：{note}" if note else move.label


def transition_many(objs, *, actor, move: str, workflow: Workflow, note: str = "", **context) -> list:
    """`transition` by `move` of each of `objs` (records of one model, locked by the caller, with
    no other unsaved change), written together: every record guarded first, then their statuses
    with their history rows (who and why), then their timeline rows, each in one batch in `objs`'
    order: the rows `transition` writes for one record after another."""
    from .bulk import bulk_save_with_history

    objs, chosen = list(objs), workflow.move(move)
    note = _move_note(chosen, note)
    for obj in objs:
        refusal = workflow.refusal(obj, actor, chosen, context)
        if refusal is not None:
            raise refusal
    with transaction.atomic():
        from_statuses, reason = [workflow.status_of(obj) for obj in objs], _move_reason(chosen, note)
        for obj in objs:
            setattr(obj, workflow.status_field, chosen.target)
            stamp_reason(obj, actor=actor, reason=reason)
            validate(obj)
        if objs:
            bulk_save_with_history(type(objs[0]), changed=objs, fields=[workflow.status_field], actor=actor,
                                   reason=reason, clean=False)
        events_store([
            event_row(obj, actor=actor, workflow=workflow.key, move=chosen.name, from_status=from_status,
                      to_status=chosen.target, label=chosen.label, note=note)
            for obj, from_status in zip(objs, from_statuses, strict=True)])
    return objs


def event_record(obj, *, actor, label: str, note: str = "", from_status: str | None = None,
                 to_status: str | None = None, workflow: str = "", move: str = "", at=None):
    """One row on the record's timeline. Status moves come from `transition`; services record
    the other steps that belong on the timeline (created, acknowledged, replied…) here. Inside
    `events_batched()` the row is kept and stored when the block ends (returned unsaved)."""
    event = event_row(obj, actor=actor, label=label, note=note, from_status=from_status, to_status=to_status,
                      workflow=workflow, move=move, at=at)
    events_store([event])
    return event


def events_store(events: list) -> None:
    """Store timeline rows made by `event_row`, in their order; inside `events_batched()` they
    are kept with the block's others and stored when it ends."""
    from .models import WorkflowEvent

    held = _held_events.get()
    if held is None:
        if len(events) == 1:
            events[0].save(force_insert=True)
        else:
            WorkflowEvent.objects.bulk_create(events)
        return
    for event in events:
        held.append((event, SavepointMark()))  # dropped if a savepoint around this move is rolled back


def event_row(obj, *, actor, label: str, note: str = "", from_status: str | None = None,
              to_status: str | None = None, workflow: str = "", move: str = "", at=None):
    """The timeline row `event_record` stores, not yet saved."""
    from django.contrib.contenttypes.models import ContentType
    from django.utils import timezone

    from .models import WorkflowEvent

    if not workflow:
        try:
            workflow = workflow_of(obj).key
        except LookupError:
            workflow = obj._meta.model_name
    status = getattr(obj, "status", "")
    return WorkflowEvent(
        content_type=ContentType.objects.get_for_model(obj, for_concrete_model=True), object_id=obj.pk,
        workflow=workflow, move=move, from_status=status if from_status is None else from_status,
        to_status=status if to_status is None else to_status, label=str(label)[:100], actor=actor,
        note=note or "", at=at or timezone.now())


_held_events: ContextVar[list | None] = ContextVar("workflow_events_held", default=None)


@contextmanager
def events_batched():
    """Inside the block, the timeline rows of `event_record` (and so of `transition`) are kept in
    order and stored in one INSERT when it ends, in one transaction with the records: the same
    rows in the same order, provided that inside the block timeline rows are written only by
    `event_record` and not read. A row made inside a savepoint rolled back within the block is
    not stored. For a generator making hundreds of moves (the demo loader); `event_record`
    returns its rows unsaved there. An inner block joins the outer one."""
    from .bulk import bulk_insert
    from .models import WorkflowEvent

    if _held_events.get() is not None:
        yield
        return
    held: list = []
    with transaction.atomic():
        token = _held_events.set(held)
        try:
            yield
        finally:
            _held_events.reset(token)
        standing = marks_standing()
        bulk_insert(WorkflowEvent, [event for event, mark in held if id(mark) in standing])


def events_for(objects: Iterable):
    """The timeline rows of several records together (a nonconformity and its rounds), oldest first."""
    from django.contrib.contenttypes.models import ContentType
    from django.db.models import Q

    from .models import WorkflowEvent

    query = Q(pk__in=[])
    by_type: dict[int, list] = {}
    for obj in objects:
        ct = ContentType.objects.get_for_model(obj, for_concrete_model=True)
        by_type.setdefault(ct.pk, []).append(obj.pk)
    for ct_id, ids in by_type.items():
        query |= Q(content_type_id=ct_id, object_id__in=ids)
    return WorkflowEvent.objects.filter(query).select_related("actor").prefetch_related("subject").order_by(
        "at", "id")
