"""Writing many records at once, each still with its audit-trail row (who and why).

Importers and generators plan their changes in memory, then hand the new and the changed
objects to `bulk_save_with_history`: a few INSERT/UPDATE statements per model instead of a
save (and a history row, and validation queries) per object. Each object may carry its own
reason in `_change_reason`; otherwise the call's `reason` is recorded. Field validation runs as
in `save_with_reason`, without the per-object queries (foreign keys the caller already holds,
uniqueness left to the database constraints inside the caller's transaction)."""

from django.db import transaction
from django.utils import timezone
from simple_history.models import HistoricalRecords
from simple_history.utils import bulk_create_with_history, bulk_update_with_history, get_m2m_field_name

BATCH_SIZE = 500


def clean_for_bulk(obj):
    """`full_clean` without its queries: field rules only (foreign keys are objects the caller
    holds; uniqueness and constraints are the database's, inside the caller's transaction)."""
    foreign = [f.name for f in obj._meta.concrete_fields if f.is_relation]
    obj.full_clean(exclude=foreign, validate_unique=False, validate_constraints=False)


def _stamp(objs, *, reason: str, actor):
    for obj in objs:
        if not getattr(obj, "_change_reason", ""):
            obj._change_reason = reason
        if actor is not None and getattr(actor, "pk", None):
            obj._history_user = actor


def _auto_now_fields(model) -> list[str]:
    return [f.name for f in model._meta.concrete_fields if getattr(f, "auto_now", False)]


@transaction.atomic
def bulk_save_with_history(model, *, created=(), changed=(), fields=(), actor=None, reason: str = "",
                           clean: bool = True, batch_size: int = BATCH_SIZE) -> list:
    """INSERT `created` and UPDATE `fields` of `changed`, writing one history row for each
    object ('+' or '~'). Returns the created objects with their primary keys."""
    created, changed = list(created), list(changed)
    for obj in [*created, *changed] if clean else ():
        clean_for_bulk(obj)
    _stamp([*created, *changed], reason=reason, actor=actor)
    rows = []
    if created:
        rows = bulk_create_with_history(created, model, batch_size=batch_size, default_user=actor,
                                        default_change_reason=reason)
    if changed:
        now = timezone.now()
        stamped = _auto_now_fields(model)
        for obj in changed:
            for name in stamped:
                setattr(obj, name, now)
        bulk_update_with_history(changed, model, sorted({*fields, *stamped}), batch_size=batch_size,
                                 default_user=actor, default_change_reason=reason)
        m2m_history_copy(model, changed, batch_size=batch_size)
    return rows


def m2m_history_copy(model, objs, *, batch_size: int = BATCH_SIZE):
    """Copy the current many-to-many rows into the history rows just written, as a plain save
    does for models tracked with `HistoricalRecords(m2m_fields=...)`."""
    history_model = model.history.model
    fields = getattr(history_model, "_history_m2m_fields", None) or []
    if not fields or not objs:
        return
    latest = {}
    for row in history_model.objects.filter(id__in=[o.pk for o in objs]).order_by("history_id"):
        latest[row.id] = row
    for field in fields:
        _copy_m2m(model, field, latest, batch_size=batch_size)


def _copy_m2m(model, field, latest: dict, *, batch_size: int):
    m2m_history_model = HistoricalRecords.m2m_models[field]
    through = getattr(model, field.name).through
    source = get_m2m_field_name(field)
    names = [f.name for f in through._meta.fields]
    rows = [m2m_history_model(history=latest[getattr(t, f"{source}_id")],
                              **{n: getattr(t, n) for n in names})
            for t in through.objects.filter(**{f"{source}_id__in": list(latest)})]
    m2m_history_model.objects.bulk_create(rows, batch_size=batch_size)
