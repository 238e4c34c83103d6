"""Saving with an audit-trail entry: who and why, for django-simple-history."""

from contextlib import contextmanager
from contextvars import ContextVar

from .bulk import clean_for_bulk

_database_checks: ContextVar[bool] = ContextVar("history_database_checks", default=False)


@contextmanager
def checks_left_to_database():
    """Inside the block, `save_with_reason` validates field rules and the model's own `clean()`
    only, as the batched writers do (`qms.core.bulk.clean_for_bulk`): no query per save for the
    foreign keys (objects the caller holds), uniqueness and constraints (the database's own,
    inside the caller's transaction, refuse a breach with an IntegrityError). For a generator
    writing hundreds of records it has just read (the demo loader); the records are the same."""
    token = _database_checks.set(True)
    try:
        yield
    finally:
        _database_checks.reset(token)


def save_with_reason(instance, *, actor=None, reason: str = "", update_fields=None):
    """full_clean() then save, recording `actor` and `reason` in the history row."""
    stamp_reason(instance, actor=actor, reason=reason)
    validate(instance)
    instance.save(update_fields=update_fields)
    return instance


def stamp_reason(instance, *, actor=None, reason: str = "") -> None:
    """Who and why, for the history row of the instance's next save (or batched write)."""
    instance._change_reason = reason
    if actor is not None and getattr(actor, "pk", None):
        instance._history_user = actor


def validate(instance) -> None:
    """The validation `save_with_reason` runs before saving (see `checks_left_to_database`)."""
    if _database_checks.get():
        clean_for_bulk(instance)
    else:
        instance.full_clean()
