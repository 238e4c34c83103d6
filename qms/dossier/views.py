"""The dossier pages (request, pre-flight checks, progress, download, re-run) and the organisation
profile page."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.views import View
from django.views.generic import DetailView, FormView, TemplateView

from qms.assessment.models import Assessment
from qms.assessment.permissions import can_view_assessment
from qms.assessment.selectors import assessment_latest
from qms.core.errors import ApplicationError
from qms.core.viewmixins import PredicateRequiredMixin, form_refusal, message_refusal
from qms.org.selectors import organisation_profile
from standards.selectors import adopted_flagged

from . import selectors, services
from .forms import DossierRequestForm, OrganisationProfileForm
from .models import Dossier
from .permissions import can_build_dossier
from .preflight import preflight_report
from .sections import SECTIONS
from .workflows import DOSSIER_WORKFLOW


class DossierListView(PredicateRequiredMixin, FormView):
    predicate = can_view_assessment
    template_name = "dossier/dossier_list.html"
    form_class = DossierRequestForm

    def get_context_data(self, **kwargs):
        assessment = assessment_latest()
        dossiers = list(selectors.dossier_list()[:50])
        for dossier in dossiers:  # a dead worker's job shows failed
            if dossier.status in (Dossier.Status.QUEUED, Dossier.Status.RUNNING):
                services.dossier_follow_job(dossier)
        return super().get_context_data(dossiers=dossiers, sections=SECTIONS,
                                        profile=organisation_profile(), validity_flagged=adopted_flagged(),
                                        assessment=assessment,
                                        **preflight_report(assessment=assessment, as_of=timezone.localdate()),
                                        can_build=can_build_dossier(self.request.user), **kwargs)

    def form_valid(self, form):
        try:
            dossier = services.dossier_request(actor=self.request.user, assessment=form.cleaned_data["assessment"],
                                               kind=form.cleaned_data["kind"])
        except ApplicationError as error:
            form_refusal(form, error)
            return self.form_invalid(form)
        return redirect("dossier-detail", pk=dossier.pk)


class DossierPreflightView(PredicateRequiredMixin, TemplateView):
    """生成前检查: every blocker of a final dossier for the chosen (or latest) assessment, each with
    a link to the page that fixes it."""

    predicate = can_view_assessment
    template_name = "dossier/dossier_preflight.html"

    def get_context_data(self, **kwargs):
        chosen = self.request.GET.get("assessment", "")
        assessment = (get_object_or_404(Assessment, pk=chosen) if chosen.isdigit() else assessment_latest())
        return super().get_context_data(
            assessment=assessment, assessments=Assessment.objects.order_by("-year", "-created_at"),
            **preflight_report(assessment=assessment, as_of=timezone.localdate()),
            can_build=can_build_dossier(self.request.user), **kwargs)


class DossierDetailView(PredicateRequiredMixin, DetailView):
    predicate = can_view_assessment
    template_name = "dossier/dossier_detail.html"
    queryset = Dossier.objects.select_related("job", "requested_by", "assessment")
    context_object_name = "dossier"

    def get_context_data(self, **kwargs):
        services.dossier_follow_job(self.object)  # a dead worker's job shows failed, and may be re-run
        return super().get_context_data(job=self.object.job, **kwargs)


class DossierRerunView(PredicateRequiredMixin, View):
    """The declared move 重新生成 (workflows.py): refused (403) unless the user may make it now."""

    predicate = can_build_dossier

    def post(self, request, pk):
        dossier = get_object_or_404(Dossier.objects.select_related("job"), pk=pk)
        services.dossier_follow_job(dossier)
        if not DOSSIER_WORKFLOW.allows(dossier, request.user, "rerun"):
            raise PermissionDenied
        try:
            services.dossier_rerun(actor=request.user, dossier=dossier)
        except ApplicationError as error:
            message_refusal(request, error)
        return redirect("dossier-detail", pk=pk)


class OrganisationProfileView(PredicateRequiredMixin, FormView):
    predicate = can_build_dossier
    template_name = "dossier/organisation_profile.html"
    form_class = OrganisationProfileForm

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "instance": organisation_profile()}

    def form_valid(self, form):
        try:
            services.organisation_profile_update(actor=self.request.user, **form.cleaned_data)
        except ApplicationError as error:
            form_refusal(form, error)
            return self.form_invalid(form)
        messages.success(self.request, "已保存单位信息。")
        return redirect("organisation-profile")
