"""Surveys (评议表): design, open, collect responses, close."""

import datetime as dt

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from qms.core.bulk import clean_for_bulk
from qms.core.errors import ApplicationError, PermissionRefused
from qms.core.history import save_with_reason
from qms.core.workflow import transition

from ..models import SCALE_POINTS, Scale, Survey, SurveyAnswer, SurveyQuestion, SurveyResponse
from ..permissions import can_manage_evaluation
from ..workflows import SURVEY_WORKFLOW


def _require_office(actor):
    if not can_manage_evaluation(actor):
        raise PermissionRefused(_("只有标准化办公室可以管理评议调查。"))


@transaction.atomic
def survey_create(*, actor, title: str, starts_on: dt.date, ends_on: dt.date, questions, audience: str = ""
                  ) -> Survey:
    """A questionnaire with its questions: `questions` is a list of (text, scale)."""
    _require_office(actor)
    if not (title or "").strip():
        raise ApplicationError(_("请填写调查标题。"), field="title")
    if ends_on < starts_on:
        raise ApplicationError(_("结束日期不能早于开始日期。"), field="ends_on")
    questions = [(t.strip(), s) for t, s in questions if (t or "").strip()]
    if not questions:
        raise ApplicationError(_("请至少填写一道题目。"), field="questions")
    for text, scale in questions:
        if scale not in Scale.values:
            raise ApplicationError(_("题目“%(q)s”的答案量表无效。") % {"q": text}, field="questions")
    survey = save_with_reason(Survey(title=title.strip(), audience=audience.strip(), starts_on=starts_on,
                                     ends_on=ends_on, created_by=actor), actor=actor, reason=_("新建调查"))
    for order, (text, scale) in enumerate(questions, start=1):
        save_with_reason(SurveyQuestion(survey=survey, order=order, text=text, scale=scale), actor=actor,
                         reason=_("新建调查"))
    return survey


@transaction.atomic
def survey_transition(*, actor, survey: Survey, to_status: str = "", move: str = "", note: str = "") -> Survey:
    """Open or close a survey: a declared move of `audits.evaluation.workflows.SURVEY_WORKFLOW`."""
    survey = Survey.objects.select_for_update().get(pk=survey.pk)
    return transition(survey, actor=actor, move=move or None, to=to_status, note=note, workflow=SURVEY_WORKFLOW)


@transaction.atomic
def survey_response_add(*, actor, survey: Survey, answers: dict[int, int | str], respondent: str = "",
                        submitted_on: dt.date | None = None, comment: str = "") -> SurveyResponse:
    """One filled-in form: `answers` maps question id -> points on its scale, or for a text
    question the words. Every scale question must be answered with a point of its own scale; a
    text question may be left blank (nothing is stored for it)."""
    _require_office(actor)
    survey, questions = _open_survey(survey)
    response, rows = _response_planned(actor, survey, questions, answers=answers, respondent=respondent,
                                       submitted_on=submitted_on, comment=comment)
    response.full_clean()
    response.save()
    for row in rows:
        row.response = response
    SurveyAnswer.objects.bulk_create(rows)
    return response


@transaction.atomic
def survey_responses_add(*, actor, survey: Survey, responses) -> list[SurveyResponse]:
    """`survey_response_add` for many forms of one survey entered at once: each a dict of that
    function's arguments but the actor and the survey. The same refusals and rows, in the order
    given; the survey and its questions read once, the forms written in one INSERT and their
    answers in another (field rules checked per form, the keys are the objects read here)."""
    _require_office(actor)
    survey, questions = _open_survey(survey)
    planned = [_response_planned(actor, survey, questions, **spec) for spec in responses]
    for response, _rows in planned:
        clean_for_bulk(response)
    created = SurveyResponse.objects.bulk_create([response for response, _rows in planned])
    for response, rows in planned:
        for row in rows:
            row.response = response
    SurveyAnswer.objects.bulk_create([row for _response, rows in planned for row in rows])
    return created


def _open_survey(survey: Survey) -> tuple[Survey, list[SurveyQuestion]]:
    survey = Survey.objects.get(pk=survey.pk)
    if survey.status != Survey.Status.OPEN:
        raise ApplicationError(_("调查不在收集期，不能录入答卷。"))
    return survey, list(survey.questions.all())


def _response_planned(actor, survey: Survey, questions, *, answers: dict[int, int | str], respondent: str = "",
                      submitted_on: dt.date | None = None, comment: str = ""):
    """The form and its answers as they will be stored (not saved), or the refusal."""
    rows = []
    for q in questions:
        if q.is_text:
            text = str(answers.get(q.pk) or "").strip()
            if text:
                rows.append(SurveyAnswer(question=q, text=text))
            continue
        value = answers.get(q.pk)
        allowed = {v for v, _label in SCALE_POINTS[q.scale]}
        if value is None:
            raise ApplicationError(_("第 %(n)d 题未作答。") % {"n": q.order}, field=f"q{q.pk}")
        if value not in allowed:
            raise ApplicationError(_("第 %(n)d 题的答案不在量表中。") % {"n": q.order}, field=f"q{q.pk}")
        rows.append(SurveyAnswer(question=q, value=value))
    response = SurveyResponse(survey=survey, respondent=respondent.strip(), comment=comment.strip(),
                              submitted_on=submitted_on or timezone.localdate(), created_by=actor)
    return response, rows
