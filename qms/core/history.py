"""Saving with an audit-trail entry: who and why, for django-simple-history."""


def save_with_reason(instance, *, actor=None, reason: str = "", update_fields=None):
    """full_clean() then save, recording `actor` and `reason` in the history row."""
    instance._change_reason = reason
    if actor is not None and getattr(actor, "pk", None):
        instance._history_user = actor
    instance.full_clean()
    instance.save(update_fields=update_fields)
    return instance
