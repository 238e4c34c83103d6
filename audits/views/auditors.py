"""The register of internal auditors (内审员名册) and the audit-point library (审核要点).
Thin: one service per write."""

from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.generic import FormView, TemplateView

from qms.core.viewmixins import PredicateRequiredMixin, ServiceFormMixin

from ..auditor_forms import AuditPointForm, QualificationForm
from ..models import AuditorQualification, AuditPoint
from ..permissions import can_manage_audit_points, can_manage_auditors, can_view_audits
from ..selectors.auditors import EXPIRY_WARNING_DAYS, audit_points_grouped, auditor_register
from ..services import audit_point_add, audit_point_update, qualification_add, qualification_update


class AuditorListView(PredicateRequiredMixin, TemplateView):
    predicate = can_view_audits
    template_name = "audits/auditor_list.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(rows=auditor_register(timezone.localdate()),
                                        can_manage=can_manage_auditors(self.request.user),
                                        warning_days=EXPIRY_WARNING_DAYS, **kwargs)


class QualificationCreateView(PredicateRequiredMixin, ServiceFormMixin, FormView):
    predicate = can_manage_auditors
    template_name = "audits/auditor_form.html"
    form_class = QualificationForm
    success_message = _("已登记。")
    extra_context = {"title": _("登记内审员资格")}

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "actor": self.request.user}

    def get_initial(self):
        auditor = self.request.GET.get("auditor", "")
        return {"auditor": int(auditor)} if auditor.isdigit() else {}

    def perform(self, form):
        qualification_add(actor=self.request.user, **form.cleaned_data)
        return reverse("auditor-list")


class QualificationUpdateView(PredicateRequiredMixin, ServiceFormMixin, FormView):
    predicate = can_manage_auditors
    template_name = "audits/auditor_form.html"
    form_class = QualificationForm
    success_message = _("已保存。")

    def dispatch(self, request, *args, **kwargs):
        self.qualification = get_object_or_404(AuditorQualification.objects.select_related("auditor"),
                                               pk=kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "editing": True}

    def get_initial(self):
        q = self.qualification
        return {name: getattr(q, name) for name in ("course", "issuer", "certificate_number", "obtained_on",
                                                     "expires_on", "note")}

    def get_context_data(self, **kwargs):
        return super().get_context_data(title=f"{_('修改内审员资格')} {self.qualification.auditor.display_name}",
                                         **kwargs)

    def perform(self, form):
        qualification_update(actor=self.request.user, qualification=self.qualification, **form.cleaned_data)
        return reverse("auditor-list")


class AuditPointListView(PredicateRequiredMixin, TemplateView):
    predicate = can_view_audits
    template_name = "audits/audit_point_list.html"

    def get_context_data(self, **kwargs):
        standard = self.request.GET.get("standard", "")
        return super().get_context_data(groups=audit_points_grouped(int(standard) if standard.isdigit() else None),
                                        can_manage=can_manage_audit_points(self.request.user), **kwargs)


class AuditPointCreateView(PredicateRequiredMixin, ServiceFormMixin, FormView):
    predicate = can_manage_audit_points
    template_name = "audits/audit_point_form.html"
    form_class = AuditPointForm
    success_message = _("已保存。")
    extra_context = {"title": _("编写审核要点")}

    def get_initial(self):
        standard = self.request.GET.get("standard", "")
        return {"standard": int(standard)} if standard.isdigit() else {}

    def perform(self, form):
        data = dict(form.cleaned_data)
        data.pop("is_active", None)
        point = audit_point_add(actor=self.request.user, **data)
        return reverse("audit-point-list") + f"?standard={point.standard_id}"


class AuditPointUpdateView(PredicateRequiredMixin, ServiceFormMixin, FormView):
    predicate = can_manage_audit_points
    template_name = "audits/audit_point_form.html"
    form_class = AuditPointForm
    success_message = _("已保存。")

    def dispatch(self, request, *args, **kwargs):
        self.point = get_object_or_404(AuditPoint.objects.select_related("standard"), pk=kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def get_initial(self):
        p = self.point
        return {"standard": p.standard_id, "edition_number": p.edition_number, "clause": p.clause, "text": p.text,
                "method": p.method, "order": p.order, "is_active": p.is_active}

    def get_context_data(self, **kwargs):
        return super().get_context_data(title=f"{_('修改审核要点')} {self.point}", **kwargs)

    def perform(self, form):
        data = dict(form.cleaned_data)
        if data.get("order") is None:
            data["order"] = self.point.order
        audit_point_update(actor=self.request.user, point=self.point, **data)
        return reverse("audit-point-list") + f"?standard={self.point.standard_id}"
