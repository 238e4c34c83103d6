"""External evaluation pages (外部评价): the list, one evaluation with its findings and files,
and the forms that record them and follow each finding up. Every write is one service call."""

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView

from qms.core.figures import figure_get
from qms.core.files import protected_file_response

from .. import sources
from ..external_forms import (
    ExternalAttachmentForm,
    ExternalEvaluationForm,
    ExternalFindingForm,
    FindingCloseForm,
    FindingImprovementForm,
)
from ..forms import NonconformityForm
from ..models import ExternalAttachment, ExternalEvaluation, ExternalFinding, FollowUp
from ..permissions import can_manage_evaluation
from ..selectors.external import external_between, external_detail, external_lines, external_score
from ..services import external as services
from .common import ServiceFormView, parse_year


class ExternalListView(TemplateView):
    template_name = "evaluation/external_list.html"

    def get_context_data(self, **kwargs):
        import datetime as dt

        year = parse_year(self.request.GET.get("year"))
        evaluations = list(external_between(dt.date(year, 1, 1), dt.date(year, 12, 31)))
        return super().get_context_data(
            year=year, years=range(year - 3, year + 2), evaluations=evaluations,
            score=external_score(evaluations), lines=external_lines(evaluations),
            definition=figure_get("external_score_rate").explanation,
            can_manage=can_manage_evaluation(self.request.user), **kwargs)


class ExternalDetailView(TemplateView):
    template_name = "evaluation/external_detail.html"

    def get_context_data(self, **kwargs):
        try:
            evaluation = external_detail(self.kwargs["pk"])
        except ExternalEvaluation.DoesNotExist as missing:
            from django.http import Http404

            raise Http404 from missing
        user = self.request.user
        findings = [{"finding": f, "ref_url": self._ref_url(f, user)} for f in evaluation.findings.all()]
        can_manage = can_manage_evaluation(self.request.user)
        return super().get_context_data(
            evaluation=evaluation, findings=findings, can_manage=can_manage,
            finding_form=ExternalFindingForm() if can_manage else None,
            attachment_form=ExternalAttachmentForm() if can_manage else None,
            can_improve=can_manage and sources.improvement_creator() is not None,
            can_raise_nc=can_manage and sources.nonconformity_raiser() is not None, **kwargs)

    @staticmethod
    def _ref_url(finding, user) -> str:
        """The improvement's or nonconformity's page, when the user may open it."""
        if finding.follow_up == FollowUp.IMPROVEMENT:
            return sources.improvement_url(finding.follow_up_ref, user=user)
        if finding.follow_up == FollowUp.NONCONFORMITY:
            return sources.nonconformity_url_for(finding.follow_up_ref, user=user)
        return ""


class ExternalCreateView(ServiceFormView):
    predicate = can_manage_evaluation
    form_class = ExternalEvaluationForm
    title = _("登记外部评价")

    def perform(self, form):
        evaluation = services.external_evaluation_create(actor=self.request.user, **form.cleaned_data)
        return reverse("external-detail", args=[evaluation.pk])


class _EvaluationFormView(ServiceFormView):
    predicate = can_manage_evaluation

    def dispatch(self, request, *args, **kwargs):
        self.evaluation = get_object_or_404(ExternalEvaluation, pk=kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def get_back_url(self):
        return reverse("external-detail", args=[self.evaluation.pk])


class ExternalFindingAddView(_EvaluationFormView):
    form_class = ExternalFindingForm
    title = _("登记发现的问题")

    def perform(self, form):
        services.external_finding_add(actor=self.request.user, evaluation=self.evaluation, **form.cleaned_data)
        return self.get_back_url()


class ExternalAttachmentAddView(_EvaluationFormView):
    form_class = ExternalAttachmentForm
    title = _("上传外部评价附件")

    def perform(self, form):
        services.external_attachment_add(actor=self.request.user, evaluation=self.evaluation,
                                         upload=form.cleaned_data["upload"])
        return self.get_back_url()


class _FindingFormView(ServiceFormView):
    predicate = can_manage_evaluation

    def dispatch(self, request, *args, **kwargs):
        self.finding = get_object_or_404(ExternalFinding.objects.select_related("evaluation"), pk=kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def get_back_url(self):
        return reverse("external-detail", args=[self.finding.evaluation_id])

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["title"] = f"{self.title}：{self.finding.text[:40]}"
        return context


class FindingImproveView(_FindingFormView):
    form_class = FindingImprovementForm
    title = _("由外部评价问题登记持续改进")

    def get_initial(self):
        return {"title": self.finding.text[:200], "department": self.finding.department}

    def perform(self, form):
        improvement = services.external_finding_improve(actor=self.request.user, finding=self.finding,
                                                        **form.cleaned_data)
        self.success_message = _("已登记持续改进 %(n)s。") % {"n": improvement.number}
        return self.get_back_url()


class FindingNonconformityView(_FindingFormView):
    form_class = NonconformityForm
    title = _("由外部评价问题开具不符合项")

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "grades": sources.nonconformity_grades()}

    def get_initial(self):
        return {"description": self.finding.text}

    def perform(self, form):
        nc = services.external_finding_raise_nonconformity(actor=self.request.user, finding=self.finding,
                                                           **form.cleaned_data)
        self.success_message = _("已提出不符合项 %(n)s。") % {"n": getattr(nc, "number", nc.pk)}
        return self.get_back_url()


class FindingCloseView(_FindingFormView):
    form_class = FindingCloseForm
    title = _("无需整改")

    def perform(self, form):
        services.external_finding_close(actor=self.request.user, finding=self.finding, **form.cleaned_data)
        return self.get_back_url()


class ExternalAttachmentDownloadView(View):
    """An evaluation's files: for whoever may see the evaluation (every signed-in user)."""

    def get(self, request, pk):
        attachment = get_object_or_404(ExternalAttachment, pk=pk)
        if not request.user.is_authenticated:
            raise PermissionDenied
        return protected_file_response(attachment.file, filename=attachment.name)
