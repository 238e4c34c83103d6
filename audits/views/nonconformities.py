from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import FormView, TemplateView

from qms.core.errors import ApplicationError
from qms.core.viewmixins import PredicateRequiredMixin
from qms.core.workflow import events_for

from .. import services
from ..documents import build_nonconformity_report_docx, build_register_xlsx
from ..forms import AcknowledgeForm, NonconformityForm, ReasonForm, RegisterFilterForm
from ..models import Nonconformity
from ..permissions import (
    can_answer_nonconformity,
    can_raise_nonconformity,
    can_view_nonconformities,
    can_view_nonconformity,
)
from ..selectors.nonconformities import (
    RegisterFilters,
    current_action,
    current_action_prefetch,
    is_overdue,
    register_queryset,
    register_rows,
)
from ..selectors.reports import nonconformity_report_context, register_context
from ..workflows import NONCONFORMITY_WORKFLOW
from .common import DOCX_TYPE, XLSX_TYPE, file_response, refuse
from .corrective_actions import step_forms


def _filters(request) -> tuple[RegisterFilterForm, RegisterFilters, str]:
    form = RegisterFilterForm(request.GET or None)
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        filters = RegisterFilters(year=data["year"], department_id=data["department"].pk if data["department"] else None,
                                  grade=data["grade"], status=data["status"], overdue=data["overdue"])
        parts = [f"{form.fields[k].label}：{v}" for k, v in (
            ("year", data["year"]), ("department", data["department"]),
            ("grade", dict(form.fields["grade"].choices).get(data["grade"]) if data["grade"] else ""),
            ("status", data["status"]), ("overdue", _("是") if data["overdue"] else "")) if v]
        return form, filters, "  ".join(str(p) for p in parts)
    return form, RegisterFilters(), ""


class NonconformityListView(PredicateRequiredMixin, TemplateView):
    """The register on screen, with the same filters as its Excel export."""

    predicate = can_view_nonconformities
    template_name = "audits/nonconformity_list.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        form, filters, _text = _filters(self.request)
        rows = register_rows(register_queryset(self.request.user, filters))
        context.update(form=form, rows=rows, query=self.request.GET.urlencode(),
                       can_raise=can_raise_nonconformity(self.request.user, "complaint"))
        return context


class NonconformityExportView(PredicateRequiredMixin, View):
    predicate = can_view_nonconformities

    def get(self, request):
        _form, filters, text = _filters(request)
        context = register_context(register_queryset(request.user, filters), filters_text=text)
        stamp = timezone.localdate().strftime("%Y%m%d")
        return file_response(build_register_xlsx(context), f"不符合项台账-{stamp}.xlsx", XLSX_TYPE)


class NonconformityCreateView(PredicateRequiredMixin, FormView):
    """Record a nonconformity from a source other than an internal audit."""

    predicate = staticmethod(lambda user: can_raise_nonconformity(user, "complaint"))
    form_class = NonconformityForm
    template_name = "audits/nonconformity_form.html"

    def form_valid(self, form):
        try:
            nc = services.nonconformity_raise(actor=self.request.user, **form.cleaned_data)
        except ApplicationError as error:
            refuse(form, error)
            return self.form_invalid(form)
        messages.success(self.request, _("已登记不符合项 %(n)s。") % {"n": nc.number})
        return redirect("nonconformity-detail", pk=nc.pk)


class NonconformityMixin(PredicateRequiredMixin):
    predicate = can_view_nonconformities

    def dispatch(self, request, *args, **kwargs):
        self.nonconformity = get_object_or_404(Nonconformity, pk=kwargs["pk"])
        if request.user.is_authenticated and not can_view_nonconformity(request.user, self.nonconformity):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class NonconformityDetailView(NonconformityMixin, TemplateView):
    template_name = "audits/nonconformity_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        nc = (Nonconformity.objects.select_related("department", "standard", "audit", "checklist_item",
                                                   "raised_by", "acknowledged_by")
              .prefetch_related(current_action_prefetch(), "actions__attachments").get(pk=self.nonconformity.pk))
        action = current_action(nc)
        context.update(
            nc=nc, action=action, actions=list(nc.actions.all()),
            overdue=bool(action) and not nc.is_closed and is_overdue(action),
            steps=step_forms(user, action) if action and not nc.is_closed else [],
            timeline=events_for([nc, *nc.actions.all()]),
            can_acknowledge=can_answer_nonconformity(user, nc) and not nc.acknowledged_by_id and not nc.is_closed,
            acknowledge_form=AcknowledgeForm(), reopen_form=ReasonForm(),
            item_attachments=list(nc.checklist_item.attachments.all()) if nc.checklist_item else [],
        )
        return context


class NonconformityAcknowledgeView(NonconformityMixin, View):
    def post(self, request, pk):
        form = AcknowledgeForm(request.POST)
        form.is_valid()
        try:
            services.nonconformity_acknowledge(actor=request.user, nonconformity=self.nonconformity,
                                               note=form.cleaned_data.get("note", ""))
            messages.success(request, _("已确认。"))
        except ApplicationError as error:
            refuse(form, error)
            messages.error(request, error.message)
        return redirect("nonconformity-detail", pk=pk)


class NonconformityReopenView(NonconformityMixin, FormView):
    form_class = ReasonForm
    template_name = "audits/action_form.html"

    def dispatch(self, request, *args, **kwargs):
        nonconformity = get_object_or_404(Nonconformity, pk=kwargs["pk"])
        if not NONCONFORMITY_WORKFLOW.allows(nonconformity, request.user, "reopen"):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def form_valid(self, form):
        try:
            services.nonconformity_reopen(actor=self.request.user, nonconformity=self.nonconformity,
                                          reason=form.cleaned_data["reason"])
        except ApplicationError as error:
            refuse(form, error)
            return self.form_invalid(form)
        messages.success(self.request, _("已重新打开，等待部门提交新一轮纠正措施。"))
        return redirect("nonconformity-detail", pk=self.nonconformity.pk)

    def get_context_data(self, **kwargs):
        return super().get_context_data(title=_("重新打开 %(n)s") % {"n": self.nonconformity.number},
                                        nc=self.nonconformity, **kwargs)


class NonconformityReportView(NonconformityMixin, View):
    def get(self, request, pk):
        data = build_nonconformity_report_docx(nonconformity_report_context(self.nonconformity))
        return file_response(data, f"不符合项报告-{self.nonconformity.number}.docx", DOCX_TYPE)


class NonconformityFromCheckView(PredicateRequiredMixin, View):
    """POST: raise a nonconformity from a 不符合 implementation check in one step."""

    predicate = staticmethod(lambda user: can_raise_nonconformity(user, "implementation_check"))

    def post(self, request, check_pk):
        from standards.models import ImplementationCheck

        check = get_object_or_404(ImplementationCheck, pk=check_pk)
        try:
            nonconformity = services.nonconformity_raise_from_check(
                actor=request.user, check=check, grade=request.POST.get("grade") or "minor")
        except ApplicationError as error:
            messages.error(request, error.message)
            return redirect("check-detail", check.pk)
        messages.success(request, _("已开具不符合项 %(n)s。") % {"n": nonconformity.number})
        return redirect("nonconformity-detail", nonconformity.pk)
