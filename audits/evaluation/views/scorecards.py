"""Window assessment pages: the month's ranking, computation, manual scores, publication, notice."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView

from qms.core.errors import ApplicationError
from qms.core.viewmixins import PredicateRequiredMixin, message_refusal

from ..documents.notice import build_monthly_notice_docx
from ..forms import CriterionForm, ScoreForm
from ..models import Score, ScoreCriterion
from ..permissions import can_manage_evaluation
from ..selectors import scorecards as sel
from ..services import scorecards as svc
from .common import DOCX, ServiceFormView, file_response, parse_month


def _last_month():
    return (timezone.localdate().replace(day=1) - timezone.timedelta(days=1)).replace(day=1)


class ScorecardListView(TemplateView):
    template_name = "evaluation/scorecard_list.html"

    def get_context_data(self, **kwargs):
        month = parse_month(self.request.GET.get("month"), default=_last_month())
        cards = sel.scorecards_for_month(month)
        return super().get_context_data(
            month=month, months=sel.scorecard_months(), cards=cards, criteria=sel.criteria_active(), rule=sel.RANKING_RULE,
            published=bool(cards) and all(c.status == "published" for c in cards),
            can_manage=can_manage_evaluation(self.request.user), **kwargs)


class ScorecardComputeView(PredicateRequiredMixin, View):
    predicate = can_manage_evaluation

    def post(self, request):
        month = parse_month(request.POST.get("month"))
        try:
            cards = svc.scorecards_compute(actor=request.user, month=month)
            messages.success(request, _("已计算 %(n)d 个窗口的考评。") % {"n": len(cards)})
        except ApplicationError as error:
            message_refusal(request, error)
        return redirect(f"{reverse('scorecard-list')}?month={month:%Y-%m}")


class ScorecardPublishView(PredicateRequiredMixin, View):
    predicate = can_manage_evaluation

    def post(self, request):
        month = parse_month(request.POST.get("month"))
        try:
            svc.scorecards_publish(actor=request.user, month=month)
            messages.success(request, _("已通报 %(m)s 的窗口考评。") % {"m": f"{month:%Y-%m}"})
        except ApplicationError as error:
            message_refusal(request, error)
        return redirect(f"{reverse('scorecard-list')}?month={month:%Y-%m}")


class ScorecardNoticeView(View):
    def get(self, request):
        month = parse_month(request.GET.get("month"), default=_last_month())
        data = build_monthly_notice_docx(sel.monthly_notice_context(month))
        return file_response(data, f"窗口考评通报-{month:%Y-%m}.docx", DOCX)


class ScoreUpdateView(ServiceFormView):
    predicate = can_manage_evaluation
    form_class = ScoreForm

    def dispatch(self, request, *args, **kwargs):
        self.score = get_object_or_404(Score.objects.select_related("criterion", "scorecard__department"),
                                       pk=kwargs["pk"])
        self.title = f"{self.score.scorecard.department} · {self.score.criterion.name}"
        return super().dispatch(request, *args, **kwargs)

    def get_initial(self):
        return {"score": self.score.score, "note": self.score.note}

    def perform(self, form):
        svc.score_set(actor=self.request.user, score=self.score, value=form.cleaned_data["score"],
                      note=form.cleaned_data["note"])
        return f"{reverse('scorecard-list')}?month={self.score.scorecard.month:%Y-%m}"


class CriterionListView(TemplateView):
    template_name = "evaluation/criterion_list.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(criteria=ScoreCriterion.objects.order_by("-scope", "order", "code"),
                                         can_manage=can_manage_evaluation(self.request.user), **kwargs)


class CriterionUpdateView(ServiceFormView):
    predicate = can_manage_evaluation
    form_class = CriterionForm

    def dispatch(self, request, *args, **kwargs):
        self.criterion = get_object_or_404(ScoreCriterion, pk=kwargs["pk"])
        self.title = _("考评项目：%(n)s") % {"n": self.criterion.name}
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["instance"] = ScoreCriterion.objects.get(pk=self.criterion.pk)
        return kwargs

    def perform(self, form):
        svc.criterion_update(actor=self.request.user, criterion=self.criterion, **form.cleaned_data)
        return reverse("criterion-list")
