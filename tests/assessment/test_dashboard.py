"""The dashboard's figures on known data, each linking to its records, with missing figures
shown as not measured."""

import datetime as dt

import pytest
import time_machine

from qms.assessment.dashboard import dashboard_context, standards_by_system
from standards import services
from standards.models import Origin
from standards.selectors import reviews_due

from ..standards.helpers import make_in_force
from .helpers import example_assessment, fill_all, known_figure

pytestmark = pytest.mark.django_db


def test_standards_in_force_by_system_and_subsystem(office_user):
    make_in_force(office_user, code="301-01", number="Q/XZFW 301.01-2024")
    make_in_force(office_user, code="301-02", number="Q/XZFW 301.02-2024", name="首问负责制")
    make_in_force(office_user, code="201-01", node="201", number="Q/XZFW 201.01-2024", name="环境")
    systems = {s.code: s for s in standards_by_system()}
    assert systems["300"].in_force == 2 and systems["200"].in_force == 1 and systems["100"].in_force == 0
    assert ("301", "服务规范", 2) in systems["300"].subsystems


def test_reviews_due_after_the_review_cycle(office_user):
    standard, edition = make_in_force(office_user, code="301-01", number="Q/XZFW 301.01-2021")
    edition.effective_on = dt.date(2021, 3, 1)
    edition.save()
    make_in_force(office_user, code="301-02", number="Q/XZFW 301.02-2024", name="新标准")
    due = reviews_due(today=dt.date(2024, 1, 15))  # due 2024-03-01: within 90 days
    assert [r.standard.code for r in due] == ["301-01"] and due[0].due_on == dt.date(2024, 3, 1)
    assert reviews_due(today=dt.date(2023, 6, 1)) == []


def test_rates_against_targets_and_missing_figures(office_user, monkeypatch):
    from qms.core import figures

    known_figure(monkeypatch, "coverage", "标准覆盖率", 92.5, target=90.0, url="/items/coverage/")
    monkeypatch.delitem(figures._REGISTRY, "training_rate", raising=False)  # as if its app were absent
    context = dashboard_context()
    rates = {r.key: r for r in context["rates"]}
    assert rates["coverage"].met is True and rates["coverage"].value_text == "92.5%"
    assert not rates["implementation_rate"].measured and rates["implementation_rate"].target_text == "95.0%"
    assert rates["training_rate"].value is None and rates["training_rate"].met is None
    assert "尚未启用" in rates["training_rate"].definition


def test_dashboard_page_shows_figures_with_links_and_definitions(client, staff_user, manager_user, monkeypatch):
    known_figure(monkeypatch, "implementation_rate", "标准实施率", 80.0, target=95.0, url="/standards/checks/")
    _template, assessment = example_assessment(manager_user)
    fill_all(manager_user, assessment, points=3)
    client.force_login(staff_user)
    html = client.get("/dashboard/").content.decode()
    assert 'href="/standards/checks/" data-figure="implementation_rate">80.0%' in html and "未达标" in html
    assert "标准实施率的定义" in html  # the help lists every definition
    assert "57" in html and "未达到合格线" in html
    assert f'href="/assessments/{assessment.pk}/"' not in html  # staff cannot open the self-assessment
    client.force_login(manager_user)
    assert f'href="/assessments/{assessment.pk}/"' in client.get("/dashboard/").content.decode()


def test_dashboard_requires_login(client):
    response = client.get("/dashboard/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


@time_machine.travel(dt.datetime(2026, 6, 1, 12, tzinfo=dt.UTC))
def test_reviews_due_is_one_list_for_the_dashboard_and_the_reviews_page(client, office_user):
    """In-house standards only (adopted ones get 有效性确认), and recording a 复审 takes the
    standard off the dashboard's count and the reviews page alike."""
    standard, edition = make_in_force(office_user, code="301-01", number="Q/XZFW 301.01-2020")
    _adopted, adopted_edition = make_in_force(office_user, code="105-01", node="105", number="GB 3100-1993",
                                              name="国际单位制及其应用", origin=Origin.ADOPTED, level="national")
    for e in (edition, adopted_edition):
        e.effective_on = dt.date(2020, 1, 1)
        e.save()
    client.force_login(office_user)
    html = client.get("/dashboard/").content.decode()
    assert 'data-figure="reviews_due">1<' in html
    redirect = client.get("/dashboard/reviews/")
    assert redirect.status_code == 302, redirect.status_code
    page = client.get(redirect["Location"]).content.decode()
    assert "reviews-overdue" in page, redirect["Location"]
    assert "Q/XZFW 301.01-2020" in page and "已逾期" in page and "GB 3100-1993" not in page
    services.periodic_review_record(actor=office_user, standard=standard, outcome="confirm", reasons="仍适用")
    assert 'data-figure="reviews_due">0<' in client.get("/dashboard/").content.decode()
    assert "Q/XZFW 301.01-2020" not in client.get("/standards/reviews/").content.decode()
