"""The figures of the standards' life: 实施率, 检查覆盖面, 参训率 and the acknowledgement rate.

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
    Origin,
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


def _checks_in_window(today: dt.date, department=None):
    checks = ImplementationCheck.objects.filter(checked_on__gt=twelve_months_before(today), checked_on__lte=today,
                                                standard__status=StandardStatus.IN_FORCE)
    return checks.filter(department=department) if department is not None else checks


def implementation_rate(*, today: dt.date | None = None, department=None) -> Rate:
    """标准实施率 (implementation rate).

    = standards in force whose latest implementation check in the 12 months up to and including
      `today` found them 符合 or 基本符合
      ÷ standards in force checked (any result) in those 12 months.
    A standard found 不符合 at its latest check counts against the rate until a later check finds
    it conforming; a standard not checked in the window is in neither count (how many were
    checked is 检查覆盖面, `check_coverage`). With `department`, only checks made in that
    department count."""
    today = today or timezone.localdate()
    latest: dict[int, tuple] = {}
    for standard_id, checked_on, pk, result in (_checks_in_window(today, department)
                                                .values_list("standard_id", "checked_on", "pk", "result")):
        if standard_id not in latest or (checked_on, pk) > latest[standard_id][:2]:
            latest[standard_id] = (checked_on, pk, result)
    conforming = sum(1 for _d, _pk, result in latest.values() if result in CONFORMING_RESULTS)
    return Rate(conforming, len(latest))


def standards_needing_checks(department=None):
    """The standards in force that need an implementation check of their own: all of them except
    the adopted ones the office marked as checked through others (通过其他标准检查: terms,
    symbols, units…, checked wherever the standards that use them are checked)."""
    standards = Standard.objects.filter(status=StandardStatus.IN_FORCE).exclude(
        origin=Origin.ADOPTED, checked_through_others=True)
    return standards.filter(applicable_departments=department) if department is not None else standards


def check_coverage(*, today: dt.date | None = None, department=None) -> Rate:
    """检查覆盖面 (check coverage).

    = standards that need checking (`standards_needing_checks`) with at least one implementation
      check (any result) in the 12 months up to and including `today`
      ÷ standards that need checking.
    With `department`, the standards that apply to it and the checks made in it."""
    today = today or timezone.localdate()
    needing = standards_needing_checks(department)
    checked = needing.filter(pk__in=_checks_in_window(today, department).values("standard_id"))
    return Rate(checked.count(), needing.count())


def session_participation(session: TrainingSession) -> Rate:
    """参训率 of one session = required attendees who attended ÷ required attendees.

    The required attendees (应参训人员, `expected`) are fixed when the session is planned: the
    active staff of the departments the training applies to (the departments its standards apply
    to, plus any department chosen for it) and any person named. People who attended without
    being required are welcome but do not raise the rate."""
    expected = set(session.expected.values_list("pk", flat=True))
    attended = set(session.attendees.values_list("pk", flat=True)) & expected
    return Rate(len(attended), len(expected))


def participation_rate(*, year: int | None = None, standard: Standard | None = None,
                       until: dt.date | None = None, plan=None) -> Rate:
    """参训率 (training participation rate) over many sessions.

    = Σ over the sessions (required attendees who attended) ÷ Σ (required attendees),
    each session counted as in `session_participation`. Sessions are those held in `year`
    (default: the current year), or, with `standard`, every session covering any edition of
    that standard, or, with `plan`, every session carrying an item of that training plan; with
    `until`, only sessions held on or before that day."""
    sessions = TrainingSession.objects.filter(held_on__lte=until) if until else TrainingSession.objects.all()
    if plan is not None:
        sessions = sessions.filter(plan_item__plan=plan)
    elif standard is not None:
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
