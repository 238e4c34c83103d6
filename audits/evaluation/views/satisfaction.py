"""Satisfaction pages: the overview by month, window, item and staff; rating entry and import; surveys."""

import datetime as dt

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import DetailView, ListView, TemplateView

from qms.core.errors import ApplicationError
from qms.core.figures import figure_get
from qms.core.viewmixins import PredicateRequiredMixin, message_refusal
from qms.core.workflow import events_for
from qms.org.models import Department
from standards.views.system_table import StandardImportView

from ..forms import ImportForm, RatingForm, SurveyForm, survey_response_form
from ..models import RATING_IMPORTER, Rating, Scale, Survey
from ..permissions import can_enter_ratings, can_manage_evaluation
from ..selectors import satisfaction as sel
from ..selectors.external import external_between, external_lines
from ..selectors.surveys import survey_results, survey_satisfaction
from ..services.rating_import import ratings_import, ratings_import_preview
from ..services.ratings import rating_create
from ..services.surveys import survey_create, survey_response_add, survey_transition
from ..workflows import SURVEY_WORKFLOW
from .common import ServiceFormView, parse_year


class SatisfactionView(TemplateView):
    """满意率 for a year (or one window): by month, window, service item and staff, all computed
    by aggregate queries."""

    template_name = "evaluation/satisfaction.html"

    def get_context_data(self, **kwargs):
        year = parse_year(self.request.GET.get("year"))
        department = Department.objects.filter(pk=self.request.GET.get("department") or None).first()
        qs = sel.ratings_between(dt.date(year, 1, 1), dt.date(year, 12, 31), department=department)
        summary = sel.satisfaction_summary(qs)
        external = list(external_between(dt.date(year, 1, 1), dt.date(year, 12, 31)))
        return super().get_context_data(
            external=external, external_lines=external_lines(external),
            year=year, years=range(year - 3, year + 2), department=department, summary=summary,
            by_month=sel.satisfaction_by_month(qs, target=summary.target),
            by_department=sel.satisfaction_by_department(qs, target=summary.target),
            by_item=sel.satisfaction_by_item(qs, target=summary.target),
            by_staff=sel.satisfaction_by_staff(qs, target=summary.target),
            reasons=sel.dissatisfaction_reasons(qs), windows=Department.objects.filter(kind="department"),
            can_manage=can_manage_evaluation(self.request.user),
            can_enter=can_enter_ratings(self.request.user), **kwargs)


class RatingListView(ListView):
    template_name = "evaluation/rating_list.html"
    paginate_by = 50
    context_object_name = "ratings"

    def get_queryset(self):
        qs = Rating.objects.select_related("department")
        grade = self.request.GET.get("grade")
        return qs.filter(grade=grade) if grade else qs


class RatingCreateView(ServiceFormView):
    predicate = can_enter_ratings
    form_class = RatingForm
    title = _("录入评价")

    def get_initial(self):
        department = self.request.user.department
        return {"department": department} if department and department.kind == "department" else {}

    def perform(self, form):
        data = form.cleaned_data
        rating_create(actor=self.request.user, **data)
        messages.success(self.request, _("已录入办件 %(n)s 的评价。") % {"n": data["case_number"]})
        return reverse("rating-create")


class RatingImportView(StandardImportView):
    """Upload -> preview (counts, bad rows, the new ratings per window; nothing written) -> confirm
    (the same file, imported for real, all or nothing): the shared import steps."""

    predicate = can_manage_evaluation
    template_name = "evaluation/rating_import.html"
    session_key = RATING_IMPORTER
    form_class = ImportForm
    url_name = "rating-import"
    done_url_name = "satisfaction-overview"

    def plan_preview(self, upload, filename):
        return ratings_import_preview(upload=upload, filename=filename)

    def plan_import(self, upload, filename):
        upload.name = filename  # read_table tells CSV by the name
        return ratings_import(actor=self.request.user, upload=upload, filename=filename, batch=self.batch)

    def can_confirm(self, plan) -> bool:
        return not plan.errors and plan.created > 0

    def plan_counts(self, plan) -> dict:
        return plan.record()

    def done_message(self, plan) -> str:
        return _("导入完成：读取 %(r)d 行，新增 %(c)d 条，重复跳过 %(s)d 条。") % {
            "r": plan.read, "c": plan.created, "s": plan.skipped}


class SurveyListView(ListView):
    template_name = "evaluation/survey_list.html"
    context_object_name = "surveys"

    def get_queryset(self):
        from django.db.models import Count

        return Survey.objects.annotate(n=Count("responses"))

    def get_context_data(self, **kwargs):
        return super().get_context_data(can_manage=can_manage_evaluation(self.request.user), **kwargs)


class SurveyCreateView(ServiceFormView):
    predicate = can_manage_evaluation
    form_class = SurveyForm
    title = _("新建评议调查")

    def perform(self, form):
        data = form.cleaned_data
        questions = [(line, data["scale"]) for line in data["questions"].splitlines()]
        questions += [(line, Scale.TEXT) for line in data["text_questions"].splitlines()]
        survey = survey_create(actor=self.request.user, title=data["title"], audience=data["audience"],
                               starts_on=data["starts_on"], ends_on=data["ends_on"], questions=questions)
        return reverse("survey-detail", args=[survey.pk])


class SurveyDetailView(DetailView):
    model = Survey
    template_name = "evaluation/survey_detail.html"
    context_object_name = "survey"

    def get_context_data(self, **kwargs):
        return super().get_context_data(results=survey_results(self.object),
                                        satisfaction=survey_satisfaction(surveys=Survey.objects.filter(pk=self.object.pk)),
                                        definition=figure_get("survey_satisfaction_rate").explanation,
                                        timeline=events_for([self.object]),
                                        can_manage=can_manage_evaluation(self.request.user),
                                        form=survey_response_form(self.object), **kwargs)


class SurveyTransitionView(View):
    """Open or close a survey: the declared move named in the POST."""

    def post(self, request, pk):
        survey = get_object_or_404(Survey, pk=pk)
        move = request.POST.get("move", "")
        if move not in ("open", "close") or not SURVEY_WORKFLOW.allows(survey, request.user, move):
            raise PermissionDenied
        try:
            survey_transition(actor=request.user, survey=survey, move=move)
        except ApplicationError as error:
            message_refusal(request, error)
        return redirect("survey-detail", pk=pk)


class SurveyResponseCreateView(PredicateRequiredMixin, View):
    predicate = can_manage_evaluation

    def post(self, request, pk):
        survey = get_object_or_404(Survey, pk=pk)
        form = survey_response_form(survey, request.POST)
        if form.is_valid():
            data = form.cleaned_data
            answers = {int(k[1:]): v for k, v in data.items() if k.startswith("q") and k[1:].isdigit()}
            try:
                survey_response_add(actor=request.user, survey=survey, answers=answers,
                                    respondent=data["respondent"], comment=data["comment"])
                messages.success(request, _("已录入一份答卷。"))
            except ApplicationError as error:
                message_refusal(request, error)
        else:
            messages.error(request, _("请回答每一道题。"))
        return redirect("survey-detail", pk=pk)
