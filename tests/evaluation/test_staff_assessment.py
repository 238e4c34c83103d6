"""Staff assessment (员工考核): attendance imported from the attendance system (tolerant headers,
bad rows named, all or nothing, a month re-imported updated), scores on known data, the
服务之星 rule with its tie-breaks, window criteria kept apart, and the pages for each role."""

import datetime as dt
from decimal import Decimal
from types import SimpleNamespace

import pytest
import time_machine

from audits.evaluation.models import Attendance, Scorecard, StaffScore, StaffScorecard
from audits.evaluation.services.attendance_import import attendance_import, attendance_import_preview
from audits.evaluation.services.scorecards import scorecards_compute
from audits.evaluation.services.staff import staff_score_set, staff_scorecards_compute, star_order_key
from qms.core.errors import ApplicationError, PermissionRefused
from qms.core.models import ImportBatch
from standards.imports import ImportRefused

from ..factories import UserFactory
from .helpers import add_ratings, xlsx_upload

pytestmark = pytest.mark.django_db
APRIL = dt.datetime(2025, 4, 8, 10, tzinfo=dt.UTC)


@pytest.fixture
def people(departments):
    return [UserFactory(username=f"tax{i}", department=departments["tax"], last_name="税", first_name=f"员{i}")
            for i in range(3)]


def _attendance_file(rows=None):
    return xlsx_upload(
        [["工 号", "姓名", "考勤月份", "应出勤(天)", "实出勤", "迟到早退", "旷工"],
         *(rows or [["TAX0", "税员0", "2025年3月", 22, 22, 0, 0],
                    ["tax1", "", "2025-03", "22", "22", "", ""],
                    ["", "税员2", dt.date(2025, 3, 1), 20, 19, 1, 1]])],
        name="考勤.xlsx", title_rows=[["某某县政务服务中心 月度考勤汇总"], ["导出时间：2025-04-02"]])


def test_attendance_import_tolerant_headers_and_month_reimport_updates(office_user, people):
    with time_machine.travel(APRIL, tick=False):
        plan = attendance_import(actor=office_user, upload=_attendance_file(), filename="考勤.xlsx")
        assert plan.counts == {"create": 3, "update": 0, "unchanged": 0, "errors": 0}
        third = Attendance.objects.get(user=people[2])
        assert (third.month, third.days_due, third.days_present, third.late, third.absent) == (
            dt.date(2025, 3, 1), 20, 19, 1, 1)
        assert third.rate == Decimal("95.00") and third.history.first().history_user == office_user
        again = attendance_import(actor=office_user, filename="考勤2.xlsx", upload=_attendance_file(
            [["tax2", "税员2", "2025.3", 20, 20, 0, 0]]))
        assert again.counts["update"] == 1
        assert Attendance.objects.get(user=people[2]).days_present == 20 and Attendance.objects.count() == 3


def test_attendance_import_names_every_bad_row_and_writes_nothing(office_user, people):
    bad = _attendance_file([
        ["tax0", "税员0", "2025-03", 22, 22, 0, 0],
        ["tax9", "", "2025-03", 22, 22, 0, 0],
        ["tax1", "税员0", "2025-03", 22, 22, 0, 0],
        ["tax2", "", "三月", 22, 23, -1, 0],
        ["tax0", "", "2025-03", 22, 21, 0, 0],
        ["tax1", "", "2025-05", 22, 20, 0, 0],
    ])
    with time_machine.travel(APRIL, tick=False):
        plan = attendance_import_preview(upload=bad, filename="考勤.xlsx")
        assert plan.errors == [
            "第 5 行“工号”列：系统中没有工号“tax9”",
            "第 6 行“工号”列：工号“tax1”是税员1，与姓名“税员0”不符",
            "第 7 行“月份”列：无法识别的月份“三月”（应为 2026-03 或 2026年3月）",
            "第 7 行“迟到早退次数”列：“-1”应为不小于 0 的整数",
            "第 7 行“实际出勤天数”列：实际出勤 23 天多于应出勤 22 天",
            "第 8 行“姓名”列：税员0 2025-03 与第 4 行重复",
            "第 9 行“月份”列：2025-05 尚未开始",
        ]
        bad.seek(0)
        with pytest.raises(ImportRefused):
            attendance_import(actor=office_user, upload=bad, filename="考勤.xlsx")
    assert not Attendance.objects.exists()
    with pytest.raises(ApplicationError, match="找不到表头"):
        attendance_import_preview(upload=xlsx_upload([["姓名", "出勤率"], ["税员0", "100%"]]), filename="x.xlsx")
    with pytest.raises(PermissionRefused):
        attendance_import(actor=people[0], upload=_attendance_file(), filename="x.xlsx")


def test_scores_on_known_data_and_the_service_star(office_user, people, departments):
    tax = departments["tax"]
    add_ratings(tax, dt.date(2025, 3, 5), satisfied=10, person=people[0])                  # 100 %
    add_ratings(tax, dt.date(2025, 3, 6), satisfied=9, dissatisfied=1, person=people[1])    # 90 %
    with time_machine.travel(APRIL, tick=False):
        with pytest.raises(ApplicationError, match="尚未导入出勤"):
            staff_scorecards_compute(actor=office_user, month=dt.date(2025, 3, 1))
        attendance_import(actor=office_user, upload=_attendance_file(), filename="考勤.xlsx")
        cards = {c.user.username: c for c in staff_scorecards_compute(actor=office_user, month=dt.date(2025, 3, 1))}
    # tax0: everything 100. tax1: satisfaction 100 - (98 - 90) x 5 = 60 -> 30 + 10 + 18 + 30 = 88.
    # tax2: attendance 95 % -> 90 (27 points), one late -> 90 (9 points), no ratings: not scored,
    # conduct 30 -> (27 + 9 + 30) x 100 / 70 = 94.29.
    assert cards["tax0"].total == Decimal("100.00") and cards["tax0"].star and cards["tax0"].rank == 1
    assert cards["tax1"].total == Decimal("88.00") and cards["tax1"].rank == 3
    assert cards["tax2"].total == Decimal("94.29") and cards["tax2"].rank == 2 and not cards["tax2"].star
    assert StaffScorecard.objects.filter(star=True).count() == 1
    conduct = StaffScore.objects.get(card=cards["tax0"], criterion__code="staff_conduct")
    with pytest.raises(ApplicationError, match="原因"):
        staff_score_set(actor=office_user, score=conduct, value=Decimal("80"))
    staff_score_set(actor=office_user, score=conduct, value=Decimal("50"), note="未着工装")
    star = StaffScorecard.objects.get(star=True)
    assert star.user == people[2]  # 100 - 15 = 85 < 94.29
    auto = StaffScore.objects.get(card=cards["tax0"], criterion__code="staff_attendance")
    with pytest.raises(ApplicationError, match="自动计算"):
        staff_score_set(actor=office_user, score=auto, value=Decimal("90"), note="x")
    # the window scorecard still uses only the window criteria
    with time_machine.travel(APRIL, tick=False):
        scorecards_compute(actor=office_user, month=dt.date(2025, 3, 1))
    assert not Scorecard.objects.filter(scores__criterion__scope="staff").exists()


def test_star_rule_ties_attendance_then_satisfaction_then_favourable_then_name():
    def card(name, total, attendance, satisfaction, username=None, favourable=10):
        return SimpleNamespace(total=Decimal(total) if total is not None else None, attendance_rate=Decimal(attendance),
                               satisfaction_rate=Decimal(satisfaction) if satisfaction is not None else None,
                               favourable=favourable, user=SimpleNamespace(display_name=name, username=username or name))
    cards = [card("王五", "95", "100", "99"), card("张三", "95", "100", "100"), card("李四", "95", "98", "100"),
             card("赵六", "95", "100", None), card("孙七", None, "100", "100"), card("周八", "96", "90", "80"),
             card("张三", "95", "100", "100", username="zs2"), card("钱九", "95", "100", "100", favourable=42)]
    ordered = [(c.user.display_name, c.user.username) for c in sorted(cards, key=star_order_key)]
    # equal total, attendance and 满意率: 钱九 served 42 people well, the two 张三 10 each
    assert ordered == [("周八", "周八"), ("钱九", "钱九"), ("张三", "zs2"), ("张三", "张三"), ("王五", "王五"),
                       ("赵六", "赵六"), ("李四", "李四"), ("孙七", "孙七")]


def test_pages_for_each_role_and_the_staged_import(client, role_users, office_user, people):
    for role, status in {"office": 200, "manager": 200, "head": 200, "auditor": 403, "staff": 403,
                         "admin": 403}.items():
        client.force_login(role_users[role])
        assert client.get("/evaluation/staff/").status_code == status, role
        assert client.get("/evaluation/staff/attendance/import/").status_code == (200 if role == "office" else 403)
    client.force_login(office_user)
    with time_machine.travel(APRIL, tick=False):
        page = client.post("/evaluation/staff/attendance/import/", {"file": _attendance_file()})
        assert page.context["can_confirm"]
        done = client.post("/evaluation/staff/attendance/import/", {"token": page.context["token"], "confirm": "1"})
        assert done.status_code == 302 and Attendance.objects.count() == 3
        assert ImportBatch.objects.get().outcome == ImportBatch.Outcome.IMPORTED
        client.post("/evaluation/staff/compute/", {"month": "2025-03"})
        page = client.get("/evaluation/staff/?month=2025-03").content.decode()
        assert 'id="service-star"' in page and "税员0" in page
        assert "服务之星" in client.get("/evaluation/staff/notice/?month=2025-03").content.decode()
