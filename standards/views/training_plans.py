"""The yearly training plan, test scores (grid and import), external training and the
personal training file. Interface only: selectors compute, services decide."""

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import TemplateView

from qms.core.errors import ApplicationError
from qms.core.import_rows import CREATE, UPDATE
from qms.core.viewmixins import PredicateRequiredMixin, message_refusal

from .. import services
from ..forms_training import ExternalTrainingForm, ScoreImportForm, TrainingPlanForm, TrainingPlanItemForm
from ..models import ExternalTraining, TrainingPlan, TrainingSession
from ..permissions import can_edit_standards, can_view_all_training, can_view_training_file
from ..selectors import training as training_rates
from ..selectors.figures import participation_rate
from ..services.training_tests import (
    can_record_scores,
    training_scores_import,
    training_scores_import_preview,
    training_scores_record,
)
from .base import ServiceFormView
from .system_table import StandardImportView


class TrainingPlanListView(TemplateView):
    template_name = "standards/training_plan_list.html"

    def get_context_data(self, **kwargs):
        today = timezone.localdate()
        plans = [(p, training_rates.plan_completion(p, as_of=today)) for p in TrainingPlan.objects.all()]
        return super().get_context_data(plans=plans, can_edit=can_edit_standards(self.request.user), **kwargs)


class TrainingPlanCreateView(PredicateRequiredMixin, ServiceFormView):
    predicate = can_edit_standards
    form_class = TrainingPlanForm
    heading = gettext_lazy("编制年度培训计划")
    success_message = gettext_lazy("已建立培训计划，请逐项增加计划培训。")

    def perform(self, form):
        return services.training_plan_create(actor=self.request.user, **form.cleaned_data)

    def success_redirect(self, plan):
        return "training-plan-detail", plan.pk


class TrainingPlanDetailView(TemplateView):
    template_name = "standards/training_plan_detail.html"

    def get_context_data(self, **kwargs):
        plan = get_object_or_404(TrainingPlan, pk=self.kwargs["pk"])
        today = timezone.localdate()
        return super().get_context_data(
            plan=plan, rows=training_rates.plan_rows(plan, as_of=today),
            completion=training_rates.plan_completion(plan, as_of=today),
            participation=participation_rate(plan=plan, until=today),
            passing=training_rates.pass_rate(plan=plan, until=today),
            departments=training_rates.by_department(plan=plan, until=today),
            can_edit=can_edit_standards(self.request.user), **kwargs)


class TrainingPlanItemCreateView(PredicateRequiredMixin, ServiceFormView):
    predicate = can_edit_standards
    form_class = TrainingPlanItemForm
    heading = gettext_lazy("增加计划培训")
    success_message = gettext_lazy("已增加计划培训。")

    def load(self):
        self.plan = get_object_or_404(TrainingPlan, pk=self.kwargs["pk"])

    def perform(self, form):
        return services.training_plan_item_add(actor=self.request.user, plan=self.plan, **form.cleaned_data)

    def success_redirect(self, item):
        return "training-plan-detail", self.plan.pk


class TrainingScoresView(View):
    """The score grid of a session with a test: one input per participant who signed in."""

    template_name = "standards/training_scores.html"

    def dispatch(self, request, *args, **kwargs):
        self.session = get_object_or_404(TrainingSession, pk=kwargs["pk"])
        if not can_record_scores(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get(self, request, pk):
        scores = {s.user_id: s for s in self.session.scores.select_related("session")}
        people = self.session.attendees.select_related("department").order_by("department__order", "username")
        return render(request, self.template_name, {
            "session": self.session, "rows": [(u, scores.get(u.pk)) for u in people]})

    def post(self, request, pk):
        people = self.session.attendees.values_list("pk", flat=True)
        scores = {u: request.POST.get(f"score-{u}", "").strip() for u in people}
        try:
            training_scores_record(actor=request.user, session=self.session, scores=scores)
            messages.success(request, _("已保存考核成绩。"))
        except ApplicationError as error:
            message_refusal(request, error)
            return redirect("training-scores", pk=pk)
        return redirect("training-detail", pk=pk)


class TrainingScoreImportView(StandardImportView):
    """Scores from a spreadsheet, through the shared upload -> preview -> confirm flow."""

    predicate = can_record_scores
    template_name = "standards/training_score_import.html"
    session_key = "training_score_import"
    form_class = ScoreImportForm
    url_name = "training-score-import"
    done_url_name = "training-detail"

    def dispatch(self, request, *args, **kwargs):
        self.session = get_object_or_404(TrainingSession, pk=kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def page_context(self):
        return {"session": self.session}

    def done_kwargs(self):
        return {"pk": self.session.pk}

    def plan_preview(self, upload, filename):
        return training_scores_import_preview(session=self.session, upload=upload, filename=filename)

    def plan_import(self, upload, filename):
        return training_scores_import(actor=self.request.user, session=self.session, upload=upload, filename=filename)

    def done_message(self, plan):
        return _("已导入 %(f)s：新增成绩 %(c)d 条，修改 %(u)d 条。") % {
            "f": plan.filename, "c": plan.count(CREATE), "u": plan.count(UPDATE)}

    def plan_counts(self, plan):
        return plan.counts


class ExternalTrainingListView(PredicateRequiredMixin, TemplateView):
    predicate = can_view_all_training
    template_name = "standards/external_training_list.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            records=ExternalTraining.objects.select_related("user__department")[:500],
            can_edit=can_edit_standards(self.request.user), **kwargs)


class ExternalTrainingCreateView(PredicateRequiredMixin, ServiceFormView):
    predicate = can_edit_standards
    form_class = ExternalTrainingForm
    heading = gettext_lazy("登记外部培训")
    success_message = gettext_lazy("已登记外部培训。")

    def perform(self, form):
        return services.external_training_record(actor=self.request.user, **form.cleaned_data)

    def success_redirect(self, record):
        return "training-file", record.user_id


class TrainingFileView(TemplateView):
    """个人培训档案."""

    template_name = "standards/training_file.html"

    def get_context_data(self, **kwargs):
        person = get_object_or_404(get_user_model().objects.select_related("department"), pk=self.kwargs["pk"])
        if not can_view_training_file(self.request.user, person):
            raise PermissionDenied
        return super().get_context_data(**training_rates.training_file(person), **kwargs)


class MyTrainingFileView(View):
    def get(self, request):
        return redirect("training-file", pk=request.user.pk)

