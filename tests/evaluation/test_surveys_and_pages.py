"""Surveys (评议表) with results per question; every evaluation page per role."""

import datetime as dt
from decimal import Decimal

import pytest
from django.db import transaction

from audits.evaluation.models import Scale, Survey, SurveyAnswer, SurveyResponse
from audits.evaluation.selectors.surveys import survey_lines, survey_results, survey_satisfaction
from audits.evaluation.services.surveys import (
    survey_create,
    survey_response_add,
    survey_responses_add,
    survey_transition,
)
from qms.core.errors import ApplicationError, PermissionRefused

pytestmark = pytest.mark.django_db


@pytest.fixture
def survey(office_user):
    return survey_create(actor=office_user, title="2025年第一季度企业评议", audience="办事企业",
                         starts_on=dt.date(2025, 3, 1), ends_on=dt.date(2025, 3, 31),
                         questions=[("窗口服务态度", Scale.FIVE), ("一次性告知是否到位", Scale.YES_NO), ("", Scale.FIVE)])


def test_results_per_question(office_user, auditor_user, survey):
    q1, q2 = survey.questions.all()
    with pytest.raises(ApplicationError, match="不在收集期"):
        survey_response_add(actor=office_user, survey=survey, answers={q1.pk: 5, q2.pk: 1})
    survey_transition(actor=office_user, survey=survey, to_status=Survey.Status.OPEN)
    for a, b in ((5, 1), (5, 1), (4, 0), (2, 1)):
        survey_response_add(actor=office_user, survey=survey, answers={q1.pk: a, q2.pk: b}, respondent="某公司")
    with pytest.raises(ApplicationError, match="第 2 题未作答"):
        survey_response_add(actor=office_user, survey=survey, answers={q1.pk: 5})
    with pytest.raises(ApplicationError, match="不在量表中"):
        survey_response_add(actor=office_user, survey=survey, answers={q1.pk: 9, q2.pk: 1})
    with pytest.raises(PermissionRefused):
        survey_response_add(actor=auditor_user, survey=survey, answers={q1.pk: 5, q2.pk: 1})
    first, second = survey_results(survey)
    assert first.distribution == [("非常满意", 2), ("满意", 1), ("一般", 0), ("不满意", 1), ("非常不满意", 0)]
    assert (first.answers, first.favourable_rate, first.mean) == (4, Decimal("75.00"), Decimal("4.00"))
    # A yes/no question is no satisfaction scale: reported as the share answering 是, on its own.
    assert (second.favourable_rate, second.mean, second.distribution) == (None, None, [("是", 3), ("否", 1)])
    assert (second.kind, second.yes_share, second.summary) == ("yes_no", Decimal("75.00"), "选“是” 75.00%")


def _forms(survey):
    q1, q2 = survey.questions.all()
    return [{"answers": {q1.pk: a, q2.pk: b}, "respondent": f"答卷{i}", "submitted_on": dt.date(2025, 3, 1 + i),
             "comment": " 建议延时服务 " if i == 2 else ""} for i, (a, b) in enumerate(((5, 1), (4, 0), (2, 1)))]


def _stored():
    """Every form and answer, in the order written (keys as positions: sequences are not undone)."""
    responses = list(SurveyResponse.objects.order_by("pk").values())
    position = {r.pop("id"): n for n, r in enumerate(responses)}
    answers = [(position[a["response_id"]], a["question_id"], a["value"], a["text"])
               for a in SurveyAnswer.objects.order_by("pk").values()]
    return responses, answers


class _Undo(Exception):
    pass


def test_forms_entered_together_are_stored_as_entered_one_after_another(office_user, survey):
    survey_transition(actor=office_user, survey=survey, to_status=Survey.Status.OPEN)
    with pytest.raises(_Undo), transaction.atomic():
        returned = survey_responses_add(actor=office_user, survey=survey, responses=_forms(survey))
        together = _stored()
        raise _Undo
    for form in _forms(survey):
        survey_response_add(actor=office_user, survey=survey, **form)
    assert together == _stored() and len(returned) == 3 and all(r.pk for r in returned)
    assert together[0][2]["comment"] == "建议延时服务" and len(together[1]) == 6


def test_a_refused_form_or_a_failure_half_way_leaves_no_form(office_user, auditor_user, survey, monkeypatch):
    q1, _q2 = survey.questions.all()
    with pytest.raises(ApplicationError, match="不在收集期"):
        survey_responses_add(actor=office_user, survey=survey, responses=_forms(survey))
    survey_transition(actor=office_user, survey=survey, to_status=Survey.Status.OPEN)
    with pytest.raises(ApplicationError, match="第 2 题未作答"):
        survey_responses_add(actor=office_user, survey=survey, responses=[*_forms(survey), {"answers": {q1.pk: 5}}])
    with pytest.raises(PermissionRefused):
        survey_responses_add(actor=auditor_user, survey=survey, responses=_forms(survey))

    def failing(rows, **kwargs):  # the forms are inserted, their answers fail
        raise RuntimeError("disk full")

    monkeypatch.setattr(SurveyAnswer.objects, "bulk_create", failing)
    with pytest.raises(RuntimeError, match="disk full"):
        survey_responses_add(actor=office_user, survey=survey, responses=_forms(survey))
    assert _stored() == ([], [])


def test_survey_satisfaction_uses_satisfaction_scale_questions_only(office_user):
    survey = survey_create(actor=office_user, title="群众评议", starts_on=dt.date(2025, 3, 1),
                           ends_on=dt.date(2025, 3, 31),
                           questions=[("服务态度", Scale.FIVE), ("是否遇到吃拿卡要", Scale.YES_NO),
                                      ("大厅环境", Scale.SATISFACTION)])
    attitude, misconduct, hall = survey.questions.all()
    survey_transition(actor=office_user, survey=survey, to_status=Survey.Status.OPEN)
    for a, b, c in ((5, 0, 3), (4, 0, 2), (3, 0, 3), (5, 0, 1)):
        survey_response_add(actor=office_user, survey=survey, answers={attitude.pk: a, misconduct.pk: b, hall.pk: c})
    result = survey_satisfaction(surveys=Survey.objects.filter(pk=survey.pk))
    # favourable: attitude 5,4,5 (3 of 4) + hall 3,2,3 (3 of 4); the eight 否 answers are not counted
    assert (result.favourable, result.answers, result.rate) == (6, 8, Decimal("75.00"))
    [line] = survey_lines(Survey.objects.filter(pk=survey.pk))
    assert "满意度题目满意率 75.00%" in line and "“是否遇到吃拿卡要”选“是” 0.00%" in line


def test_survey_entered_through_the_page(client, office_user, survey):
    client.force_login(office_user)
    client.post(f"/evaluation/surveys/{survey.pk}/status/", {"move": "open"})
    q1, q2 = survey.questions.all()
    client.post(f"/evaluation/surveys/{survey.pk}/responses/new/", {f"q{q1.pk}": "5", f"q{q2.pk}": "1"})
    page = client.get(f"/evaluation/surveys/{survey.pk}/").content.decode()
    assert "非常满意 1" in page and "100.00%" in page


def test_text_questions_are_listed_not_averaged_nor_in_the_rate(client, office_user):
    """A text question (文字题) is built from its own lines, answered in words (or left blank),
    its answers listed on the page and in the dossier's summary, never in 满意率 or a mean."""
    from audits.evaluation.documents.summary import build_evaluation_summary_docx
    from audits.evaluation.dossier import evaluation_summary_context

    from ..docs import docx_all_text

    client.force_login(office_user)
    response = client.post("/evaluation/surveys/new/", {
        "title": "窗口服务评议", "audience": "办事群众", "starts_on": "2026-03-01", "ends_on": "2026-03-31",
        "scale": "satisfaction", "questions": "服务态度\n办事效率", "text_questions": "您还有哪些意见建议？"})
    survey = Survey.objects.get(title="窗口服务评议")
    assert response["Location"].endswith(f"/evaluation/surveys/{survey.pk}/")
    attitude, speed, opinion = survey.questions.all()
    assert (opinion.scale, opinion.is_text, opinion.is_satisfaction_scale) == (Scale.TEXT, True, False)
    client.post(f"/evaluation/surveys/{survey.pk}/status/", {"move": "open"})
    for a, b, words in ((3, 3, "希望延长午间服务时间"), (3, 1, ""), (2, 3, "停车位太少")):
        client.post(f"/evaluation/surveys/{survey.pk}/responses/new/",
                    {f"q{attitude.pk}": a, f"q{speed.pk}": b, f"q{opinion.pk}": words})
    assert survey.responses.count() == 3
    *_scales, text = survey_results(survey)
    assert (text.kind, text.answers, text.texts, text.mean, text.favourable_rate) == (
        "text", 2, ["希望延长午间服务时间", "停车位太少"], None, None)
    assert text.summary == "文字答案 2 条"
    result = survey_satisfaction(surveys=Survey.objects.filter(pk=survey.pk))
    assert (result.favourable, result.answers) == (5, 6)  # the text answers are in no rate
    [line] = survey_lines(Survey.objects.filter(pk=survey.pk))
    assert "“您还有哪些意见建议？”收到文字意见 2 条" in line
    page = client.get(f"/evaluation/surveys/{survey.pk}/").content.decode()
    assert "希望延长午间服务时间" in page and "停车位太少" in page
    summary = docx_all_text(build_evaluation_summary_docx(evaluation_summary_context(dt.date(2026, 4, 30))))
    assert "停车位太少" in summary and "文字答案 2 条" in summary


PAGES = ["/evaluation/", "/evaluation/satisfaction/", "/evaluation/ratings/", "/evaluation/surveys/",
         "/evaluation/complaints/", "/evaluation/scorecards/", "/evaluation/criteria/", "/evaluation/reviews/",
         "/evaluation/external/"]
OFFICE_ONLY = ["/evaluation/ratings/import/", "/evaluation/surveys/new/", "/evaluation/holidays/",
               "/evaluation/settings/", "/evaluation/external/new/"]


@pytest.mark.parametrize("role", ["office", "auditor", "manager", "head", "staff", "admin"])
def test_pages_open_for_every_role_and_office_pages_refuse_others(client, role_users, role):
    client.force_login(role_users[role])
    for url in PAGES:
        assert client.get(url).status_code == 200, url
    for url in OFFICE_ONLY:
        assert client.get(url).status_code == (200 if role == "office" else 403), url
    assert client.get("/evaluation/reviews/new/").status_code == (200 if role in ("office", "manager") else 403)
    assert client.get("/evaluation/ratings/new/").status_code == (200 if role in ("office", "head") else 403)
    assert client.get("/evaluation/complaints/new/").status_code == (
        200 if role in ("office", "manager", "head") else 403)


def test_anonymous_users_are_sent_to_login(client):
    assert client.get("/evaluation/complaints/").status_code == 302


def test_rating_entered_at_the_window_once(client, head_user, departments):
    client.force_login(head_user)
    data = {"case_number": "SC-001", "department": departments["market"].pk, "grade": "dissatisfied",
            "reason": "等候时间长"}
    assert "已录入办件" in client.post("/evaluation/ratings/new/", data, follow=True).content.decode()
    again = client.post("/evaluation/ratings/new/", data).content.decode()
    assert "一件一评" in again
    other = client.post("/evaluation/ratings/new/", {**data, "case_number": "SW-1",
                                                     "department": departments["tax"].pk}).content.decode()
    assert "只有标准化办公室或本窗口负责人" in other


def test_settings_and_holidays_kept_with_history(client, office_user):
    client.force_login(office_user)
    client.post("/evaluation/settings/", {"satisfaction_target": "99", "complaint_reply_days": "3",
                                          "complaint_escalate_again_days": "2"})
    from audits.evaluation.selectors.settings import evaluation_settings

    settings_row = evaluation_settings()
    assert settings_row.complaint_reply_days == 3 and settings_row.history.first().history_user == office_user
    client.post("/evaluation/holidays/", {"date": "2026-10-01", "name": "国庆节", "kind": "off"})
    assert "国庆节" in client.get("/evaluation/holidays/").content.decode()
