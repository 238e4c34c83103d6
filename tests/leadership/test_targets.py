"""Plan targets beside known figures: met or behind, the monthly trend, and the approved plan's
centre-wide target used by the figures registry instead of the registered default."""

import datetime as dt

import pytest
from django.urls import reverse

from qms.assessment.selectors import figure_rows
from qms.core.figures import figure_get, figure_target, figures_table
from qms.leadership.services import plans
from qms.leadership.services.targets import month_ends, target_met, target_rows

from .helpers import GE, LE, known_figure, make_plan, today

pytestmark = pytest.mark.django_db


def test_target_met_follows_the_comparator():
    assert target_met(95.0, GE, 95) is True
    assert target_met(94.9, GE, 95) is False
    assert target_met(2.1, LE, 3) is True
    assert target_met(3.5, LE, 3) is False
    assert target_met(None, GE, 95) is None


def test_behind_and_ahead_from_known_figures(monkeypatch, office_user, manager_user, departments):
    known_figure(monkeypatch, "known_rate", value=92.0)
    known_figure(monkeypatch, "known_days", value=2.5, higher=False, unit="工作日")
    plan = make_plan(office_user, approved_by=manager_user, targets=[
        ("known_rate", GE, 95, None), ("known_rate", GE, 90, departments["market"]), ("known_days", LE, 3, None)])
    rows = {(r.target.figure_key, r.target.department_id): r for r in target_rows(plan)}
    assert rows["known_rate", None].behind and rows["known_rate", None].value_text == "92.0%"
    assert rows["known_rate", None].target_text == "≥ 95.0%"
    assert rows["known_rate", departments["market"].pk].met is True
    assert rows["known_days", None].met is True and rows["known_days", None].target_text == "≤ 3 工作日"


def test_trend_is_the_last_twelve_month_ends(monkeypatch, office_user):
    day = today()
    ends = month_ends(day)
    assert len(ends) == 12 and ends[-1] == day and ends[0].month == (day.month % 12) + 1
    assert all((b.replace(day=1) - dt.timedelta(days=1)) == a for a, b in zip(ends, ends[1:], strict=False))
    earlier = ends[0]
    known_figure(monkeypatch, "known_rate", value=96.0, by_month={(earlier.year, earlier.month): 80.0})
    plan = make_plan(office_user, targets=[("known_rate", GE, 95, None)])
    row = target_rows(plan, trend=True)[0]
    assert [p["month"] for p in row.trend] == [f"{d:%Y-%m}" for d in ends]
    assert row.trend[0]["met"] is False and row.trend[0]["text"] == "80.0%"
    assert row.trend[-1]["met"] is True


def test_the_approved_plans_target_replaces_the_default(office_user, manager_user):
    default = figure_get("cases_on_time_rate").target
    assert figure_target("cases_on_time_rate") == default == 99.0
    plan = make_plan(office_user, targets=[("cases_on_time_rate", GE, "99.5", None)])
    assert figure_target("cases_on_time_rate") == 99.0  # not approved yet
    plans.plan_save(actor=office_user, plan=plan, kind=plan.kind, year=plan.year, title=plan.title,
                    approved_by=manager_user, approved_on=dt.date(plan.year, 1, 15))
    assert figure_target("cases_on_time_rate") == 99.5
    assert figure_target("cases_on_time_rate", as_of=dt.date(plan.year - 1, 6, 30)) == 99.0  # another year
    row = next(r for r in figures_table(as_of=today()) if r["key"] == "cases_on_time_rate")
    assert row["target"] == 99.5 and row["target_text"] == "99.5%"
    assert next(r for r in figure_rows(["cases_on_time_rate"])).target == 99.5


def test_a_department_target_or_a_contrary_comparator_leaves_the_default(office_user, manager_user, departments):
    make_plan(office_user, approved_by=manager_user, targets=[
        ("cases_on_time_rate", GE, "99.9", departments["market"]), ("coverage", LE, "50", None)])
    assert figure_target("cases_on_time_rate") == 99.0
    assert figure_target("coverage") == figure_get("coverage").target


def test_a_lower_is_better_target_is_met_below_it(office_user, manager_user):
    make_plan(office_user, approved_by=manager_user, targets=[("cases_mean_days", LE, "3", None)])
    row = next(r for r in figure_rows(["cases_mean_days"]))
    assert row.target == 3.0
    assert row.met in (None, True)  # no cases: not measurable; never "below target" for fewer days


def test_dashboard_shows_the_plans_target(office_user, manager_user, client):
    make_plan(office_user, approved_by=manager_user, targets=[("cases_on_time_rate", GE, "99.5", None)])
    client.force_login(office_user)
    page = client.get(reverse("dashboard")).content.decode()
    assert "99.5%" in page


def test_a_current_state_figure_shows_no_made_up_history(monkeypatch, office_user, manager_user, client):
    """A figure that counts the current state whatever the date (e.g. 学习确认率) has no past month
    ends to show: twelve copies of today's value would read as a flat history that never was."""
    import dataclasses

    figure = known_figure(monkeypatch, "known_rate", value=96.0)
    monkeypatch.setitem(figures_registry(), "known_rate", dataclasses.replace(figure, dated=False))
    plan = make_plan(office_user, approved_by=manager_user, targets=[("known_rate", GE, 95, None)])
    assert target_rows(plan, trend=True)[0].trend == []
    client.force_login(office_user)
    page = client.get(reverse("leadership-plan-detail", args=[plan.pk])).content.decode()
    assert "按当前状态计算，无历史各月数值" in page and page.count("96.0%") == 1


def figures_registry():
    from qms.core import figures

    return figures._REGISTRY
