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


def test_external_demo_has_three_kinds_with_findings_followed_up(settings, tmp_path):
    """qms.demo.external on the demo organisation: a third-party survey, a deputies' appraisal and a
    mystery-shopper visit, each with a report; findings raise improvements and a nonconformity, a
    few wait for the office; loading again changes nothing."""
    from audits.evaluation.models import ExternalEvaluation, ExternalFinding
    from audits.models import Improvement, Nonconformity
    from qms.core.todo import todos_for
    from qms.demo import external, org
    from qms.org.models import ROLE_GROUP_NAMES, Role, User

    settings.MEDIA_ROOT = tmp_path
    org.load(StringIO())
    external.load(StringIO())
    assert sorted(ExternalEvaluation.objects.values_list("kind", flat=True)) == ["deputies", "mystery", "third_party"]
    assert all(e.attachments.count() == 1 for e in ExternalEvaluation.objects.all())
    visit = ExternalEvaluation.objects.get(kind="mystery")
    assert set(visit.findings.values_list("follow_up", flat=True)) == {"improvement", "nonconformity", "no_action"}
    assert Improvement.objects.filter(source="external_evaluation").count() == 3
    assert Nonconformity.objects.filter(source="external_evaluation").count() == 1
    waiting = ExternalFinding.objects.filter(follow_up="").count()
    office = User.objects.filter(groups__name=ROLE_GROUP_NAMES[Role.OFFICE]).order_by("pk").first()
    assert [t.kind for t in todos_for(office)].count("跟进外部评价问题") == waiting == 2
    external.load(StringIO())
    assert ExternalEvaluation.objects.count() == 3 and Improvement.objects.count() == 3
