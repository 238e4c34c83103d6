"""The checklist: generated and edited before the audit; on a tablet during it, each item is
saved on its own (htmx), so a slow or broken connection never loses the rest of the sheet."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView

from qms.core.errors import ApplicationError, PermissionRefused
from qms.core.files import protected_file_response
from qms.core.viewmixins import PredicateRequiredMixin, message_refusal

from .. import services
from ..forms import ChecklistItemAddForm, ChecklistRecordForm
from ..models import Attachment, Audit, ChecklistItem
from ..permissions import can_manage_audits, can_view_audits, can_view_nonconformity
from ..selectors.audits import audit_detail, checklist_for_audit, checklist_progress


class ChecklistView(PredicateRequiredMixin, TemplateView):
    """The tablet page: one card per item, large targets, per-item save."""

    predicate = can_view_audits
    template_name = "audits/audit_checklist.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        audit = get_object_or_404(Audit, pk=self.kwargs["pk"])
        department = self.request.GET.get("department", "")
        items = checklist_for_audit(audit)
        if department.isdigit():
            items = items.filter(department_id=int(department))
        context.update(audit=audit_detail(audit.pk), items=items, progress=checklist_progress(audit),
                       department=department, can_record=can_manage_audits(self.request.user))
        return context


class ChecklistItemRecordView(PredicateRequiredMixin, View):
    """POST one item's result; answers with the item's card (the htmx swap target)."""

    predicate = can_manage_audits

    def post(self, request, pk):
        item = get_object_or_404(ChecklistItem.objects.select_related("audit"), pk=pk)
        form = ChecklistRecordForm(request.POST, request.FILES)
        error, saved = None, False
        if form.is_valid():
            data = dict(form.cleaned_data)
            try:
                item = services.checklist_item_record(
                    actor=request.user, item=item, result=data["result"], evidence=data["evidence"],
                    grade=data["grade"], description=data["description"], clause=data["clause"],
                    expected_version=data["version"], upload=data["upload"])
                saved = True
            except PermissionRefused as refusal:
                raise PermissionDenied(refusal.message) from refusal
            except ApplicationError as refusal:
                error = refusal.message
        else:
            error = "；".join(e for errors in form.errors.values() for e in errors)
        item = checklist_for_audit(item.audit).get(pk=item.pk)
        context = {"item": item, "audit": item.audit, "can_record": True, "saved": saved, "error": error,
                   "posted": None if saved else request.POST}
        if not request.headers.get("HX-Request"):
            if error:
                messages.error(request, error)
            return redirect(f"{reverse('audit-checklist', args=[item.audit_id])}#item-{item.pk}")
        return render(request, "audits/_checklist_item.html", context)


class ChecklistGenerateView(PredicateRequiredMixin, View):
    predicate = can_manage_audits

    def post(self, request, pk):
        audit = get_object_or_404(Audit, pk=pk)
        try:
            added = services.checklist_generate(actor=request.user, audit=audit)
            messages.success(request, _("已按审核范围生成 %(n)d 个检查项。") % {"n": added})
        except PermissionRefused as refusal:
            raise PermissionDenied(refusal.message) from refusal
        except ApplicationError as refusal:
            message_refusal(request, refusal)
        return redirect("audit-detail", pk=pk)


class ChecklistItemAddView(PredicateRequiredMixin, View):
    predicate = can_manage_audits

    def post(self, request, pk):
        audit = get_object_or_404(Audit, pk=pk)
        form = ChecklistItemAddForm(request.POST)
        if not form.is_valid():
            messages.error(request, _("请填写检查内容。"))
            return redirect("audit-detail", pk=pk)
        try:
            services.checklist_item_add(actor=request.user, audit=audit, **form.cleaned_data)
            messages.success(request, _("已添加检查项。"))
        except PermissionRefused as refusal:
            raise PermissionDenied(refusal.message) from refusal
        except ApplicationError as refusal:
            message_refusal(request, refusal)
        return redirect("audit-detail", pk=pk)


class ChecklistItemDeleteView(PredicateRequiredMixin, View):
    predicate = can_manage_audits

    def post(self, request, pk):
        item = get_object_or_404(ChecklistItem, pk=pk)
        try:
            services.checklist_item_delete(actor=request.user, item=item)
        except PermissionRefused as refusal:
            raise PermissionDenied(refusal.message) from refusal
        except ApplicationError as refusal:
            message_refusal(request, refusal)
        return redirect("audit-detail", pk=item.audit_id)


class AttachmentDownloadView(View):
    """Evidence files: for whoever may see the audit, or the nonconformity they belong to."""

    def get(self, request, pk):
        attachment = get_object_or_404(
            Attachment.objects.select_related("corrective_action__nonconformity"), pk=pk)
        action = attachment.corrective_action
        allowed = can_view_audits(request.user) or (
            action is not None and can_view_nonconformity(request.user, action.nonconformity))
        if not allowed:
            raise PermissionDenied
        return protected_file_response(attachment.file, filename=attachment.name)
