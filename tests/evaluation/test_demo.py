"""The demo loader: a year of realistic data, idempotent, harmless without its prerequisites."""

from io import StringIO

import pytest

from audits.evaluation.models import (
    Complaint,
    ComplaintStatus,
    Grade,
    ManagementReview,
    Rating,
    Scorecard,
    Survey,
)
from qms.demo import evaluation
from qms.org.models import Department

from ..factories import DepartmentFactory

pytestmark = pytest.mark.django_db


def test_loader_without_windows_or_office_does_nothing():
    out = StringIO()
    evaluation.load(out)
    assert "skipped" in out.getvalue() and Rating.objects.count() == 0


def test_loader_builds_a_year_and_is_idempotent(role_users, departments):
    for i, name in enumerate(["公安局窗口", "人社局窗口", "不动产登记中心窗口"]):
        DepartmentFactory(code=f"DW{i}", name=name)
    out = StringIO()
    evaluation.load(out)
    windows = Department.objects.filter(kind="department").count()
    ratings = Rating.objects.count()
    assert ratings > windows * 200 * 3
    share = Rating.objects.exclude(grade=Grade.DISSATISFIED).count() / ratings
    assert 0.98 < share < 0.999
    worst = (Rating.objects.filter(grade=Grade.DISSATISFIED).values("department").order_by("department")
             .distinct().count())
    assert worst == windows
    assert Survey.objects.filter(status="closed").count() == 2
    assert Complaint.objects.count() == 12
    assert set(Complaint.objects.values_list("status", flat=True)) == set(ComplaintStatus.values)
    assert Complaint.objects.filter(escalation_level__gte=1).count() == 1
    assert Complaint.objects.filter(substantiated=True).count() >= 2
    assert Scorecard.objects.filter(status="published").values("month").distinct().count() == 12
    assert Scorecard.objects.filter(red_flag=True).count() == 12
    review = ManagementReview.objects.get()
    assert review.status == "closed" and review.actions.exclude(status="closed").exists()
    evaluation.load(StringIO())
    assert Rating.objects.count() == ratings and Complaint.objects.count() == 12
    assert ManagementReview.objects.count() == 1
