"""The demo loader: the example template and a draft self-assessment, loaded once."""

import io

import pytest

from qms.assessment.models import Assessment, ScoringTemplate
from qms.demo import assessment as demo

from ..standards.helpers import make_in_force

pytestmark = pytest.mark.django_db


def test_demo_loads_example_and_a_scored_draft_once(manager_user, office_user):
    make_in_force(office_user, code="301-01")
    out = io.StringIO()
    demo.load(out)
    demo.load(out)
    assert ScoringTemplate.objects.filter(name="示例模板", is_example=True).count() == 1
    assessment = Assessment.objects.get()
    assert assessment.scores.filter(points__isnull=False).count() == len(demo.SCORES)
    assert assessment.scores.filter(links__isnull=False).exists()
    assert "already loaded" in out.getvalue()


def test_demo_without_users_does_nothing(db):
    out = io.StringIO()
    demo.load(out)
    assert ScoringTemplate.objects.count() == 0 and "skipped" in out.getvalue()
