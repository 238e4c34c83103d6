"""The dossier pages (request, pre-flight checks, progress, download, re-run) and the organisation
profile page."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.views import View
from django.views.generic import DetailView, FormView, TemplateView

from qms.assessment.models import Assessment
from qms.assessment.permissions import can_view_assessment
from qms.assessment.selectors import assessment_latest
from qms.core.errors import ApplicationError
from qms.core.jobs import job_refresh
from qms.core.viewmixins import PredicateRequiredMixin, form_refusal, message_refusal
from qms.org.selectors import organisation_profile
from standards.selectors import adopted_flagged

from . import selectors, services
from .forms import DossierRequestForm, OrganisationProfileForm
from .models import Dossier
from .preflight import dossier_preflight
from .sections import SECTIONS


class DossierListView(PredicateRequiredMixin, FormView):
    predicate = can_view_assessment
    template_name = "dossier/dossier_list.html"
    form_class = DossierRequestForm

    def get_context_data(self, **kwargs):
        assessment = assessment_latest()
        return super().get_context_data(dossiers=selectors.dossier_list()[:50], sections=SECTIONS,
                                        profile=organisation_profile(), validity_flagged=adopted_flagged(),
                                        assessment=assessment,
                                        blockers=dossier_preflight(assessment=assessment, as_of=timezone.localdate()),
                                        can_build=services.can_build_dossier(self.request.user), **kwargs)

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
            blockers=dossier_preflight(assessment=assessment, as_of=timezone.localdate()),
            can_build=services.can_build_dossier(self.request.user), **kwargs)


class DossierDetailView(PredicateRequiredMixin, DetailView):
    predicate = can_view_assessment
    template_name = "dossier/dossier_detail.html"
    queryset = Dossier.objects.select_related("job", "requested_by", "assessment")
    context_object_name = "dossier"

    def get_context_data(self, **kwargs):
        return super().get_context_data(job=job_refresh(self.object.job),
                                        can_build=services.can_build_dossier(self.request.user), **kwargs)


class DossierRerunView(PredicateRequiredMixin, View):
    predicate = services.can_build_dossier

    def post(self, request, pk):
        dossier = get_object_or_404(Dossier, pk=pk)
        try:
            services.dossier_rerun(actor=request.user, dossier=dossier)
        except ApplicationError as error:
            message_refusal(request, error)
        return redirect("dossier-detail", pk=pk)


class OrganisationProfileView(PredicateRequiredMixin, FormView):
    predicate = services.can_build_dossier
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
