"""The audit trail of the standards' records, storable in one batch.

Every save of a record with `BatchableHistory` writes a history row (who, why, what), and for a
record with many-to-many fields a copy of its links as they were: simple_history INSERTs each
row as the save happens, and reads the links for each copy (a query joining every related row).
Inside `history_batched()` the rows are built at each save exactly as simple_history builds them
(same date, user, reason, type, values), kept in order, and stored model by model when the block
ends, a few INSERTs for hundreds of saves; the links are read once per record (again after they
change). The same rows in the same order (history ids; a copy's links, like simple_history's, in
no defined order), provided that inside the
block these records' history is written only by their saves and link changes (not by the bulk
helpers) and not read, and that a change of links is not undone by a savepoint rolled back
inside the block (a save so undone leaves no history row). For a generator writing hundreds of records in one transaction (the demo
loader); the block is one transaction, so nothing is stored when it raises."""

import copy
from contextlib import contextmanager
from contextvars import ContextVar
from functools import cache
from types import SimpleNamespace

from django.db import transaction
from django.db.models.fields.files import FieldFile
from django.utils import timezone
from simple_history.models import HistoricalRecords
from simple_history.signals import (
    post_create_historical_m2m_records,
    post_create_historical_record,
    pre_create_historical_m2m_records,
    pre_create_historical_record,
)
from simple_history.utils import get_m2m_field_name

from qms.core.bulk import bulk_insert
from qms.core.savepoints import SavepointMark, marks_standing

BATCH_SIZE = 500


class _Batch:
    def __init__(self):
        self.rows: dict = {}  # history model -> [(history row, record, signal kwargs)], in the order written
        self.copies: list = []  # (field, history row, record, the links' values)
        self.links: dict[tuple, list] = {}  # (field, record pk) -> the through rows' values

    def add(self, model, history_instance, instance, signal_kwargs: dict):
        # A save inside a savepoint that is rolled back (an error caught within the block) leaves
        # no history row: Django drops the commit hooks of a rolled-back savepoint, so the row
        # is stored only if its hook is still waiting.
        hook = SavepointMark()
        self.rows.setdefault(model, []).append((history_instance, instance, signal_kwargs, hook))

    def copy(self, field, history_instance, instance):
        key = (field, instance.pk)
        if key not in self.links:
            # A record just inserted has no links yet: none can be made before its row exists.
            self.links[key] = [] if history_instance.history_type == "+" else links_of(field, instance)
        self.copies.append((field, history_instance, instance, self.links[key]))

    def forget(self, instance, reverse: bool):
        """Read the links again after they changed (all of them after a change from the other side)."""
        for key in [k for k in self.links if reverse or (k[1] == instance.pk and k[0].model is type(instance))]:
            del self.links[key]

    def store(self):
        waiting = marks_standing()
        self.rows = {model: [row for row in rows if id(row[3]) in waiting] for model, rows in self.rows.items()}
        stored = {id(row[0]) for rows in self.rows.values() for row in rows}
        for model, rows in self.rows.items():
            objs = [row[0] for row in rows]
            if model._history_m2m_fields or post_create_historical_record.has_listeners(model):
                model.objects.bulk_create(objs, batch_size=BATCH_SIZE)  # their keys are wanted
            else:
                bulk_insert(model, objs)
        self._store_copies([c for c in self.copies if id(c[1]) in stored])
        for model, rows in self.rows.items():
            for history_instance, instance, kwargs, _hook in rows:
                post_create_historical_record.send(sender=model, instance=instance,
                                                   history_instance=history_instance, **kwargs)

    @staticmethod
    def _store_copies(copies):
        by_model: dict = {}
        for field, history_instance, instance, links in copies:
            m2m_model = HistoricalRecords.m2m_models[field]
            if _shown(m2m_model):
                rows = [m2m_model(history=history_instance, **link) for link in links]
                pre_create_historical_m2m_records.send(sender=m2m_model, rows=rows,
                                                       history_instance=history_instance, instance=instance,
                                                       field=field)
            else:  # nobody is shown the rows: their values (thousands of link copies)
                rows = [SimpleNamespace(history_id=history_instance.pk, **link) for link in links]
            by_model.setdefault(m2m_model, []).append((field, history_instance, instance, rows))
        for m2m_model, groups in by_model.items():
            bulk_insert(m2m_model, [row for *_head, rows in groups for row in rows])
            for field, history_instance, instance, rows in groups if _shown(m2m_model) else ():
                post_create_historical_m2m_records.send(sender=m2m_model, created_rows=rows,
                                                        history_instance=history_instance, instance=instance,
                                                        field=field)


def _shown(m2m_model) -> bool:
    """Whether anyone listens for the link copies of `m2m_model` (and is given the rows)."""
    return (pre_create_historical_m2m_records.has_listeners(m2m_model)
            or post_create_historical_m2m_records.has_listeners(m2m_model))


def _frozen(value):
    """A value as the history row stores it when written later: a list or dict changed in
    place after the save must not change the row; a file is stored by its name."""
    if isinstance(value, list | dict):
        return copy.deepcopy(value)
    if isinstance(value, FieldFile):
        return str(value)  # the name, "" for none, as the ORM stores it
    return value


def links_of(field, instance) -> list[dict]:
    """The values of `instance`'s through rows of `field`: the rows simple_history copies (its own
    query joins each row's standard and department to read the same values, in no defined order
    either: neither query orders them), read as values."""
    through = getattr(instance, field.name).through
    names = [f.attname for f in through._meta.fields]
    return list(through.objects.filter(**{get_m2m_field_name(field): instance}).values(*names))


_batch: ContextVar[_Batch | None] = ContextVar("history_batch", default=None)


@contextmanager
def history_batched():
    """Inside the block, the history rows of records with `BatchableHistory` are stored at its
    end (see the module's docstring). The block is one transaction: when it raises, neither the
    records nor their history are stored. An inner block joins the outer one."""
    if _batch.get() is not None:
        yield
        return
    batch = _Batch()
    with transaction.atomic():  # records and their history stored together, or neither
        token = _batch.set(batch)
        try:
            yield
        finally:
            _batch.reset(token)
        batch.store()


@cache
def _history_model(model, manager_name: str):
    """The history model of `model`, read from its descriptor (`instance.history` makes a new
    manager class at every access: a third of the cost of a batched history row)."""
    for klass in model.__mro__:
        if manager_name in klass.__dict__:
            return klass.__dict__[manager_name].model
    return getattr(model, manager_name).model


class BatchableHistory(HistoricalRecords):
    """`HistoricalRecords` whose rows can be stored in a batch (`history_batched`)."""

    def create_historical_record(self, instance, history_type, using=None):
        batch = _batch.get()
        if batch is None:
            return super().create_historical_record(instance, history_type, using=using)
        using = using if self.use_base_model_db else None
        history_model = _history_model(type(instance), self.manager_name)
        kwargs = {"history_date": getattr(instance, "_history_date", timezone.now()),
                  "history_user": self.get_history_user(instance),
                  "history_change_reason": self.get_change_reason_for_object(instance, history_type, using),
                  "using": using}
        attrs = {field.attname: _frozen(getattr(instance, field.attname)) for field in self.fields_included(instance)}
        if getattr(history_model, "history_relation", None) is not None:
            attrs["history_relation"] = instance
        history_instance = history_model(history_type=history_type, **attrs,
                                         **{k: v for k, v in kwargs.items() if k != "using"})
        pre_create_historical_record.send(sender=history_model, instance=instance,
                                          history_instance=history_instance, **kwargs)
        batch.add(history_model, history_instance, instance, kwargs)
        for field in history_instance._history_m2m_fields:
            batch.copy(field, history_instance, instance)
        return history_instance

    def m2m_changed(self, instance, action, attr, pk_set, reverse, **kwargs):
        batch = _batch.get()
        if batch is not None and action in ("post_add", "post_remove", "post_clear"):
            batch.forget(instance, reverse)
        return super().m2m_changed(instance, action, attr, pk_set, reverse, **kwargs)
