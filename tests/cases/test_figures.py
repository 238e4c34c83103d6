"""Case figures on known data: elapsed working days over weekends, the Spring Festival and its 调休
working Saturday; the four rates by month, department, window and item; the registered figures
and the page."""

import datetime as dt
import itertools
from zoneinfo import ZoneInfo

import pytest

from audits.cases.models import Case, CaseStatus
from audits.cases.selectors import case_figures, cases_late
from qms.core.calendar import calendar_ensure, holiday_save
from qms.core.figures import figure_get, figure_value

pytestmark = pytest.mark.django_db
TZ = ZoneInfo("Asia/Shanghai")
_seq = itertools.count(1)


def case(department, accepted: dt.date, finished: dt.date | None, limit: int | None, *, item="发票申领",
         status=None, window=""):
    calendar_ensure(dt.date(2026, 1, 1), dt.date(2026, 12, 31))
    at = dt.datetime(accepted.year, accepted.month, accepted.day, 9, tzinfo=TZ)
    done = dt.datetime(finished.year, finished.month, finished.day, 16, tzinfo=TZ) if finished else None
    return Case.objects.create(
        number=f"K{next(_seq):06d}", item_name=item, department=department, department_name=str(department),
        window=window or department.window, accepted_at=at, accepted_day_id=accepted, finished_at=done,
        finished_day_id=finished, promised_limit=limit,
        status=status or (CaseStatus.FINISHED if finished else CaseStatus.OPEN))


@pytest.fixture
def march(departments):
    market, tax = departments["market"], departments["tax"]
    return [
        case(market, dt.date(2026, 3, 2), dt.date(2026, 3, 2), 0),  # same day: 0, on time, not early
        case(market, dt.date(2026, 3, 2), dt.date(2026, 3, 5), 5, item="企业设立登记"),  # 3 < 5: early
        case(market, dt.date(2026, 3, 6), dt.date(2026, 3, 9), 1, item="企业设立登记"),  # Fri -> Mon: 1 = 1
        case(tax, dt.date(2026, 3, 9), dt.date(2026, 3, 13), 2),  # 4 > 2: late
        case(tax, dt.date(2026, 3, 10), None, 3),  # open
        case(tax, dt.date(2026, 3, 11), dt.date(2026, 3, 12), None),  # no known limit: left out of rates
        case(tax, dt.date(2026, 3, 11), dt.date(2026, 3, 11), 0, status=CaseStatus.TERMINATED),
    ]


def test_month_figures_follow_the_definitions(march):
    totals = case_figures(start=dt.date(2026, 3, 1), end=dt.date(2026, 3, 31))[0]
    assert (totals.finished_all, totals.finished, totals.on_time, totals.early) == (5, 4, 3, 1)
    # 提前办结率 counts 承诺件 only (承诺时限 > 0): the 即办件 finished the same day is in neither part.
    assert (totals.promised, totals.on_time_rate, totals.early_rate) == (3, 75.0, 33.3)
    assert (totals.received, totals.immediate, totals.immediate_share) == (6, 2, 33.3)
    assert totals.mean_days == round((0 + 3 + 1 + 4 + 1) / 5, 2)
    assert [c.number for c in cases_late(start=dt.date(2026, 3, 1), end=dt.date(2026, 3, 31))] == [march[3].number]


def test_spring_festival_and_its_working_saturday_are_counted(departments):
    market = departments["market"]
    # Friday 2-13 -> Tuesday 2-24: Saturday 2-14 worked (调休), 2-15..2-23 off, 2-24 worked = 2 days.
    case(market, dt.date(2026, 2, 13), dt.date(2026, 2, 24), 1)
    case(market, dt.date(2026, 2, 13), dt.date(2026, 2, 14), 1)  # finished on the working Saturday: 1
    feb = case_figures(start=dt.date(2026, 2, 1), end=dt.date(2026, 2, 28))[0]
    assert (feb.finished, feb.on_time, feb.mean_days) == (2, 1, 1.5)


def test_an_office_holiday_changes_the_figures(office_user, departments):
    case(departments["market"], dt.date(2026, 3, 9), dt.date(2026, 3, 11), 1)  # 2 working days: late
    march = {"start": dt.date(2026, 3, 1), "end": dt.date(2026, 3, 31)}
    assert case_figures(**march)[0].on_time == 0
    holiday_save(actor=office_user, date=dt.date(2026, 3, 10), name="地方放假")
    assert case_figures(**march)[0].on_time == 1


def test_figures_by_month_department_window_and_item(march, departments):
    case(departments["market"], dt.date(2026, 4, 1), dt.date(2026, 4, 1), 0)
    span = {"start": dt.date(2026, 3, 1), "end": dt.date(2026, 4, 30)}
    by_month = {f.label: f for f in case_figures(**span, group="month")}
    assert (by_month["2026-03"].finished_all, by_month["2026-04"].finished_all) == (5, 1)
    by_dept = {f.label: f for f in case_figures(**span, group="department")}
    assert (by_dept["市场监督管理局窗口"].on_time_rate, by_dept["税务局窗口"].on_time_rate) == (100.0, 0.0)
    by_item = {f.label: f for f in case_figures(**span, group="item")}
    assert (by_item["企业设立登记"].finished, by_item["企业设立登记"].early) == (2, 1)
    assert {f.label for f in case_figures(**span, group="window")} == {
        departments["market"].window or "（未填）", departments["tax"].window or "（未填）"}


def test_registered_figures_cover_twelve_months(march):
    as_of = dt.date(2026, 3, 31)
    on_time = figure_value("cases_on_time_rate", as_of=as_of)
    assert (on_time.value, on_time.numerator, on_time.denominator) == (75.0, 3, 4)
    early = figure_value("cases_early_rate", as_of=as_of)
    assert (early.value, early.numerator, early.denominator) == (33.3, 1, 3)
    assert "承诺件" in figure_get("cases_early_rate").definition and "即办件" in figure_get("cases_early_rate").definition
    assert figure_value("cases_immediate_share", as_of=as_of).value == 33.3
    assert figure_value("cases_mean_days", as_of=as_of).value == 1.8
    assert figure_value("cases_on_time_rate", as_of=dt.date(2027, 4, 1)).value is None  # nothing in that year


def test_figures_page_shows_the_month_by_department(client, head_user, march):
    client.force_login(head_user)
    page = client.get("/cases/", {"month": "2026-03", "by": "department"}).content.decode()
    assert 'id="fig-cases-on-time">75.0%' in page and "税务局窗口" in page and march[3].number in page
    assert "导入办件" not in page  # only the office imports


def test_dashboard_shows_the_case_figures(client, manager_user, march):
    client.force_login(manager_user)
    page = client.get("/dashboard/").content.decode()
    assert 'id="case-figures"' in page and "按期办结率" in page and "即办件占比" in page


CASE_KEYS = ["cases_on_time_rate", "cases_early_rate", "cases_immediate_share", "cases_mean_days"]


def test_a_twelve_month_trend_gives_each_month_ends_figure(march, departments):
    from qms.core.figures import figure_values
    from qms.leadership.services.targets import month_ends

    case(departments["tax"], dt.date(2026, 6, 1), dt.date(2026, 6, 10), 3)  # late, in another month
    case(departments["market"], dt.date(2026, 7, 31), dt.date(2026, 7, 31), 2)
    days = month_ends(dt.date(2026, 8, 15))  # 2025-09-30 … 2026-07-31, then 2026-08-15 (not a month end)
    for key in CASE_KEYS:
        one_by_one = [figure_get(key).compute(as_of=day) for day in days]
        assert figure_values(key, days) == one_by_one
    assert [v.value for v in figure_values("cases_on_time_rate", days)][-6:] == [75.0, 75.0, 75.0, 60.0, 66.7, 66.7]


def test_a_remembered_figure_follows_a_back_dated_record(march, departments):
    from qms.core.figures import figures_memo

    as_of = dt.date(2026, 3, 31)
    with figures_memo():
        assert figure_value("cases_on_time_rate", as_of=as_of).value == 75.0
        case(departments["tax"], dt.date(2026, 3, 2), dt.date(2026, 3, 20), 1)  # recorded late, back-dated
        assert figure_value("cases_on_time_rate", as_of=as_of).value == 60.0
