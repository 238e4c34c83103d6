"""满意率 on known data: overall, by month, window, item and staff; the figure; query counts."""

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from audits.evaluation.figures import satisfaction_rate
from audits.evaluation.selectors import satisfaction as sel
from qms.core.figures import figure_value

from .helpers import add_ratings

pytestmark = pytest.mark.django_db


@pytest.fixture
def rated(departments):
    market, tax = departments["market"], departments["tax"]
    add_ratings(market, dt.date(2025, 3, 4), satisfied=90, basic=8, dissatisfied=2, item="企业设立登记",
                staff="李娜", reason="等候时间长")
    add_ratings(market, dt.date(2025, 4, 10), satisfied=50, item="企业变更登记", staff="李娜")
    add_ratings(tax, dt.date(2025, 4, 11), satisfied=40, basic=5, dissatisfied=5, item="发票申领", staff="王强",
                reason="态度生硬")
    return market, tax


def test_rate_counts_satisfied_and_basic_over_all_ratings(rated):
    qs = sel.ratings_between(dt.date(2025, 1, 1), dt.date(2025, 12, 31))
    summary = sel.satisfaction_summary(qs)
    assert (summary.total, summary.satisfied, summary.basic, summary.dissatisfied) == (200, 180, 13, 7)
    assert summary.rate == Decimal("96.50")
    assert summary.target == Decimal("98.00")
    assert summary.meets_target is False


def test_rate_by_month_window_item_and_staff(rated):
    market, tax = rated
    qs = sel.ratings_between(dt.date(2025, 1, 1), dt.date(2025, 12, 31))
    months = {r.label: r.rate for r in sel.satisfaction_by_month(qs)}
    assert months == {"2025-03": Decimal("98.00"), "2025-04": Decimal("95.00")}
    windows = {r.label: (r.total, r.rate, r.meets_target) for r in sel.satisfaction_by_department(qs)}
    assert windows[market.name] == (150, Decimal("98.67"), True)
    assert windows[tax.name] == (50, Decimal("90.00"), False)
    items = sel.satisfaction_by_item(qs)
    assert [r.label for r in items][:2] == ["发票申领", "企业设立登记"]  # most dissatisfied first
    staff = {r.key: r.rate for r in sel.satisfaction_by_staff(qs)}
    assert staff == {"王强": Decimal("90.00"), "李娜": Decimal("98.67")}
    reasons = sel.dissatisfaction_reasons(qs)
    assert reasons == [{"reason": "态度生硬", "n": 5}, {"reason": "等候时间长", "n": 2}]


def test_one_window_and_empty_period(rated):
    market, _tax = rated
    one = sel.satisfaction_summary(sel.ratings_between(dt.date(2025, 4, 1), dt.date(2025, 4, 30), department=market))
    assert (one.total, one.rate) == (50, Decimal("100.00"))
    empty = sel.satisfaction_summary(sel.ratings_between(dt.date(2024, 1, 1), dt.date(2024, 12, 31)))
    assert empty.total == 0 and empty.rate is None and empty.meets_target is None


def test_figure_covers_twelve_months_up_to_the_date(rated):
    value = satisfaction_rate(as_of=dt.date(2025, 3, 31))
    assert (value.value, value.numerator, value.denominator) == (98.0, 98, 100)
    assert figure_value("satisfaction_rate", as_of=dt.date(2026, 3, 4)).denominator == 100  # 2025-03-04 is out
    assert figure_value("satisfaction_rate", as_of=dt.date(2026, 3, 3)).denominator == 200
    assert figure_value("satisfaction_rate", as_of=dt.date(2024, 12, 31)).value is None


def test_satisfaction_page_query_count_does_not_grow_with_ratings(client, office_user, rated):
    client.force_login(office_user)
    url = "/evaluation/satisfaction/?year=2025"

    def count():
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(url)
        assert response.status_code == 200
        return len(ctx.captured_queries), response.content.decode()

    count()  # first request creates the settings row
    few, page = count()
    assert "96.50%" in page and "发票申领" in page
    market, tax = rated
    for day in range(1, 28):
        add_ratings(tax, dt.date(2025, 6, day), satisfied=30, dissatisfied=1, item=f"事项{day}", staff=f"员工{day}")
    many, page = count()
    assert many == few
    assert few <= 16
