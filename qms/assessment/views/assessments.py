"""Self-assessments: the list (with the first step: load the province's sheet), the score sheet
(htmx: each score saves on change and the summary and gap list refresh), evidence, narrative,
submit and revise, and the two exports."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views import View
from django.views.generic import DetailView, FormView, TemplateView

from qms.core.errors import ApplicationError
from qms.core.files import protected_file_response
from qms.core.viewmixins import PredicateRequiredMixin, form_refusal, message_refusal
from qms.core.workflow import events_for

from .. import selectors, services
from ..documents.fixed import render_fixed
from ..documents.sheets import scoring_sheet_xlsx
from ..evidence import evidence_kinds
from ..forms import AssessmentCreateForm, EvidenceFileForm, EvidenceLinkForm, NarrativeForm, ScoreForm
from ..models import Assessment, EvidenceFile, EvidenceLink, Score, ScoringTemplate
from ..permissions import can_edit_assessment, can_view_assessment
from ..workflows import ASSESSMENT_WORKFLOW
from .common import DOCX, XLSX, download


class AssessmentListView(PredicateRequiredMixin, TemplateView):
    predicate = can_view_assessment
    template_name = "assessment/assessment_list.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            assessments=selectors.assessment_list(), templates=ScoringTemplate.objects.all(),
            can_edit=can_edit_assessment(self.request.user), **kwargs)


class AssessmentCreateView(PredicateRequiredMixin, FormView):
    predicate = can_edit_assessment
    template_name = "assessment/assessment_form.html"
    form_class = AssessmentCreateForm

    def get_initial(self):
        template = ScoringTemplate.objects.filter(pk=self.request.GET.get("template") or 0).first()
        return {"template": template or ScoringTemplate.objects.filter(is_example=False).first()}

    def form_valid(self, form):
        try:
            assessment = services.assessment_create(actor=self.request.user, **form.cleaned_data)
        except ApplicationError as error:
            form_refusal(form, error)
            return self.form_invalid(form)
        return redirect("assessment-detail", pk=assessment.pk)


def _sheet_context(request, assessment, rows=None):
    rows = rows if rows is not None else selectors.assessment_rows(assessment)
    return {"assessment": assessment, "rows": rows, "summary": selectors.assessment_summary(assessment, rows),
            "can_edit": can_edit_assessment(request.user) and assessment.status == Assessment.Status.DRAFT,
            "evidence_kinds": evidence_kinds(), "step": assessment.template.step}


class AssessmentDetailView(PredicateRequiredMixin, DetailView):
    predicate = can_view_assessment
    template_name = "assessment/assessment_detail.html"
    queryset = Assessment.objects.select_related("template", "previous", "submitted_by")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(_sheet_context(self.request, self.object))
        context["revision"] = self.object.revisions.first()
        context["history"] = self.object.history.select_related("history_user")[:20]
        context["timeline"] = events_for([self.object])
        return context


class _ItemPostView(PredicateRequiredMixin, View):
    predicate = can_edit_assessment

    def setup_item(self, pk, item_pk):
        self.assessment = get_object_or_404(Assessment.objects.select_related("template"), pk=pk)
        self.score = get_object_or_404(Score.objects.select_related("item"), assessment=self.assessment,
                                       item_id=item_pk)

    def respond(self, request, error: ApplicationError | None = None):
        """htmx: the item's row, and an event that makes the summary reload; otherwise back to
        the sheet. (An out-of-band summary would be parsed in the row's table context.)"""
        if not request.headers.get("HX-Request"):
            if error:
                message_refusal(request, error)
            return redirect(f"{self.assessment.get_absolute_url()}#item-{self.score.item_id}")
        rows = selectors.assessment_rows(self.assessment)
        context = _sheet_context(request, self.assessment, rows)
        row = next(r for section in rows for r in section.items if r.item.pk == self.score.item_id)
        context.update(row=row, error=error.message if error else "")
        response = render(request, "assessment/_score_row.html", context)
        response["HX-Trigger"] = "score-changed"
        return response


class AssessmentSummaryView(PredicateRequiredMixin, View):
    """The summary panel (total, pass line, vetoes, gap list), reloaded after each change."""

    predicate = can_view_assessment

    def get(self, request, pk):
        assessment = get_object_or_404(Assessment.objects.select_related("template"), pk=pk)
        return render(request, "assessment/_summary.html", _sheet_context(request, assessment))


class ScoreUpdateView(_ItemPostView):
    def post(self, request, pk, item_pk):
        self.setup_item(pk, item_pk)
        form = ScoreForm(request.POST)
        error = None
        if not form.is_valid():
            error = ApplicationError("得分须为数字，如 3 或 3.5。")
        else:
            data = form.cleaned_data
            try:
                services.score_set(actor=request.user, assessment=self.assessment, item_id=self.score.item_id,
                                   points=data["points"], comment=data["comment"],
                                   veto_failed=data["veto_failed"] if self.score.item.is_veto else None)
            except ApplicationError as exc:
                error = exc
        return self.respond(request, error)


class EvidenceLinkAddView(_ItemPostView):
    def post(self, request, pk, item_pk):
        self.setup_item(pk, item_pk)
        form = EvidenceLinkForm(request.POST)
        error = None
        if not form.is_valid():
            error = ApplicationError("请选择证据类型并填写编号。")
        else:
            try:
                services.evidence_link_add(actor=request.user, score=self.score, **form.cleaned_data)
            except ApplicationError as exc:
                error = exc
        return self.respond(request, error)


class EvidenceFileAddView(_ItemPostView):
    def post(self, request, pk, item_pk):
        self.setup_item(pk, item_pk)
        form = EvidenceFileForm(request.POST, request.FILES)
        error = None
        if not form.is_valid():
            error = ApplicationError("请选择要上传的文件。")
        else:
            try:
                services.evidence_file_add(actor=request.user, score=self.score, upload=form.cleaned_data["upload"])
            except ApplicationError as exc:
                error = exc
        return self.respond(request, error)


class EvidenceDeleteView(_ItemPostView):
    MODELS = {"link": EvidenceLink, "file": EvidenceFile}

    def post(self, request, kind, pk):
        model = self.MODELS.get(kind)
        if model is None:
            raise Http404
        evidence = get_object_or_404(model.objects.select_related("score__assessment"), pk=pk)
        self.assessment, self.score = evidence.score.assessment, evidence.score
        error = None
        try:
            services.evidence_remove(actor=request.user, evidence=evidence)
        except ApplicationError as exc:
            error = exc
        return self.respond(request, error)


class EvidenceFileDownloadView(PredicateRequiredMixin, View):
    predicate = can_view_assessment

    def get(self, request, pk):
        evidence = get_object_or_404(EvidenceFile, pk=pk)
        return protected_file_response(evidence.file, filename=evidence.name)


class NarrativeUpdateView(PredicateRequiredMixin, FormView):
    predicate = can_edit_assessment
    template_name = "assessment/assessment_narrative.html"
    form_class = NarrativeForm

    def dispatch(self, request, *args, **kwargs):
        self.assessment = get_object_or_404(Assessment, pk=kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "instance": Assessment.objects.get(pk=self.assessment.pk)}

    def form_valid(self, form):
        try:
            services.assessment_update(actor=self.request.user, assessment=self.assessment, **form.cleaned_data)
        except ApplicationError as error:
            form_refusal(form, error)
            return self.form_invalid(form)
        messages.success(self.request, "已保存自评报告内容。")
        return redirect("assessment-detail", pk=self.assessment.pk)

    def get_context_data(self, **kwargs):
        return super().get_context_data(assessment=self.assessment, **kwargs)


class AssessmentSubmitView(View):
    def post(self, request, pk):
        assessment = get_object_or_404(Assessment, pk=pk)
        if not ASSESSMENT_WORKFLOW.allows(assessment, request.user, "submit"):
            raise PermissionDenied
        try:
            services.assessment_submit(actor=request.user, assessment=assessment)
            messages.success(request, "已提交，得分、指标和证据清单已冻结。")
        except ApplicationError as error:
            message_refusal(request, error)
        return redirect("assessment-detail", pk=pk)


class AssessmentReviseView(PredicateRequiredMixin, View):
    predicate = can_edit_assessment

    def post(self, request, pk):
        assessment = get_object_or_404(Assessment, pk=pk)
        try:
            draft = services.assessment_revise(actor=request.user, assessment=assessment)
        except ApplicationError as error:
            message_refusal(request, error)
            return redirect("assessment-detail", pk=pk)
        messages.success(request, "已生成新草稿；已提交的版本保持不变。")
        return redirect("assessment-detail", pk=draft.pk)


class AssessmentSheetView(PredicateRequiredMixin, View):
    predicate = can_view_assessment

    def get(self, request, pk):
        assessment = get_object_or_404(Assessment.objects.select_related("template"), pk=pk)
        context = selectors.scoring_sheet_context(assessment, as_of=timezone.localdate())
        return download(scoring_sheet_xlsx(context), f"自评计分表-{assessment.year}.xlsx", XLSX)


class AssessmentReportView(PredicateRequiredMixin, View):
    predicate = can_view_assessment

    def get(self, request, pk):
        assessment = get_object_or_404(Assessment.objects.select_related("template"), pk=pk)
        today = timezone.localdate()
        try:
            data = render_fixed(selectors.document_template_bytes("self_assessment_report"),
                                selectors.documents_context(assessment, as_of=today), as_of=today)
        except ApplicationError as error:
            message_refusal(request, error)
            return redirect("assessment-detail", pk=assessment.pk)
        return download(data, f"自评报告-{assessment.year}.docx", DOCX)
