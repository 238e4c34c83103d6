"""Staff assessment reads: the month's cards with their scores, the stars of past months."""

import datetime as dt

from django.db.models import Prefetch

from ..models import Attendance, StaffScore, StaffScorecard


def staff_months() -> list[dt.date]:
    months = set(StaffScorecard.objects.values_list("month", flat=True)) | set(
        Attendance.objects.values_list("month", flat=True))
    return sorted(months, reverse=True)


def staff_cards_for_month(month: dt.date) -> list[StaffScorecard]:
    scores = StaffScore.objects.select_related("criterion").order_by("criterion__order", "criterion__code")
    return list(StaffScorecard.objects.filter(month=month.replace(day=1))
                .select_related("user", "department").prefetch_related(Prefetch("scores", scores))
                .order_by("rank", "user__username"))


def attendance_for_month(month: dt.date) -> dict[int, Attendance]:
    return {a.user_id: a for a in Attendance.objects.filter(month=month.replace(day=1))}


def service_stars(limit: int = 12) -> list[StaffScorecard]:
    """The 服务之星 of the latest months, newest first."""
    return list(StaffScorecard.objects.filter(star=True).select_related("user", "department")
                .order_by("-month")[:limit])
