"""What a standards import wrote, as plain data keyed by codes and numbers (no ids, no clocks),
so that two ways of writing the same workbook can be compared record by record."""

from qms.core.models import Notification, WorkflowEvent
from standards.models import Acknowledgement, Edition, Standard

STANDARD_FIELDS = ("code", "number", "name", "level", "origin", "status", "plan", "notes", "intl_relation",
                   "review_cycle_years", "version")
EDITION_FIELDS = ("seq", "number", "title", "status", "published_on", "effective_on", "replaces", "text")


def _iso(value):
    return value.isoformat() if hasattr(value, "isoformat") else value


def _standard_state(obj) -> dict:
    state = {name: _iso(getattr(obj, name)) for name in STANDARD_FIELDS}
    state["node"] = obj.node.code
    state["owner"] = obj.owner.username if obj.owner_id else None
    return state


def _edition_key(edition) -> str:
    return f"{edition.standard.code}#{edition.seq}"


def _edition_state(obj) -> dict:
    state = {name: _iso(getattr(obj, name)) for name in EDITION_FIELDS}
    state["created_by"] = obj.created_by.username if obj.created_by_id else None
    return state


def marks() -> dict:
    """The highest ids before an import: what comes after them is what the import wrote."""
    models = {"standard_history": Standard.history, "edition_history": Edition.history,
              "status": WorkflowEvent.objects.filter(workflow="edition"), "ack": Acknowledgement.objects, "notification": Notification.objects}
    return {name: (manager.order_by("-pk").values_list("pk", flat=True).first() or 0)
            for name, manager in models.items()}


def _history(manager, model, after: int, key, state) -> dict:
    """Per record touched: the type, user and reason of its first history row of the import, who
    wrote its rows, and whether its latest history row holds the record's final state."""
    rows: dict[str, list] = {}
    for row in manager.filter(pk__gt=after).select_related("history_user").order_by("pk"):
        rows.setdefault(key(row), []).append(row)
    touched = {}
    for name, written in rows.items():
        first, latest = written[0], written[-1]
        current = model.objects.get(pk=latest.id)
        touched[name] = {"type": first.history_type, "reason": first.history_change_reason,
                         "users": sorted({r.history_user.username for r in written}),
                         "latest_is_final": state(latest) == state(current)}
    return touched


def _standard_history_state(row) -> dict:
    state = _standard_state(row)
    if isinstance(row, Standard):
        state["departments"] = sorted(row.applicable_departments.values_list("code", flat=True))
    else:
        state["departments"] = sorted(d.department.code for d in row.applicable_departments.all())
    return state


def snapshot(before: dict) -> dict:
    """Every record as it is now, plus what the import added after `before` (from `marks()`)."""
    return {
        "standards": {s.code: _standard_state(s) for s in Standard.objects.select_related("node", "owner")},
        "departments": {s.code: sorted(s.applicable_departments.values_list("code", flat=True))
                        for s in Standard.objects.all()},
        "editions": {_edition_key(e): _edition_state(e) for e in Edition.objects.select_related("standard")},
        "status_changes": _status_rows(before["status"]),
        "acknowledgements": sorted(
            [_edition_key(a.edition), a.user.username, a.department.code if a.department_id else None]
            for a in Acknowledgement.objects.filter(pk__gt=before["ack"]).select_related("edition__standard")),
        "notifications": sorted(
            [n.recipient.username, n.verb, n.message, n.url]
            for n in Notification.objects.filter(pk__gt=before["notification"])),
        "standard_history": _history(Standard.history, Standard, before["standard_history"], lambda r: r.code,
                                     _standard_history_state),
        "edition_history": _history(Edition.history, Edition, before["edition_history"],
                                    lambda r: f"{Standard.objects.get(pk=r.standard_id).code}#{r.seq}",
                                    _edition_state),
    }


def _status_rows(after_pk: int) -> list:
    rows = list(WorkflowEvent.objects.filter(workflow="edition", pk__gt=after_pk).select_related("actor"))
    editions = Edition.objects.select_related("standard").in_bulk([c.object_id for c in rows])
    return sorted([_edition_key(editions[c.object_id]), c.from_status, c.to_status,
                   c.actor.username if c.actor_id else None, c.note] for c in rows)
