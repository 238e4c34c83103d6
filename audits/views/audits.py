from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import FormView, TemplateView

from qms.core.errors import ApplicationError
from qms.core.viewmixins import PredicateRequiredMixin, message_refusal
from qms.core.workflow import events_for

from .. import services
from ..documents import build_audit_report_docx
from ..forms import (
    AuditCompleteForm,
    AuditCopyForm,
    AuditForm,
    AuditStartForm,
    ChecklistItemAddForm,
    ReasonForm,
)
from ..models import Audit, AuditProgramme, AuditStatus
from ..permissions import can_manage_audits, can_view_audits
from ..selectors.audits import audit_detail, checklist_for_audit, checklist_progress
from ..selectors.reports import audit_observations, audit_report_context
from ..workflows import AUDIT_WORKFLOW
from .common import DOCX_TYPE, file_response, refuse

M2M = ("departments", "nodes", "standards", "team")


class AuditFormMixin(PredicateRequiredMixin):
    predicate = can_manage_audits
    form_class = AuditForm
    template_name = "audits/audit_form.html"

    def split(self, form):
        data = dict(form.cleaned_data)
        return {k: list(data.pop(k)) for k in M2M}, data


class AuditCreateView(AuditFormMixin, FormView):
    def get_initial(self):
        initial = {"lead_auditor": self.request.user}
        year = self.request.GET.get("programme")
        if year and year.isdigit():
            initial["programme"] = AuditProgramme.objects.filter(year=int(year)).first()
        return initial

    def form_valid(self, form):
        relations, data = self.split(form)
        try:
            audit = services.audit_create(actor=self.request.user, **relations, **data)
        except ApplicationError as error:
            refuse(form, error)
            return self.form_invalid(form)
        messages.success(self.request, _("已创建审核 %(n)s。") % {"n": audit.number})
        return redirect("audit-detail", pk=audit.pk)


class AuditUpdateView(AuditFormMixin, FormView):
    def dispatch(self, request, *args, **kwargs):
        self.audit = get_object_or_404(Audit, pk=kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "instance": self.audit}

    def form_valid(self, form):
        relations, data = self.split(form)
        try:
            services.audit_update(actor=self.request.user, audit=self.audit, **relations, **data)
        except ApplicationError as error:
            refuse(form, error)
            return self.form_invalid(form)
        messages.success(self.request, _("已保存。"))
        return redirect("audit-detail", pk=self.audit.pk)

    def get_context_data(self, **kwargs):
        return super().get_context_data(audit=self.audit, **kwargs)


class AuditDetailView(PredicateRequiredMixin, TemplateView):
    predicate = can_view_audits
    template_name = "audits/audit_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        try:
            audit = audit_detail(self.kwargs["pk"])
        except Audit.DoesNotExist as exc:
            raise Http404 from exc
        user = self.request.user
        context.update(
            audit=audit, items=checklist_for_audit(audit), progress=checklist_progress(audit),
            nonconformities=audit.nonconformities.select_related("department").order_by("number"),
            timeline=events_for([audit]), observations=audit_observations(audit),
            can_manage=can_manage_audits(user), add_form=ChecklistItemAddForm(),
            is_team=audit.lead_auditor_id == user.pk or audit.team.filter(pk=user.pk).exists(),
        )
        return context


class AuditStepMixin(PredicateRequiredMixin):
    """Start, complete, cancel or copy an audit: a small form, one service call. A page that makes
    a declared move (`move`) is open only to those the declaration lets make it now."""

    predicate = can_manage_audits
    template_name = "audits/action_form.html"
    title = ""
    move = ""

    def dispatch(self, request, *args, **kwargs):
        self.audit = get_object_or_404(Audit, pk=kwargs["pk"])
        if self.move and not AUDIT_WORKFLOW.allows(self.audit, request.user, self.move):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        return super().get_context_data(audit=self.audit, title=self.title, **kwargs)

    def form_valid(self, form):
        try:
            audit = self.call(form.cleaned_data)
        except ApplicationError as error:
            refuse(form, error)
            return self.form_invalid(form)
        return redirect("audit-detail", pk=audit.pk)


class AuditStartView(AuditStepMixin, FormView):
    move = "start"
    form_class = AuditStartForm
    title = _("开始审核（首次会议）")

    def call(self, data):
        return services.audit_start(actor=self.request.user, audit=self.audit, **data)


class AuditCompleteView(AuditStepMixin, FormView):
    move = "complete"
    form_class = AuditCompleteForm
    title = _("结束审核（末次会议）")

    def get_initial(self):
        return {"summary": self.audit.summary, "closing_notes": self.audit.closing_notes}

    def call(self, data):
        return services.audit_complete(actor=self.request.user, audit=self.audit, **data)


class AuditCancelView(AuditStepMixin, FormView):
    move = "cancel"
    form_class = ReasonForm
    title = _("取消审核")

    def call(self, data):
        return services.audit_cancel(actor=self.request.user, audit=self.audit, reason=data["reason"])


class AuditCopyView(AuditStepMixin, FormView):
    form_class = AuditCopyForm
    title = _("沿用本次审核的范围和检查表，新建审核")

    def call(self, data):
        audit = services.audit_copy_from(actor=self.request.user, source=self.audit, **data)
        changed = audit.items.filter(standard_changed=True).count()
        messages.success(self.request, _("已新建审核 %(n)s；%(c)d 项标准自上次审核后已变更，请核对。")
                         % {"n": audit.number, "c": changed})
        return audit


class AuditReportView(PredicateRequiredMixin, View):
    """The audit report (.docx), built from the same context as the CLI."""

    predicate = can_view_audits

    def get(self, request, pk):
        audit = get_object_or_404(Audit, pk=pk)
        if audit.status == AuditStatus.CANCELLED:
            message_refusal(request, ApplicationError(_("已取消的审核没有报告。")))
            return redirect("audit-detail", pk=pk)
        data = build_audit_report_docx(audit_report_context(audit))
        return file_response(data, f"内审报告-{audit.number}.docx", DOCX_TYPE)
