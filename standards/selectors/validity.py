"""Reads for the validity of adopted standards (标准有效性确认): which are flagged replaced or
abolished, which have not been confirmed in the last 12 months, and the confirmation records."""

import datetime as dt
from dataclasses import dataclass

from django.utils import timezone

from ..models import (
    AdoptedStatus,
    Origin,
    Standard,
    StandardStatus,
    ValidityConfirmation,
)
from ..validity import obsolete_note, status_applies
from .lifecycle import add_years


@dataclass
class AdoptedRow:
    """An adopted standard in force with its external status (None: never recorded)."""

    standard: Standard
    status: AdoptedStatus | None
    note: str  # the 被代替/废止 warning, '' when current

    @property
    def flagged(self) -> bool:
        return bool(self.note)

    def unconfirmed_since(self, cutoff: dt.date) -> bool:
        return self.status is None or self.status.confirmed_on is None or self.status.confirmed_on < cutoff


def _row(standard: Standard, today: dt.date) -> AdoptedRow:
    status = getattr(standard, "adopted_status", None)
    if status is not None and not status_applies(status.number, standard.number):
        status = None  # a status of an earlier number (before the replacement was adopted)
    note = obsolete_note(state=status.state, ends_on=status.ends_on, replaced_by=status.replaced_by,
                         today=today) if status else ""
    return AdoptedRow(standard=standard, status=status, note=note)


def adopted_in_force(*, today: dt.date | None = None) -> list[AdoptedRow]:
    """Every adopted standard in force, in table order, with its external status."""
    today = today or timezone.localdate()
    standards = (Standard.objects.filter(origin=Origin.ADOPTED, status=StandardStatus.IN_FORCE)
                 .select_related("node", "adopted_status", "adopted_status__confirmed_by"))
    return [_row(s, today) for s in standards]


def adopted_flagged(*, today: dt.date | None = None) -> list[AdoptedRow]:
    """采用标准被代替或废止: adopted standards in force whose number the outside world has
    replaced or abolished (by the status last imported or confirmed). Each needs action:
    adopt the replacement or withdraw it from the system."""
    return [row for row in adopted_in_force(today=today) if row.flagged]


def adopted_unconfirmed(*, today: dt.date | None = None) -> list[AdoptedRow]:
    """采用标准未确认有效性: adopted standards in force whose validity has not been confirmed
    in the last 12 months (ISO 9001 7.5.3; at least once a year)."""
    today = today or timezone.localdate()
    cutoff = add_years(today, -1)
    return [row for row in adopted_in_force(today=today) if row.unconfirmed_since(cutoff)]


def adopted_validity_summary(*, today: dt.date | None = None) -> tuple[list[AdoptedRow], list[AdoptedRow]]:
    """(adopted_flagged, adopted_unconfirmed) from one read, for the dashboard."""
    today = today or timezone.localdate()
    cutoff = add_years(today, -1)
    rows = adopted_in_force(today=today)
    return [r for r in rows if r.flagged], [r for r in rows if r.unconfirmed_since(cutoff)]


def standard_validity(standard: Standard, *, today: dt.date | None = None) -> AdoptedRow | None:
    """The validity row for one standard's page (None for in-house or not-in-force standards)."""
    if standard.origin != Origin.ADOPTED or standard.status != StandardStatus.IN_FORCE:
        return None
    return _row(standard, today or timezone.localdate())


def validity_confirmations(limit: int = 20):
    return (ValidityConfirmation.objects.select_related("confirmed_by").prefetch_related("findings")
            .order_by("-confirmed_on", "-id")[:limit])


