"""Monthly window scorecards: data-derived scores on known records, manual deductions, ranking,
the red flag, publication, bulk computation, and the notice read back and converted."""

import datetime as dt
import io
from decimal import Decimal

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from docx import Document

from audits.evaluation.documents.notice import build_monthly_notice_docx
from audits.evaluation.models import Score, Scorecard
from audits.evaluation.selectors.scorecards import monthly_notice_context
from audits.evaluation.services import complaints as complaint_svc
from audits.evaluation.services.scorecards import score_set, scorecards_compute, scorecards_publish
from qms.core.errors import ApplicationError, PermissionRefused

from ..docs import docx_all_text, needs_libreoffice, pdf_pages_of
from ..factories import DepartmentFactory
from .helpers import add_ratings

pytestmark = pytest.mark.django_db
MARCH = dt.date(2025, 3, 1)


@pytest.fixture
def march(office_user, departments):
    market, tax = departments["market"], departments["tax"]
    add_ratings(market, dt.date(2025, 3, 5), satisfied=99, dissatisfied=1, on_time=True)   # 99 %
    add_ratings(tax, dt.date(2025, 3, 6), satisfied=95, dissatisfied=5, on_time=True)      # 95 %
    add_ratings(tax, dt.date(2025, 3, 7), satisfied=10, on_time=False)
    with time_machine.travel(dt.datetime(2025, 3, 10, 10, tzinfo=dt.timezone(dt.timedelta(hours=8))), tick=False):
        c = complaint_svc.complaint_create(actor=office_user, channel="window", complainant_name="赵六",
                                           description="态度生硬", department=tax)
        complaint_svc.complaint_reply(actor=office_user, complaint=c, reply="已批评教育", substantiated=True)
    return market, tax


def _scores(card):
    return {s.criterion.code: s for s in card.scores.select_related("criterion")}


def test_data_derived_scores_totals_ranks_and_red_flag(office_user, march):
    market, tax = march
    cards = {c.department_id: c for c in scorecards_compute(actor=office_user, month=dt.date(2025, 3, 20))}
    m, t = cards[market.pk], cards[tax.pk]
    assert (m.ratings, m.satisfaction_rate) == (100, Decimal("99.00"))
    sm, st = _scores(m), _scores(t)
    assert sm["satisfaction"].score == Decimal("100.00")               # above the 98 % target
    assert st["satisfaction"].measured == Decimal("95.45")              # 105 of 110
    assert st["satisfaction"].score == Decimal("87.25")                 # 100 - (98 - 95.45) x 5
    assert st["on_time"].measured == Decimal("90.91") and st["on_time"].score == Decimal("81.82")
    assert st["complaints"].measured == 1 and st["complaints"].score == Decimal("80.00")
    assert sm["discipline"].score == Decimal("100.00")                  # manual: full marks until deducted
    # tax, in points on each criterion's scale: 20 + 15 + 21.81 + 12.27 + 12 + 10
    assert t.total == Decimal("91.08") and m.total == Decimal("100.00")
    assert (m.rank, m.red_flag, t.rank, t.red_flag) == (1, True, 2, False)
    assert m.history.count() == 2  # created, then ranked


def test_window_without_ratings_is_scored_on_the_rest(office_user, march):
    quiet = DepartmentFactory(code="GA", name="公安局窗口")
    cards = {c.department_id: c for c in scorecards_compute(actor=office_user, month=MARCH)}
    s = _scores(cards[quiet.pk])
    assert s["satisfaction"].score is None and s["satisfaction"].note == "本月无评价"
    assert cards[quiet.pk].total == Decimal("100.00")  # weights renormalised over scored criteria


def test_manual_deduction_reranks_and_needs_a_reason(office_user, march):
    market, tax = march
    scorecards_compute(actor=office_user, month=MARCH)
    discipline = Score.objects.get(scorecard__department=market, criterion__code="discipline")
    with pytest.raises(ApplicationError, match="扣分须写明原因"):
        score_set(actor=office_user, score=discipline, value=Decimal("40"))
    score_set(actor=office_user, score=discipline, value=Decimal("40"), note="3月12日脱岗两次")
    m = Scorecard.objects.get(department=market)
    t = Scorecard.objects.get(department=tax)
    assert m.total == Decimal("88.00") and (m.rank, t.rank, t.red_flag) == (2, 1, True)
    derived = Score.objects.get(scorecard__department=market, criterion__code="satisfaction")
    with pytest.raises(ApplicationError, match="自动计算"):
        score_set(actor=office_user, score=derived, value=Decimal("50"), note="x")


def test_recompute_keeps_manual_scores_and_publication_locks(office_user, auditor_user, march):
    market, _tax = march
    scorecards_compute(actor=office_user, month=MARCH)
    attendance = Score.objects.get(scorecard__department=market, criterion__code="attendance")
    score_set(actor=office_user, score=attendance, value=Decimal("90"), note="迟到")
    scorecards_compute(actor=office_user, month=MARCH)
    assert Score.objects.get(pk=attendance.pk).score == Decimal("90.00")
    with pytest.raises(PermissionRefused):
        scorecards_publish(actor=auditor_user, month=MARCH)
    assert scorecards_publish(actor=office_user, month=MARCH) == 2
    with pytest.raises(ApplicationError, match="已通报"):
        scorecards_compute(actor=office_user, month=MARCH)
    with pytest.raises(ApplicationError, match="已通报"):
        score_set(actor=office_user, score=attendance, value=Decimal("80"), note="再扣")


def test_computation_queries_do_not_grow_with_windows_or_ratings(office_user, march):
    def count():
        Scorecard.objects.all().delete()
        with CaptureQueriesContext(connection) as ctx:
            scorecards_compute(actor=office_user, month=MARCH)
        return len(ctx.captured_queries)

    few = count()
    for i in range(12):
        dept = DepartmentFactory(code=f"W{i:02d}", name=f"窗口{i}")
        add_ratings(dept, dt.date(2025, 3, 3 + i), satisfied=40, basic=3, dissatisfied=i % 3)
    assert count() == few
    assert few <= 30


def test_monthly_notice_reads_back(office_user, march):
    scorecards_compute(actor=office_user, month=MARCH)
    data = build_monthly_notice_docx(monthly_notice_context(MARCH))
    text = docx_all_text(data)
    assert "关于2025年3月窗口考评情况的通报" in text
    assert "市场监督管理局窗口本月总分第一，授予“流动红旗”" in text
    assert "满意率97.14%" in text                    # 204 of 210 over all windows
    assert "投诉：属实投诉 1 件" in text
    table = Document(io.BytesIO(data)).tables[0]
    assert [c.text for c in table.rows[0].cells][:3] == ["名次", "窗口", "服务纪律（20）"]
    assert [c.text for c in table.rows[2].cells][:2] == ["2", "税务局窗口"]
    # cells in points on each criterion's scale, adding up to the total (tax: 20 15 21.81 12.27 12 10)
    tax_row = [c.text for c in table.rows[2].cells]
    assert tax_row[2:9] == ["20", "15", "21.81", "12.27", "12", "10", "91.08"]
    assert "总分相同的，依次比较满意率" in text


def test_equal_totals_are_ranked_by_the_stated_rule(office_user, departments):
    market, tax = departments["market"], departments["tax"]
    third = DepartmentFactory(code="GA", name="公安局窗口")
    add_ratings(market, dt.date(2025, 3, 5), satisfied=99, basic=0, dissatisfied=1, on_time=True)  # 99 %
    add_ratings(tax, dt.date(2025, 3, 6), satisfied=100, on_time=True)                             # 100 %
    add_ratings(third, dt.date(2025, 3, 6), satisfied=100, on_time=True)                           # 100 %
    cards = {c.department_id: c for c in scorecards_compute(actor=office_user, month=MARCH)}
    assert {c.total for c in cards.values()} == {Decimal("100.00")}  # all above target: equal totals
    # 满意率 breaks the tie; tax and 公安 are equal on every rule: they share first place and the flag
    assert (cards[tax.pk].rank, cards[third.pk].rank, cards[market.pk].rank) == (1, 1, 3)
    assert cards[tax.pk].red_flag and cards[third.pk].red_flag and not cards[market.pk].red_flag
    context = monthly_notice_context(MARCH)
    assert context["red_flag"] in ("税务局窗口、公安局窗口", "公安局窗口、税务局窗口")


@needs_libreoffice
@pytest.mark.libreoffice
def test_notice_converts_with_libreoffice(office_user, march, tmp_path):
    scorecards_compute(actor=office_user, month=MARCH)
    path = tmp_path / "notice.docx"
    path.write_bytes(build_monthly_notice_docx(monthly_notice_context(MARCH)))
    assert pdf_pages_of(path) >= 1


def test_scorecard_pages(client, office_user, auditor_user, march):
    client.force_login(office_user)
    client.post("/evaluation/scorecards/compute/", {"month": "2025-03"})
    page = client.get("/evaluation/scorecards/?month=2025-03").content.decode()
    assert "市场监督管理局窗口" in page and "badge text-bg-danger\">流动红旗<" in page and "🚩" not in page
    response = client.get("/evaluation/scorecards/notice/?month=2025-03")
    assert "流动红旗" in docx_all_text(response.content)
    client.force_login(auditor_user)
    assert client.post("/evaluation/scorecards/publish/", {"month": "2025-03"}).status_code == 403


def test_criteria_drawing_on_the_cases_figures_are_computed(office_user, departments):
    """A criterion whose source is the cases' 按期办结率 or 提前办结率 is scored from the window's
    cases finished in the month, not typed; a window without cases is not scored on it."""
    from audits.evaluation.models import ScoreCriterion
    from audits.evaluation.services.scorecards import criterion_update
    from tests.cases.test_figures import case

    market, tax = departments["market"], departments["tax"]
    idle = DepartmentFactory(code="GA", name="公安局窗口")
    case(market, dt.date(2026, 3, 2), dt.date(2026, 3, 2), 0)   # 即办件: on time, not a 承诺件
    case(market, dt.date(2026, 3, 2), dt.date(2026, 3, 5), 5)   # early
    case(market, dt.date(2026, 3, 6), dt.date(2026, 3, 9), 1)   # on the last day
    case(tax, dt.date(2026, 3, 9), dt.date(2026, 3, 13), 2)     # late
    on_time = ScoreCriterion.objects.get(code="on_time")
    criterion_update(actor=office_user, criterion=on_time, source="cases_on_time", weight=on_time.weight,
                     deduction=Decimal(2), is_active=True, description="按期办结率每低 1 个百分点扣 2 分")
    ScoreCriterion.objects.create(code="early", name="提前办结", source="cases_early", weight=Decimal(10),
                                  deduction=Decimal(1), order=9)
    cards = {c.department_id: c for c in scorecards_compute(actor=office_user, month=dt.date(2026, 3, 1))}
    m, t, i = _scores(cards[market.pk]), _scores(cards[tax.pk]), _scores(cards[idle.pk])
    assert (m["on_time"].measured, m["on_time"].score) == (Decimal("100.00"), Decimal("100.00"))
    assert (m["early"].measured, m["early"].score) == (Decimal("50.00"), Decimal("50.00"))  # 1 of 2 承诺件
    assert (t["on_time"].measured, t["on_time"].score) == (Decimal("0.00"), Decimal("0.00"))
    assert (i["on_time"].score, i["early"].score) == (None, None) and i["early"].note == "本月无办结的承诺件"
    with pytest.raises(ApplicationError, match="由记录自动计算"):
        score_set(actor=office_user, score=m["early"], value=Decimal(90), note="手工")
