"""The narratives of the 自评报告 and the 工作总结, section by section: the list (each section's
state, and a button drafting every unfinished one from the records), and one section's page
(its text, the draft the records give today, its history)."""

from django import forms
from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.views import View
from django.views.generic import FormView, TemplateView

from qms.core.errors import ApplicationError
from qms.core.viewmixins import PredicateRequiredMixin, form_refusal, message_refusal

from .. import services
from ..models import Assessment
from ..narrative_records import narrative_records
from ..narratives import NARRATIVES, is_unfinished, narrative_section
from ..permissions import can_edit_assessment, can_view_assessment


class NarrativeListView(PredicateRequiredMixin, TemplateView):
    predicate = can_view_assessment
    template_name = "assessment/narrative_list.html"

    def get_context_data(self, **kwargs):
        assessment = get_object_or_404(Assessment, pk=self.kwargs["pk"])
        sections = [{"section": s, "text": getattr(assessment, s.key), "unfinished": is_unfinished(getattr(
            assessment, s.key))} for s in NARRATIVES]
        return super().get_context_data(assessment=assessment, sections=sections, can_edit=_editable(
            self.request.user, assessment), **kwargs)


def _editable(user, assessment) -> bool:
    return can_edit_assessment(user) and assessment.status == Assessment.Status.DRAFT


def section_history(assessment: Assessment, key: str, limit: int = 20) -> list:
    """The saves that changed this section: (when, who, reason, text), newest first."""
    rows, newer = [], None
    for record in assessment.history.select_related("history_user").order_by("-history_date", "-history_id"):
        if newer is not None and getattr(newer, key) != getattr(record, key):
            rows.append(newer)
        newer = record
    if newer is not None and getattr(newer, key):
        rows.append(newer)
    return [{"when": r.history_date, "who": r.history_user, "reason": r.history_change_reason,
             "text": getattr(r, key)} for r in rows[:limit]]


class SectionForm(forms.Form):
    text = forms.CharField(label="", required=False, widget=forms.Textarea(attrs={"rows": 12, "class": "form-control"}))


class NarrativeSectionView(PredicateRequiredMixin, FormView):
    predicate = can_view_assessment
    template_name = "assessment/narrative_section.html"
    form_class = SectionForm

    def dispatch(self, request, *args, **kwargs):
        self.assessment = get_object_or_404(Assessment.objects.select_related("template"), pk=kwargs["pk"])
        try:
            self.section = narrative_section(kwargs["key"])
        except ApplicationError as error:
            from django.http import Http404

            raise Http404(error.message) from error
        return super().dispatch(request, *args, **kwargs)

    def get_initial(self):
        return {"text": getattr(self.assessment, self.section.key)}

    def get_context_data(self, **kwargs):
        records = narrative_records(assessment=self.assessment, as_of=timezone.localdate())
        return super().get_context_data(assessment=self.assessment, section=self.section,
                                        draft=self.section.compose(records),
                                        history=section_history(self.assessment, self.section.key),
                                        can_edit=_editable(self.request.user, self.assessment), **kwargs)

    def form_valid(self, form):
        if not can_edit_assessment(self.request.user):
            return redirect("assessment-narrative-section", pk=self.assessment.pk, key=self.section.key)
        try:
            services.narrative_save(actor=self.request.user, assessment=self.assessment, key=self.section.key,
                                    text=form.cleaned_data["text"])
        except ApplicationError as error:
            form_refusal(form, error)
            return self.form_invalid(form)
        messages.success(self.request, f"已保存：{self.section.title}")
        return redirect("assessment-narrative-list", pk=self.assessment.pk)


class NarrativeDraftView(PredicateRequiredMixin, View):
    """POST: draft one section (`key`) or every unfinished one (no key) from the records."""

    predicate = can_edit_assessment

    def post(self, request, pk, key=None):
        assessment = get_object_or_404(Assessment, pk=pk)
        try:
            if key:
                services.narrative_draft(actor=request.user, assessment=assessment, key=key)
                messages.success(request, f"已依据记录起草：{narrative_section(key).title}，请审阅修改。")
                return redirect("assessment-narrative-section", pk=pk, key=key)
            titles = services.narrative_draft_unfinished(actor=request.user, assessment=assessment)
            messages.success(request, ("已依据记录起草：" + "、".join(titles)) if titles else "没有未完成的段落。")
        except ApplicationError as error:
            message_refusal(request, error)
        return redirect("assessment-narrative-list", pk=pk)
