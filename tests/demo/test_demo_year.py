"""The demo's year of cases and improvements (qms.demo.cases, qms.demo.improvements), loaded on top
of the demo catalogue: about 30,000 cases with realistic limits and a few late, figures near the
seeds' (按期 ≈ 99–100 %, 即办件 ≈ 60 %), a dozen improvements; loading again changes nothing."""

import datetime as dt
import io

import pytest
from django.utils import timezone

from audits.cases.models import Case
from audits.cases.selectors import case_figures
from audits.models import Improvement
from qms.demo import cases, catalog, improvements, org

pytestmark = pytest.mark.django_db


def test_a_year_of_cases_and_a_dozen_improvements(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    out = io.StringIO()
    for module in (org, catalog, cases, improvements):
        module.load(out)
    count = Case.objects.count()
    assert 25_000 <= count <= 35_000
    today = timezone.localdate()
    totals = case_figures(start=today - dt.timedelta(days=364), end=today)[0]
    assert 99.0 <= totals.on_time_rate < 100.0 and 0 < totals.late < 100
    # 提前办结率 is over the 承诺件 (承诺时限 > 0), nearly all finished early as the seeds report (98.3 %).
    assert 90.0 <= totals.early_rate < 100.0
    assert 50.0 <= totals.immediate_share <= 70.0
    assert Case.objects.filter(status="open").exists()
    register = Improvement.objects.exclude(source="external_evaluation")  # qms.demo.external adds its own
    assert register.count() == 12 and register.filter(status="done").count() >= 8
    cases.load(out)
    improvements.load(out)
    assert Case.objects.count() == count and register.count() == 12
