"""Writing many records at once, each still with its audit-trail row (who and why).

Importers and generators plan their changes in memory, then hand the new and the changed
objects to `bulk_save_with_history`: a few INSERT/UPDATE statements per model instead of a
save (and a history row, and validation queries) per object. Each object may carry its own
reason in `_change_reason`; otherwise the call's `reason` is recorded. Field validation runs as
in `save_with_reason`, without the per-object queries (foreign keys the caller already holds,
uniqueness left to the database constraints inside the caller's transaction)."""

from django.db import connections, router, transaction
from django.utils import timezone
from simple_history.models import HistoricalRecords
from simple_history.utils import bulk_create_with_history, get_m2m_field_name

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
        update_with_history(model, changed, sorted({*fields, *stamped}), actor=actor, reason=reason,
                            batch_size=batch_size)
        m2m_history_copy(model, changed, batch_size=batch_size)
    return rows


def update_rows(model, objs, fields, *, batch_size: int = BATCH_SIZE) -> None:
    """UPDATE `fields` of each object by its primary key: one prepared statement run for every
    object (executemany). Same rows as `QuerySet.bulk_update`, without its CASE WHEN per object,
    whose building is what makes that slow for thousands of rows. Plain values only (no F())."""
    if not objs or not fields:
        return
    connection = connections[router.db_for_write(model)]
    quote = connection.ops.quote_name
    columns = [model._meta.get_field(name) for name in fields]
    pk = model._meta.pk
    # Only the model's own table and column names, quoted, go into the text; values are parameters.
    assignments = ", ".join(f"{quote(f.column)} = %s" for f in columns)
    sql = f"UPDATE {quote(model._meta.db_table)} SET {assignments} WHERE {quote(pk.column)} = %s"  # noqa: S608
    with connection.cursor() as cursor:
        for start in range(0, len(objs), batch_size):
            cursor.executemany(sql, [
                [f.get_db_prep_save(getattr(obj, f.attname), connection) for f in columns]
                + [pk.get_db_prep_save(obj.pk, connection)]
                for obj in objs[start:start + batch_size]])


def update_with_history(model, objs, fields, *, actor=None, reason: str = "", batch_size: int = BATCH_SIZE) -> None:
    """`simple_history.utils.bulk_update_with_history` on `update_rows`: the rows, then one
    history row ('~') for each object, with its own `_change_reason` / `_history_user` if it
    carries them, else `reason` and `actor`."""
    objs = list(objs)
    with transaction.atomic(using=router.db_for_write(model), savepoint=False):
        update_rows(model, objs, fields, batch_size=batch_size)
        model.history.bulk_history_create(objs, batch_size=batch_size, update=True, default_user=actor,
                                          default_change_reason=reason)


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
