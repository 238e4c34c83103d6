"""Scoring templates: import from Excel, load the example, edit sections and items, export."""

from decimal import Decimal

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import DetailView, FormView

from qms.core.errors import ApplicationError
from qms.core.viewmixins import PredicateRequiredMixin, ServiceFormMixin, message_refusal
from standards.views.system_table import StandardImportView

from .. import selectors, services
from ..documents.sheets import scoring_template_xlsx
from ..forms import ItemForm, SectionForm, TemplateForm, TemplateImportForm
from ..models import ScoringItem, ScoringSection, ScoringTemplate
from ..permissions import can_edit_assessment, can_view_assessment
from .common import XLSX, download


class TemplateImportView(StandardImportView):
    """Upload -> preview (sections and items read, every bad row named) -> confirm: the shared
    import flow, the file waiting as an import batch with the name, pass line and step asked for."""

    predicate = can_edit_assessment
    template_name = "assessment/template_import.html"
    session_key = "scoring_template_import"
    form_class = TemplateImportForm
    file_field = "upload"
    url_name = "scoring-template-import"

    def import_options(self, form) -> dict:
        data = form.cleaned_data
        return {"name": data["name"], "step": str(data["step"]),
                "pass_line": str(data["pass_line"]) if data["pass_line"] is not None else None}

    def _options(self) -> dict:
        pass_line = self.options.get("pass_line")
        return {"name": self.options["name"], "step": Decimal(self.options["step"]),
                "pass_line": Decimal(pass_line) if pass_line is not None else None}

    def plan_preview(self, upload, filename):
        return services.template_import_preview(upload=upload, filename=filename, **self._options())

    def plan_import(self, upload, filename):
        template = services.template_import(actor=self.request.user, upload=upload, **self._options())
        return services.TemplateImportPlan(filename=filename, name=template.name, template=template)

    def can_confirm(self, plan) -> bool:
        return not plan.errors and bool(plan.sections)

    def plan_counts(self, plan) -> dict:
        if plan.template is not None:
            return {"template": plan.template.pk, "sections": plan.template.sections.count(),
                    "items": ScoringItem.objects.filter(section__template=plan.template).count()}
        return {"sections": plan.counts["sections"], "items": plan.counts["items"]}

    def done_message(self, plan) -> str:
        return f"已导入计分表“{plan.template.name}”。"

    def done_redirect(self, plan):
        return redirect("scoring-template-detail", pk=plan.template.pk)


class TemplateExampleView(PredicateRequiredMixin, View):
    predicate = can_edit_assessment

    def post(self, request):
        template = services.template_load_example(actor=request.user)
        messages.info(request, "已载入示例模板。示例分值未经任何省份核实，正式自评前请导入本省计分表。")
        return redirect("scoring-template-detail", pk=template.pk)


class TemplateDetailView(PredicateRequiredMixin, DetailView):
    predicate = can_view_assessment
    model = ScoringTemplate
    template_name = "assessment/template_detail.html"
    context_object_name = "template"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            sections=self.object.sections.prefetch_related("items"),
            problems=services.template_problems(self.object),
            can_edit=can_edit_assessment(self.request.user), **kwargs)


class TemplateExportView(PredicateRequiredMixin, View):
    predicate = can_view_assessment

    def get(self, request, pk):
        template = get_object_or_404(ScoringTemplate, pk=pk)
        data = scoring_template_xlsx(selectors.template_export_context(template))
        return download(data, f"{template.name}.xlsx", XLSX)


class _EditView(PredicateRequiredMixin, ServiceFormMixin, FormView):
    """Model form views whose `save(data)` calls one service; back to the template's page."""

    predicate = can_edit_assessment
    template_name = "assessment/template_part_form.html"
    success_message = gettext_lazy("已保存。")

    def perform(self, form):
        self.save(form.cleaned_data)
        return ("scoring-template-detail", self.template.pk)

    def get_context_data(self, **kwargs):
        return super().get_context_data(template=self.template, **kwargs)


class TemplateUpdateView(_EditView):
    form_class = TemplateForm

    def dispatch(self, request, *args, **kwargs):
        self.template = get_object_or_404(ScoringTemplate, pk=kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "instance": ScoringTemplate.objects.get(pk=self.template.pk)}

    def save(self, data):
        services.template_update(actor=self.request.user, template=self.template, **data)


class SectionCreateView(_EditView):
    form_class = SectionForm

    def dispatch(self, request, *args, **kwargs):
        self.template = get_object_or_404(ScoringTemplate, pk=kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def save(self, data):
        if not data.get("order"):
            data.pop("order", None)
        services.section_save(actor=self.request.user, template=self.template, **data)


class SectionUpdateView(_EditView):
    form_class = SectionForm

    def dispatch(self, request, *args, **kwargs):
        self.section = get_object_or_404(ScoringSection, pk=kwargs["pk"])
        self.template = self.section.template
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "instance": ScoringSection.objects.get(pk=self.section.pk)}

    def save(self, data):
        services.section_save(actor=self.request.user, template=self.template, section=self.section, **data)


class ItemCreateView(_EditView):
    form_class = ItemForm

    def dispatch(self, request, *args, **kwargs):
        self.section = get_object_or_404(ScoringSection, pk=kwargs["pk"])
        self.template = self.section.template
        return super().dispatch(request, *args, **kwargs)

    def save(self, data):
        if not data.get("order"):
            data.pop("order", None)
        services.item_save(actor=self.request.user, section=self.section, **data)


class ItemUpdateView(_EditView):
    form_class = ItemForm

    def dispatch(self, request, *args, **kwargs):
        self.item = get_object_or_404(ScoringItem.objects.select_related("section__template"), pk=kwargs["pk"])
        self.template = self.item.section.template
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "instance": ScoringItem.objects.get(pk=self.item.pk)}

    def save(self, data):
        services.item_save(actor=self.request.user, section=self.item.section, item=self.item, **data)


class SectionDeleteView(PredicateRequiredMixin, View):
    predicate = can_edit_assessment

    def post(self, request, pk):
        section = get_object_or_404(ScoringSection, pk=pk)
        try:
            services.section_delete(actor=request.user, section=section)
        except ApplicationError as error:
            message_refusal(request, error)
        return redirect("scoring-template-detail", pk=section.template_id)


class ItemDeleteView(PredicateRequiredMixin, View):
    predicate = can_edit_assessment

    def post(self, request, pk):
        item = get_object_or_404(ScoringItem.objects.select_related("section"), pk=pk)
        try:
            services.item_delete(actor=request.user, item=item)
        except ApplicationError as error:
            message_refusal(request, error)
        return redirect("scoring-template-detail", pk=item.section.template_id)
