"""Training plan, tests (考核), external training and the personal training file: the rules,
the score import (tolerant headers, bad rows named, all or nothing), the figures on known data,
and the pages for each role."""

import datetime as dt
from decimal import Decimal

import pytest
import time_machine

from qms.core.errors import ApplicationError, PermissionRefused
from qms.core.figures import figure_get, figure_value
from qms.core.models import ImportBatch
from qms.core.todo import todos_for
from standards import services
from standards.imports import ImportRefused
from standards.models import TrainingScore
from standards.selectors import training as training_rates
from standards.services.training_tests import (
    training_scores_import,
    training_scores_import_preview,
    training_scores_record,
)

from ..evaluation.helpers import xlsx_upload
from ..factories import UserFactory
from .helpers import make_in_force

pytestmark = pytest.mark.django_db


def at(day):
    return dt.datetime(day.year, day.month, day.day, 10, tzinfo=dt.UTC)


@pytest.fixture
def tax_staff(departments):
    return [UserFactory(username=f"tax{i}", department=departments["tax"], last_name="税", first_name=f"员{i}")
            for i in range(3)]


@pytest.fixture
def plan(office_user, departments):
    _standard, edition = make_in_force(office_user)
    plan = services.training_plan_create(actor=office_user, year=2026)
    items = [services.training_plan_item_add(actor=office_user, plan=plan, topic=f"计划培训{m}", month=m,
                                             departments=[departments["tax"]], editions=[edition])
             for m in (3, 5, 9)]
    return plan, items, edition


def _session(office_user, edition, item, attendees, *, held_on=dt.date(2026, 3, 12), pass_mark=Decimal("60")):
    session = services.training_session_create(
        actor=office_user, title=item.topic if item else "宣贯", held_on=held_on, trainer="王老师", editions=[edition],
        people=attendees, plan_item=item, pass_mark=pass_mark)
    services.training_attendance_record(actor=office_user, session=session, attendees=attendees)
    return session


def test_plan_needs_an_audience_and_one_plan_a_year(office_user, staff_user, plan):
    the_plan, _items, _edition = plan
    with pytest.raises(ApplicationError, match="已存在"):
        services.training_plan_create(actor=office_user, year=2026)
    with pytest.raises(ApplicationError, match="参训部门或填写参训对象"):
        services.training_plan_item_add(actor=office_user, plan=the_plan, topic="x", month=4)
    assert services.training_plan_item_add(actor=office_user, plan=the_plan, topic="新人培训", month=4,
                                           audience="新入职人员").audience == "新入职人员"
    with pytest.raises(PermissionRefused):
        services.training_plan_create(actor=staff_user, year=2027)


def test_scores_grid_rules_and_pass_mark(office_user, staff_user, tax_staff, plan):
    _plan, items, edition = plan
    session = _session(office_user, edition, items[0], tax_staff[:2])
    with pytest.raises(ApplicationError, match="未签到"):
        training_scores_record(actor=office_user, session=session, scores={tax_staff[2].pk: "80"})
    with pytest.raises(ApplicationError, match="0～100"):
        training_scores_record(actor=office_user, session=session, scores={tax_staff[0].pk: "120"})
    with pytest.raises(PermissionRefused):
        training_scores_record(actor=staff_user, session=session, scores={tax_staff[0].pk: "80"})
    training_scores_record(actor=office_user, session=session, scores={tax_staff[0].pk: "60", tax_staff[1].pk: "59.5"})
    scores = {s.user_id: s for s in TrainingScore.objects.all()}
    assert scores[tax_staff[0].pk].passed and not scores[tax_staff[1].pk].passed  # at the mark passes
    assert scores[tax_staff[0].pk].history.first().history_user == office_user
    training_scores_record(actor=office_user, session=session, scores={tax_staff[1].pk: ""})
    assert TrainingScore.objects.count() == 1  # blank clears
    untested = _session(office_user, edition, items[1], tax_staff[:1], pass_mark=None)
    with pytest.raises(ApplicationError, match="未设考核"):
        training_scores_record(actor=office_user, session=untested, scores={tax_staff[0].pk: "90"})


def test_score_import_tolerant_headers_names_and_numbers(office_user, tax_staff, plan):
    _plan, items, edition = plan
    session = _session(office_user, edition, items[0], tax_staff)
    upload = xlsx_upload([["序号", "工 号", "姓名：", "考核成绩（分）"], [1, "TAX0", "税员0", "88"],
                          [2, "", "税员1", "５５"], [3, "tax2", "", 70.5], [None, None, None, None]],
                         title_rows=[["窗口服务规范培训考核成绩表"]])
    plan_ = training_scores_import_preview(session=session, upload=upload, filename="成绩.xlsx")
    assert plan_.errors == [] and plan_.counts["create"] == 3
    upload.seek(0)
    training_scores_import(actor=office_user, session=session, upload=upload, filename="成绩.xlsx")
    got = dict(TrainingScore.objects.values_list("user__username", "score"))
    assert got == {"tax0": Decimal("88.0"), "tax1": Decimal("55.0"), "tax2": Decimal("70.5")}
    assert TrainingScore.objects.get(user=tax_staff[0]).history.first().history_change_reason == "导入 成绩.xlsx"


def test_score_import_names_every_bad_row_and_writes_nothing(office_user, tax_staff, staff_user, plan):
    _plan, items, edition = plan
    session = _session(office_user, edition, items[0], tax_staff[:2])
    upload = xlsx_upload([["姓名", "成绩"], ["税员0", "90"], ["无此人", "80"], ["税员1", "优秀"],
                          [staff_user.display_name, "70"], ["税员0", "91"]])
    plan_ = training_scores_import_preview(session=session, upload=upload, filename="x.xlsx")
    assert plan_.errors == [
        "第 3 行“姓名”列：系统中没有人员“无此人”",
        "第 4 行“成绩”列：“优秀”不是数字",
        f"第 5 行“姓名”列：{staff_user.display_name} 未签到参训本场培训",
        "第 6 行“姓名”列：税员0 与第 2 行重复",
    ]
    upload.seek(0)
    with pytest.raises(ImportRefused):
        training_scores_import(actor=office_user, session=session, upload=upload, filename="x.xlsx")
    assert not TrainingScore.objects.exists()
    with pytest.raises(ApplicationError, match="找不到表头"):
        training_scores_import_preview(session=session, upload=xlsx_upload([["姓名", "备注"], ["税员0", "x"]]),
                                       filename="x.xlsx")


def test_figures_on_known_data(office_user, tax_staff, head_user, departments, plan):
    the_plan, items, edition = plan
    with time_machine.travel(at(dt.date(2026, 6, 15)), tick=False):
        march = _session(office_user, edition, items[0], tax_staff + [head_user])
        training_scores_record(actor=office_user, session=march, scores={
            tax_staff[0].pk: "90", tax_staff[1].pk: "50", tax_staff[2].pk: "75", head_user.pk: "40"})
        services.training_attendance_record(actor=office_user, session=march, attendees=tax_staff + [head_user])
        # the May item is due but not held; the September item is not due yet
        completion = training_rates.plan_completion(the_plan)
        assert (completion.numerator, completion.denominator) == (1, 2)
        rate = training_rates.pass_rate(year=2026)
        assert (rate.numerator, rate.denominator, rate.percent) == (2, 4, 50.0)
        rows = {r.department.code: r for r in training_rates.by_department(plan=the_plan)}
        assert (rows["SW"].passing.numerator, rows["SW"].passing.denominator) == (2, 3)
        assert (rows["SCJG"].passing.numerator, rows["SCJG"].passing.denominator) == (0, 1)
        figure = figure_value("training_pass_rate")
        assert figure.value == 50.0 and figure_get("training_pass_rate").label == "考核合格率"
        assert {b["label"]: b["value"] for b in figure.breakdown} == {"税务局窗口": 66.7, "市场监督管理局窗口": 0.0}
        assert figure_value("training_plan_completion").value == 50.0
        assert figure_value("training_plan_completion", as_of=dt.date(2026, 3, 31)).value == 100.0


def test_retake_todo_until_passed_and_scores_todo_for_the_office(office_user, tax_staff, plan):
    _plan, items, edition = plan
    with time_machine.travel(at(dt.date(2026, 5, 20)), tick=False):
        session = _session(office_user, edition, items[0], tax_staff[:2])
        assert [t.kind for t in todos_for(office_user)].count("登记考核成绩") == 1
        training_scores_record(actor=office_user, session=session, scores={tax_staff[0].pk: "40", tax_staff[1].pk: "90"})
        assert "登记考核成绩" not in [t.kind for t in todos_for(office_user)]
        assert [t.kind for t in todos_for(tax_staff[0])].count("补考") == 1
        assert "补考" not in [t.kind for t in todos_for(tax_staff[1])]
        retake = _session(office_user, edition, items[0], tax_staff[:1], held_on=dt.date(2026, 5, 19))
        training_scores_record(actor=office_user, session=retake, scores={tax_staff[0].pk: "80"})
        assert "补考" not in [t.kind for t in todos_for(tax_staff[0])]


def test_external_training_and_the_training_file(client, office_user, tax_staff, head_user, staff_user, plan):
    _plan, items, edition = plan
    with pytest.raises(ApplicationError, match="结束日期"):
        services.external_training_record(actor=office_user, user=tax_staff[0], course="x", organiser="y",
                                          started_on=dt.date(2026, 5, 2), ended_on=dt.date(2026, 5, 1), hours=8)
    services.external_training_record(actor=office_user, user=tax_staff[0], course="全省政务服务标准化培训班",
                                      organiser="省政务服务中心", started_on=dt.date(2026, 5, 11),
                                      ended_on=dt.date(2026, 5, 13), hours=Decimal("24"), certificate_number="ZW2026-0088")
    session = _session(office_user, edition, items[0], tax_staff[:1])
    training_scores_record(actor=office_user, session=session, scores={tax_staff[0].pk: "77"})
    client.force_login(tax_staff[0])
    page = client.get(f"/standards/training-files/{tax_staff[0].pk}/").content.decode()
    assert "全省政务服务标准化培训班" in page and "ZW2026-0088" in page and "77.0" in page
    assert client.get("/standards/training-files/mine/").status_code == 302
    assert client.get(f"/standards/training-files/{office_user.pk}/").status_code == 403  # not someone else's
    assert client.get("/standards/external-trainings/").status_code == 403
    client.force_login(office_user)
    for url in ["/standards/training-plans/", f"/standards/training-plans/{_plan.pk}/", "/standards/external-trainings/",
                f"/standards/trainings/{session.pk}/scores/", f"/standards/trainings/{session.pk}/",
                f"/standards/training-files/{tax_staff[0].pk}/", "/standards/trainings/"]:
        assert client.get(url).status_code == 200, url
    client.force_login(staff_user)
    assert client.get(f"/standards/trainings/{session.pk}/scores/").status_code == 403


def test_score_import_through_the_shared_staged_flow(client, office_user, tax_staff, plan):
    _plan, items, edition = plan
    session = _session(office_user, edition, items[0], tax_staff[:2])
    client.force_login(office_user)
    url = f"/standards/trainings/{session.pk}/scores/import/"
    upload = xlsx_upload([["工号", "成绩"], ["tax0", 95], ["tax1", 45]], name="score.xlsx")
    page = client.post(url, {"file": upload})
    assert page.status_code == 200 and page.context["can_confirm"]
    assert ImportBatch.objects.get().outcome == ImportBatch.Outcome.WAITING
    done = client.post(url, {"token": page.context["token"], "confirm": "1"})
    assert done.status_code == 302 and done.url == f"/standards/trainings/{session.pk}/"
    assert ImportBatch.objects.get().outcome == ImportBatch.Outcome.IMPORTED
    assert TrainingScore.objects.count() == 2
