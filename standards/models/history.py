"""The audit trail of a record with many-to-many fields, storable in one batch.

A history row of such a record (`HistoricalRecords(m2m_fields=...)`) carries a copy of its
many-to-many rows as they were when it was written: simple_history reads them (a query joining
every related row) and INSERTs the copy for every history row. Inside `m2m_history_batched()`
the copies are taken from the links read once per record (read again after the links change)
and stored together when the block ends: the same rows, in the order the history rows were
written. Only for a block that does not read those copies itself (a generator writing hundreds
of records in one transaction)."""

from contextlib import contextmanager
from contextvars import ContextVar

from simple_history.models import HistoricalRecords
from simple_history.utils import get_m2m_field_name


class _Batch:
    def __init__(self):
        self.links: dict[tuple, list] = {}  # (field, record pk) -> the through rows' values
        self.pending: dict = {}  # m2m history model -> rows, in the order written

    def copy(self, field, history_instance, instance):
        through = getattr(instance, field.name).through
        key = (field, instance.pk)
        if key not in self.links:
            names = [f.attname for f in through._meta.fields]
            rows = through.objects.filter(**{get_m2m_field_name(field): instance}).order_by("pk")
            self.links[key] = list(rows.values_list(*names))
        names = [f.attname for f in through._meta.fields]
        model = HistoricalRecords.m2m_models[field]
        self.pending.setdefault(model, []).extend(
            model(history=history_instance, **dict(zip(names, values, strict=True))) for values in self.links[key])

    def forget(self, instance, reverse: bool):
        """Read the links again after they changed (all of them after a change from the other side)."""
        for key in [k for k in self.links if reverse or (k[1] == instance.pk and k[0].model is type(instance))]:
            del self.links[key]

    def store(self):
        for model, rows in self.pending.items():
            model.objects.bulk_create(rows, batch_size=500)


_batch: ContextVar[_Batch | None] = ContextVar("m2m_history_batch", default=None)


@contextmanager
def m2m_history_batched():
    """Inside the block, the many-to-many copies of history rows are stored at its end (see the
    module's docstring); nothing is stored when the block raises (the caller's transaction
    rolls back). An inner block joins the outer one."""
    if _batch.get() is not None:
        yield
        return
    batch = _Batch()
    token = _batch.set(batch)
    try:
        yield
    finally:
        _batch.reset(token)
    batch.store()


class BatchableHistory(HistoricalRecords):
    """`HistoricalRecords` whose many-to-many copies can be stored in a batch."""

    def create_historical_record_m2ms(self, history_instance, instance):
        batch = _batch.get()
        if batch is None:
            return super().create_historical_record_m2ms(history_instance, instance)
        for field in history_instance._history_m2m_fields:
            batch.copy(field, history_instance, instance)
        return None

    def m2m_changed(self, instance, action, attr, pk_set, reverse, **kwargs):
        batch = _batch.get()
        if batch is not None and action in ("post_add", "post_remove", "post_clear"):
            batch.forget(instance, reverse)
        return super().m2m_changed(instance, action, attr, pk_set, reverse, **kwargs)
