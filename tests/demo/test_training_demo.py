"""The demo's training plan and staff assessment: what the office would check after loading."""

import pytest
from django.utils import timezone

from audits.evaluation.models import Attendance, StaffScorecard
from standards.models import ExternalTraining, TrainingPlan, TrainingScore, TrainingSession
from standards.selectors import training as training_rates

pytestmark = pytest.mark.django_db


def test_plan_sessions_scores_external_attendance_and_stars(demo):
    today = timezone.localdate()
    plan = TrainingPlan.objects.get(year=today.year)
    assert TrainingSession.objects.filter(held_on__year=today.year, plan_item__isnull=True).count() == 0
    completion = training_rates.plan_completion(plan)
    assert 0 < completion.numerator < completion.denominator  # one planned training was missed
    scores = list(TrainingScore.objects.select_related("session"))
    failed = [s for s in scores if not s.passed]
    assert scores and 0 < len(failed) < len(scores) / 4
    assert TrainingSession.objects.filter(pass_mark__isnull=False, scores__isnull=True).exists()  # to enter
    assert ExternalTraining.objects.exclude(certificate_number="").exists()
    months = sorted(set(Attendance.objects.values_list("month", flat=True)))
    assert len(months) == 3
    for month in months:
        assert StaffScorecard.objects.filter(month=month, star=True).count() == 1
    assert StaffScorecard.objects.filter(satisfaction_rate__isnull=False).exists()
    assert "training: plan, tests, external training, attendance and 服务之星 loaded" in demo["output"]
