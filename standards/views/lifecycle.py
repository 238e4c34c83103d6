"""Periodic reviews (复审), change requests (修订申请) and the overview of the standards' life."""

from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView

from qms.core.viewmixins import MovePageMixin

from .. import selectors, services
from ..forms_lifecycle import ChangeRequestForm, DecideForm, PeriodicReviewForm
from ..models import ChangeRequest, Consultation, Edition, EditionStatus, Standard
from ..permissions import can_edit_standards
from ..workflows import CHANGE_REQUEST_WORKFLOW
from .base import ServiceFormView


class LifecycleOverviewView(TemplateView):
    """标准实施: the figures and what is waiting for the current user."""

    template_name = "standards/lifecycle_overview.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        waiting = Edition.objects.filter(status__in=[EditionStatus.REVIEW, EditionStatus.PENDING_APPROVAL])
        context.update(
            implementation=selectors.implementation_rate(), participation=selectors.participation_rate(),
            acknowledgement=selectors.acknowledgement_rate(), year=timezone.localdate().year,
            due=selectors.reviews_due(), owed=selectors.acknowledgements_owed(user)[:10],
            workflow=waiting.select_related("standard").order_by("updated_at"),
            consultations=Consultation.objects.filter(status="open").select_related("edition__standard"),
            requests=ChangeRequest.objects.filter(status="open").select_related("standard")[:10],
            needing_nc=selectors.checks_needing_nonconformity().filter(
                id__in=selectors.checks_for_user(self.request.user).values("id"))[:10],
        )
        return context


class ReviewListView(TemplateView):
    template_name = "standards/review_list.html"

    def get_context_data(self, **kwargs):
        rows = selectors.reviews_due()
        return super().get_context_data(
            overdue=[r for r in rows if r.overdue], coming=[r for r in rows if not r.overdue],
            can_edit=can_edit_standards(self.request.user), **kwargs)


class PeriodicReviewCreateView(ServiceFormView):
    form_class = PeriodicReviewForm
    heading = gettext_lazy("复审")
    success_message = gettext_lazy("已记录复审结论。")

    def load(self):
        self.standard = get_object_or_404(Standard, pk=self.kwargs["pk"])

    def allowed(self, user):
        return can_edit_standards(user)

    def perform(self, form):
        return services.periodic_review_record(actor=self.request.user, standard=self.standard, **form.cleaned_data)

    def success_redirect(self, review):
        if review.revision_id:
            return "edition-detail", review.revision_id
        return "standard-detail", self.standard.pk

    def get_context_data(self, **kwargs):
        history = self.standard.periodic_reviews.select_related("reviewed_by", "edition")
        return super().get_context_data(standard=self.standard, reviews=history, **kwargs)


class ChangeRequestListView(TemplateView):
    """The office sees every request; others see their own."""

    template_name = "standards/change_request_list.html"

    def get_context_data(self, **kwargs):
        user = self.request.user
        rows = ChangeRequest.objects.select_related("standard", "requested_by", "decided_by", "revision")
        if not can_edit_standards(user):
            rows = rows.filter(requested_by=user)
        return super().get_context_data(requests=rows, can_edit=can_edit_standards(user), **kwargs)


class ChangeRequestCreateView(ServiceFormView):
    form_class = ChangeRequestForm
    heading = gettext_lazy("提出修订申请")
    success_message = gettext_lazy("修订申请已提交，标准化办公室处理后会通知您。")

    def load(self):
        self.standard = get_object_or_404(Standard, pk=self.kwargs["pk"])

    def perform(self, form):
        return services.change_request_create(actor=self.request.user, standard=self.standard, **form.cleaned_data)

    def success_redirect(self, request):
        return ("change-request-list",)

    def get_context_data(self, **kwargs):
        return super().get_context_data(standard=self.standard, **kwargs)


class ChangeRequestDecideView(MovePageMixin, ServiceFormView):
    workflow = CHANGE_REQUEST_WORKFLOW
    moves = ("accept", "decline")
    decision_moves = {"accept": "accept", "decline": "decline"}
    form_class = DecideForm
    heading = gettext_lazy("处理修订申请")
    success_message = gettext_lazy("已处理修订申请，并已通知申请人。")

    def load(self):
        self.change_request = get_object_or_404(ChangeRequest.objects.select_related("standard"), pk=self.kwargs["pk"])
        self.subject = self.change_request

    def get_initial(self):
        return {"decision": self.request.GET.get("move", "accept")}

    def perform(self, form):
        data = form.cleaned_data
        if data["decision"] == "accept":
            return services.change_request_accept(actor=self.request.user, request=self.change_request,
                                                  note=data["note"])
        return services.change_request_decline(actor=self.request.user, request=self.change_request,
                                               reason=data["note"])

    def success_redirect(self, request):
        return ("change-request-list",)

    def get_context_data(self, **kwargs):
        return super().get_context_data(change_request=self.change_request,
                                        standard=self.change_request.standard, **kwargs)


