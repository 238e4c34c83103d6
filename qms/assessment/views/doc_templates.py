"""The office's own .docx templates for the fixed-layout documents."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect
from django.views import View
from django.views.generic import FormView

from qms.core.errors import ApplicationError
from qms.core.viewmixins import PredicateRequiredMixin, form_refusal

from .. import selectors, services
from ..documents.default_templates import CONTEXT_HELP
from ..forms import DocumentTemplateForm
from ..models import DocumentTemplate
from ..permissions import can_edit_assessment
from .common import DOCX, download


class DocumentTemplateListView(PredicateRequiredMixin, FormView):
    predicate = can_edit_assessment
    template_name = "assessment/document_template_list.html"
    form_class = DocumentTemplateForm

    def get_context_data(self, **kwargs):
        active = {t.kind: t for t in DocumentTemplate.objects.filter(is_active=True).select_related("uploaded_by")}
        kinds = [(value, label, active.get(value)) for value, label in DocumentTemplate.Kind.choices]
        return super().get_context_data(kinds=kinds, context_help=CONTEXT_HELP, **kwargs)

    def form_valid(self, form):
        try:
            services.document_template_upload(actor=self.request.user, **form.cleaned_data)
        except ApplicationError as error:
            form_refusal(form, error)
            return self.form_invalid(form)
        messages.success(self.request, "已启用新模板。")
        return redirect("document-template-list")


class DocumentTemplateResetView(PredicateRequiredMixin, View):
    predicate = can_edit_assessment

    def post(self, request, kind):
        services.document_template_deactivate(actor=request.user, kind=kind)
        messages.success(request, "已恢复系统默认模板。")
        return redirect("document-template-list")


class DocumentTemplateDownloadView(PredicateRequiredMixin, View):
    predicate = can_edit_assessment

    def get(self, request, kind):
        if kind not in DocumentTemplate.Kind.values:
            raise Http404
        return download(selectors.document_template_bytes(kind), f"{kind}.docx", DOCX)
