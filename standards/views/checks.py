"""Implementation checks (标准实施检查) and 实施率."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import DetailView, TemplateView

from qms.core.files import protected_file_response
from qms.core.viewmixins import PredicateRequiredMixin

from .. import selectors, services
from ..forms_lifecycle import CheckForm
from ..models import CheckEvidence, ImplementationCheck
from ..permissions import can_record_checks, can_view_check
from .base import ServiceFormView


class CheckListView(TemplateView):
    template_name = "standards/check_list.html"

    def get_context_data(self, **kwargs):
        checks = selectors.checks_for_user(self.request.user).select_related("standard", "department", "checker")[:200]
        return super().get_context_data(
            checks=checks, rate=selectors.implementation_rate(), coverage=selectors.check_coverage(),
            needing_nc=selectors.checks_needing_nonconformity().filter(
                id__in=selectors.checks_for_user(self.request.user).values("id")),
            can_record=can_record_checks(self.request.user), **kwargs)


class CheckCreateView(PredicateRequiredMixin, ServiceFormView):
    predicate = can_record_checks
    form_class = CheckForm
    heading = gettext_lazy("登记实施检查")

    def get_initial(self):
        return {"checked_on": timezone.localdate(), "standard": self.request.GET.get("standard")}

    def perform(self, form):
        check = services.implementation_check_record(actor=self.request.user, **form.cleaned_data)
        if check.needs_nonconformity:
            messages.warning(self.request, _("检查结果为“不符合”：请据此开具不符合项并跟踪纠正措施。"))
        else:
            messages.success(self.request, _("已登记实施检查。"))
        return check

    def success_redirect(self, check):
        return "check-detail", check.pk


class CheckDetailView(DetailView):
    template_name = "standards/check_detail.html"
    context_object_name = "check"
    queryset = ImplementationCheck.objects.select_related("standard", "edition", "department", "checker")

    def get_object(self, queryset=None):
        check = super().get_object(queryset)
        if not can_view_check(self.request.user, check):
            raise PermissionDenied
        return check


class EvidenceDownloadView(View):
    def get(self, request, pk):
        evidence = get_object_or_404(CheckEvidence.objects.select_related("check_record"), pk=pk)
        if not can_view_check(request.user, evidence.check_record):
            raise PermissionDenied
        return protected_file_response(evidence.file, filename=evidence.name)
