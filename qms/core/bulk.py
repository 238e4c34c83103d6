"""Writing many records at once, each still with its audit-trail row (who and why).

Importers and generators plan their changes in memory, then hand the new and the changed
objects to `bulk_save_with_history`: a few INSERT/UPDATE statements per model instead of a
save (and a history row, and validation queries) per object. Each object may carry its own
reason in `_change_reason`; otherwise the call's `reason` is recorded. Field validation runs as
in `save_with_reason`, without the per-object queries (foreign keys the caller already holds,
uniqueness left to the database constraints inside the caller's transaction)."""

import datetime as dt
import time
from functools import partial

from django.conf import settings
from django.db import connections, models, router, transaction
from django.utils import timezone
from simple_history.models import HistoricalRecords
from simple_history.utils import get_m2m_field_name

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
        rows = create_with_history(model, created, actor=actor, reason=reason, batch_size=batch_size)
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
    # The ORM's conversion of each value, by bulk_insert's shortcuts for text, dates and times.
    converters = [(f.attname, _to_db(f, connection) or partial(f.get_db_prep_save, connection=connection),
                   _plain_type(f)) for f in columns]
    with connection.cursor() as cursor:
        for start in range(0, len(objs), batch_size):
            cursor.executemany(sql, [
                [v if isinstance(v := getattr(obj, name), plain) else convert(v) for name, convert, plain in converters]
                + [pk.get_db_prep_save(obj.pk, connection)]
                for obj in objs[start:start + batch_size]])


def update_with_history(model, objs, fields, *, actor=None, reason: str = "", batch_size: int = BATCH_SIZE) -> None:
    """`simple_history.utils.bulk_update_with_history` on `update_rows`: the rows, then one
    history row ('~') for each object, with its own `_change_reason` / `_history_user` if it
    carries them, else `reason` and `actor` (by `bulk_insert`: no INSERT compiled per row)."""
    objs = list(objs)
    with transaction.atomic(using=router.db_for_write(model), savepoint=False):
        update_rows(model, objs, fields, batch_size=batch_size)
        bulk_insert(model.history.model, history_rows(model, objs, history_type="~", actor=actor, reason=reason),
                    batch_size=batch_size)


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
    order = {obj.pk: index for index, obj in enumerate(objs)}
    for field in fields:
        _copy_m2m(model, field, latest, order, batch_size=batch_size)


def _copy_m2m(model, field, latest: dict, order: dict, *, batch_size: int):
    """One query for every object's links; the copies stored object by object in `order` (each
    object's links in their own order), as one save after another would store them."""
    m2m_history_model = HistoricalRecords.m2m_models[field]
    through = getattr(model, field.name).through
    source = f"{get_m2m_field_name(field)}_id"
    names = [f.attname for f in through._meta.fields]  # the keys: no query per link for its objects
    pk = through._meta.pk.attname
    links = sorted(through.objects.filter(**{f"{source}__in": list(latest)}).values(*names),
                   key=lambda link: (order[link[source]], link[pk]))
    rows = [m2m_history_model(history=latest[link[source]], **link) for link in links]
    m2m_history_model.objects.bulk_create(rows, batch_size=batch_size)


# Field types whose Python values the database drivers take as they are (a foreign key takes
# its target field's conversion).
_PLAIN_TYPES = {"BooleanField", "IntegerField", "SmallIntegerField", "BigIntegerField",
                "PositiveIntegerField", "PositiveSmallIntegerField", "PositiveBigIntegerField", "AutoField",
                "BigAutoField", "SmallAutoField"}


def _plain_type(field):
    """The type of `field`'s values the database takes as they are (text, choices among them, as
    the ORM gives them), else () (none: isinstance of nothing)."""
    target = field.target_field if field.is_relation else field
    return str if target.get_internal_type() in ("CharField", "TextField") else ()


def _to_db(field, connection):
    """The conversion of `field`'s values for the database, or None where there is none."""
    if field.is_relation:
        return _to_db(field.target_field, connection)
    kind = field.get_internal_type()
    if kind in _PLAIN_TYPES:
        return None
    slow = partial(field.get_db_prep_save, connection=connection)
    if kind in ("CharField", "TextField"):  # text as it is; else (a file in a history row's text) the ORM's str()
        return partial(_text_to_db, slow=slow)
    if kind == "DateField" and type(field) is models.DateField:
        return partial(_date_to_db, slow=slow, native=connection.vendor == "postgresql")
    if kind == "DateTimeField" and type(field) is models.DateTimeField and settings.USE_TZ:
        return partial(_datetime_to_db, slow=slow, native=connection.vendor == "postgresql", zone=connection.timezone)
    return slow


# The ORM's conversions of the commonest values, without its per-value checks (tens of thousands
# of dates and times in an import): a date as ISO text, an aware time as text without offset in
# the connection's zone (SQLite); psycopg takes both as they are. Anything else goes the ORM's way.
def _text_to_db(value, *, slow):
    return value if type(value) is str else slow(value)


def _date_to_db(value, *, slow, native: bool):
    if type(value) is dt.date:
        return value if native else value.isoformat()
    return slow(value)


def _datetime_to_db(value, *, slow, native: bool, zone):
    if type(value) is dt.datetime and value.tzinfo is not None:
        return value if native else str(value.astimezone(zone).replace(tzinfo=None))
    return slow(value)


def _execute_batch(cursor, sql: str, rows: list) -> None:
    """Run one batch: COPY on PostgreSQL (psycopg adapts each value), else the INSERT with
    executemany. Logged as one query where queries are logged (tests, the bench)."""
    if not sql.startswith("COPY"):
        cursor.executemany(sql, rows)
        return
    start = time.monotonic()
    with cursor.cursor.copy(sql) as copy:
        for row in rows:
            copy.write_row(row)
    connection = cursor.db
    if connection.queries_logged:
        connection.queries_log.append({"sql": f"{sql} -- {len(rows)} rows", "time": f"{time.monotonic() - start:.3f}"})


def bulk_insert(model, objs, *, batch_size: int = 5000) -> int:
    """INSERT `objs` in batches (COPY on PostgreSQL, one prepared INSERT run with executemany
    elsewhere), for records written once, never edited and carrying no history of their own
    (imported cases, ratings: their import record says who and when), and for history rows.
    `objs` are instances, or dicts of every column's value by attname (rows planned as plain
    values, no instance built; the caller gives the automatic dates too). Values are converted as the
    ORM converts them; much faster than `bulk_create` for tens of thousands of rows (no SQL
    compiled per row, no bound-parameter limit on SQLite), but primary keys are not read back and
    no signals are sent. The caller holds the transaction."""
    connection = connections[router.db_for_write(model)]
    meta = model._meta
    fields = [f for f in meta.concrete_fields if f is not meta.auto_field]
    stamped = [f for f in fields if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False)]
    converters = [(f.attname, _to_db(f, connection), _plain_type(f)) for f in fields]
    quote = connection.ops.quote_name
    columns, marks = ", ".join(quote(f.column) for f in fields), ", ".join(["%s"] * len(fields))
    if connection.vendor == "postgresql":
        sql = f"COPY {quote(meta.db_table)} ({columns}) FROM STDIN"
    else:
        sql = f"INSERT INTO {quote(meta.db_table)} ({columns}) VALUES ({marks})"  # noqa: S608 (names from the model)
    objs = list(objs)
    with connection.cursor() as cursor:
        for start in range(0, len(objs), batch_size):
            rows = []
            for obj in objs[start:start + batch_size]:
                if type(obj) is dict:
                    values = obj
                else:
                    for field in stamped:
                        field.pre_save(obj, add=True)
                    values = obj.__dict__
                # None, a value of the type the database takes as it is, or the field's conversion
                rows.append([v if (v := values[name]) is None or convert is None or isinstance(v, plain) else convert(v)
                             for name, convert, plain in converters])
            _execute_batch(cursor, sql, rows)
    return len(objs)


def history_rows(model, objs, *, history_type: str = "+", actor=None, reason: str = "") -> list[dict]:
    """The history rows simple_history's `bulk_history_create` writes for `objs` (each object's own
    `_history_user` / `_change_reason` first, else `actor` and `reason`), not yet stored: each
    row's values by column, for `bulk_insert` (no historical instance built per row). Not for a
    history model with a `history_relation` (none here: simple_history then links each row too)."""
    history = model.history.model
    if getattr(history, "history_relation", None) is not None:
        raise ValueError(f"{model.__name__}: history rows with a history_relation are not supported")
    now = timezone.now()
    tracked = [f.attname for f in history.tracked_fields]
    rows = []
    for obj in objs:
        user = getattr(obj, "_history_user", actor or history.get_default_history_user(obj))
        row = {name: getattr(obj, name) for name in tracked}
        row.update(history_date=getattr(obj, "_history_date", now), history_user_id=None if user is None else user.pk,
                   history_change_reason=getattr(obj, "_change_reason", "") or reason, history_type=history_type)
        rows.append(row)
    return rows


@transaction.atomic
def create_with_history(model, objs, *, actor=None, reason: str = "", batch_size: int = BATCH_SIZE) -> list:
    """`simple_history.utils.bulk_create_with_history`: the objects by `bulk_create` (primary keys
    read back), their '+' history rows by `bulk_insert` (no SQL compiled per row: about a third of
    the time of an import's writes). The same rows; returns the created objects. Like
    simple_history's, no copy of many-to-many links: records just inserted have none."""
    objs = model._default_manager.bulk_create(list(objs), batch_size=batch_size)
    if objs and objs[0].pk is None:  # a database that does not return the keys
        raise ValueError(f"{model.__name__}: primary keys not returned by bulk_create")
    bulk_insert(model.history.model, history_rows(model, objs, actor=actor, reason=reason))
    return objs


@transaction.atomic
def bulk_delete_with_history(model, objs, *, actor=None, reason: str = "", batch_size: int = BATCH_SIZE) -> None:
    """DELETE `objs` (models nothing else points to), writing one '-' history row each with who
    and why, as a plain delete does: one INSERT and one DELETE per batch instead of two per object."""
    objs = [obj for obj in objs if obj.pk is not None]
    if not objs:
        return
    _stamp(objs, reason=reason, actor=actor)
    history = model.history.model
    now = timezone.now()
    rows = [history(history_date=now, history_user=getattr(obj, "_history_user", None),
                    history_change_reason=obj._change_reason, history_type="-",
                    **{f.attname: getattr(obj, f.attname) for f in history.tracked_fields})
            for obj in objs]
    history.objects.bulk_create(rows, batch_size=batch_size)
    pks = [obj.pk for obj in objs]
    for start in range(0, len(pks), batch_size):  # no signals: the history rows are written above
        model.objects.filter(pk__in=pks[start:start + batch_size])._raw_delete(model.objects.db)


class PendingWrites:
    """The writes an importer plans in memory, then stores model by model in batches: objects to
    INSERT, to UPDATE (each keeping the first reason it was touched for), to DELETE. Every object
    gets its history row with the actor and its own reason (the importer's by default)."""

    def __init__(self, *, actor, reason: str):
        self.actor, self.reason = actor, reason
        self.new, self.changed, self.deleted = [], {}, []  # changed: id(object) -> object

    def add(self, obj, reason: str = ""):
        obj._change_reason = reason or self.reason
        self.new.append(obj)
        return obj

    def touch(self, obj, reason: str = ""):
        """Mark a stored object changed; its history row keeps the first reason given."""
        if obj.pk is None:
            return
        if id(obj) not in self.changed:
            obj._change_reason = reason or self.reason
            self.changed[id(obj)] = obj

    def delete(self, obj, reason: str = ""):
        obj._change_reason = reason or self.reason
        self.deleted.append(obj)

    def write_model(self, model, *, fields=(), where=None):
        """Store the pending objects of `model` (those `where` accepts): deletions, updates of
        `fields`, insertions. Returns the inserted objects; each object is written once."""
        def mine(objs):
            return [o for o in objs if isinstance(o, model) and (where is None or where(o))]

        deleted, changed, created = mine(self.deleted), mine(self.changed.values()), mine(self.new)
        done = {id(o) for o in [*deleted, *changed, *created]}
        self.deleted = [o for o in self.deleted if id(o) not in done]
        self.changed = {k: o for k, o in self.changed.items() if k not in done}
        self.new = [o for o in self.new if id(o) not in done]
        bulk_delete_with_history(model, deleted, actor=self.actor, reason=self.reason)
        if changed:
            bulk_save_with_history(model, changed=changed, fields=fields, actor=self.actor, reason=self.reason,
                                   clean=False)
        if created:
            bulk_save_with_history(model, created=created, actor=self.actor, reason=self.reason, clean=False)
        return created
