"""The figures of the standards' life: 实施率, 参训率 and the acknowledgement rate.

Each figure is defined once, here, in its function's docstring; pages, exports, the bench and
(later) the scoring sheet call these functions and never redo the arithmetic."""

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Count, Q
from django.utils import timezone

from ..models import (
    CONFORMING_RESULTS,
    Acknowledgement,
    EditionStatus,
    ImplementationCheck,
    Standard,
    StandardStatus,
    TrainingSession,
)


@dataclass(frozen=True)
class Rate:
    numerator: int
    denominator: int

    @property
    def percent(self) -> float | None:
        """Share in per cent with one decimal; None when there is nothing to count."""
        if not self.denominator:
            return None
        return round(100 * self.numerator / self.denominator, 1)

    def __str__(self):
        return "—" if self.percent is None else f"{self.percent:.1f}%"


def twelve_months_before(day: dt.date) -> dt.date:
    try:
        return day.replace(year=day.year - 1)
    except ValueError:  # 29 February
        return day.replace(year=day.year - 1, day=28)


def implementation_rate(*, today: dt.date | None = None, department=None) -> Rate:
    """标准实施率 (implementation rate).

    = number of standards in force that have at least one conforming implementation check
      (result 符合 or 基本符合) dated in the 12 months up to and including `today`
      ÷ number of standards in force.
    A 不符合 check does not count; a standard with no check in the window counts as not
    implemented. With `department`, both counts are restricted to the standards in force that
    apply to that department, and only checks made in that department count."""
    today = today or timezone.localdate()
    in_force = Standard.objects.filter(status=StandardStatus.IN_FORCE)
    checks = ImplementationCheck.objects.filter(
        result__in=CONFORMING_RESULTS, checked_on__gt=twelve_months_before(today), checked_on__lte=today
    )
    if department is not None:
        in_force = in_force.filter(applicable_departments=department)
        checks = checks.filter(department=department)
    checked = in_force.filter(pk__in=checks.values("standard_id"))
    return Rate(checked.count(), in_force.count())


def session_participation(session: TrainingSession) -> Rate:
    """参训率 of one session = expected attendees who attended ÷ expected attendees.
    People who attended without being expected are welcome but do not raise the rate."""
    expected = set(session.expected.values_list("pk", flat=True))
    attended = set(session.attendees.values_list("pk", flat=True)) & expected
    return Rate(len(attended), len(expected))


def participation_rate(*, year: int | None = None, standard: Standard | None = None) -> Rate:
    """参训率 (training participation rate) over many sessions.

    = Σ over the sessions (expected attendees who attended) ÷ Σ (expected attendees),
    each session counted as in `session_participation`. Sessions are those held in `year`
    (default: the current year), or, with `standard`, every session covering any edition of
    that standard."""
    sessions = TrainingSession.objects.all()
    if standard is not None:
        sessions = sessions.filter(editions__standard=standard).distinct()
    else:
        sessions = sessions.filter(held_on__year=year or timezone.localdate().year)
    attended = expected = 0
    for session in sessions.prefetch_related("expected", "attendees"):
        expected_ids = {u.pk for u in session.expected.all()}
        expected += len(expected_ids)
        attended += len({u.pk for u in session.attendees.all()} & expected_ids)
    return Rate(attended, expected)


def _current_acknowledgements():
    return Acknowledgement.objects.filter(edition__status=EditionStatus.IN_FORCE)


def acknowledgement_rate(*, standard: Standard | None = None, department=None) -> Rate:
    """Acknowledgement rate (学习确认率).

    = acknowledgement requests for editions now in force that the person has confirmed
      ÷ all acknowledgement requests for editions now in force,
    optionally for one standard, or for the people of one department (the department they
    belonged to when asked)."""
    rows = _current_acknowledgements()
    if standard is not None:
        rows = rows.filter(edition__standard=standard)
    if department is not None:
        rows = rows.filter(department=department)
    counts = rows.aggregate(total=Count("id"), done=Count("id", filter=Q(acknowledged_at__isnull=False)))
    return Rate(counts["done"], counts["total"])


def acknowledgement_rates_by(key: str) -> list[tuple[str, Rate]]:
    """Acknowledgement rate grouped by 'standard' (label: code and name) or 'department'
    (label: its name), in one query; same definition as `acknowledgement_rate`."""
    fields = {"standard": ("edition__standard__code", "edition__standard__name"),
              "department": ("department__name",)}[key]
    rows = (_current_acknowledgements().values(*fields)
            .annotate(total=Count("id"), done=Count("id", filter=Q(acknowledged_at__isnull=False)))
            .order_by(*fields))
    return [(" ".join(str(row[f] or "—") for f in fields), Rate(row["done"], row["total"])) for row in rows]


def participation_by_standard(*, year: int | None = None) -> dict[int, Rate]:
    """参训率 per standard for the sessions held in `year`, in one pass (definition as above)."""
    year = year or timezone.localdate().year
    totals: dict[int, list[int]] = defaultdict(lambda: [0, 0])
    sessions = TrainingSession.objects.filter(held_on__year=year).prefetch_related("expected", "attendees",
                                                                                   "editions")
    for session in sessions:
        expected = {u.pk for u in session.expected.all()}
        attended = len({u.pk for u in session.attendees.all()} & expected)
        for standard_id in {e.standard_id for e in session.editions.all()}:
            totals[standard_id][0] += attended
            totals[standard_id][1] += len(expected)
    return {pk: Rate(a, e) for pk, (a, e) in totals.items()}
