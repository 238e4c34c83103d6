"""Consultation pages: open, comment, dispose, close, and the 意见汇总处理表 exports."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import TemplateView

from qms.core.errors import ApplicationError
from qms.core.viewmixins import PredicateRequiredMixin, message_refusal
from qms.core.workflow import events_for

from .. import selectors, services
from ..documents import build_comment_summary_docx, build_comment_summary_xlsx
from ..forms_lifecycle import CloseConsultationForm, CommentForm, ConsultationForm, DisposeForm
from ..models import Comment, Consultation
from ..permissions import can_comment, can_edit_standards
from ..workflows import CONSULTATION_WORKFLOW
from .base import DOCX, XLSX, file_response
from .workflow import EditionActionView


class ConsultationOpenView(EditionActionView):
    form_class = ConsultationForm
    heading = gettext_lazy("发起征求意见")
    success_message = gettext_lazy("已发起征求意见，并已通知征求对象。")

    moves = ("consult",)

    def get_initial(self):
        from django.utils import timezone

        from ..services.consultations import consultation_earliest_deadline

        return {"deadline": consultation_earliest_deadline(timezone.localdate())}

    def perform(self, form):
        return services.consultation_open(actor=self.request.user, edition=self.edition, **form.cleaned_data)

    def success_redirect(self, consultation):
        return "consultation-detail", consultation.pk


class ConsultationDetailView(TemplateView):
    template_name = "standards/consultation_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        consultation = get_object_or_404(Consultation.objects.select_related("edition__standard", "opened_by"),
                                         pk=self.kwargs["pk"])
        user = self.request.user
        context.update(
            consultation=consultation, edition=consultation.edition, standard=consultation.edition.standard,
            comments=consultation.comments.select_related("author", "department", "disposed_by"),
            can_edit=can_edit_standards(user), can_comment=can_comment(user, consultation),
            comment_form=CommentForm(), dispose_form=DisposeForm(), close_form=CloseConsultationForm(),
            is_open=consultation.status == Consultation.Status.OPEN,
            can_close=CONSULTATION_WORKFLOW.allows(consultation, user, "close"),
            timeline=events_for([consultation]),
            close_blocked=_close_blocked(consultation, user),
        )
        return context


def _close_blocked(consultation, user) -> str:
    """Why the office cannot close yet (shown instead of the close form), or ''."""
    move = CONSULTATION_WORKFLOW.move("close")
    if not move.who.allows(user, consultation) or consultation.status != Consultation.Status.OPEN:
        return ""
    refusal = CONSULTATION_WORKFLOW.refusal(consultation, user, move)
    return refusal.message if refusal else ""


class ConsultationPostView(View):
    """Base for the POST-only actions on a consultation page (result shown as a message)."""

    form_class = None

    def post(self, request, pk):
        form = self.form_class(request.POST)
        target = self.target(pk)
        if not form.is_valid():
            messages.error(request, "；".join(str(e) for errs in form.errors.values() for e in errs))
        else:
            try:
                self.perform(target, form.cleaned_data)
                messages.success(request, self.success_message)
            except ApplicationError as error:
                message_refusal(request, error)
        return redirect(self.redirect_to(target))


class CommentCreateView(ConsultationPostView):
    form_class = CommentForm
    success_message = gettext_lazy("意见已提交。")

    def target(self, pk):
        return get_object_or_404(Consultation, pk=pk)

    def perform(self, consultation, data):
        services.comment_submit(actor=self.request.user, consultation=consultation, **data)

    def redirect_to(self, consultation):
        return consultation.get_absolute_url()


class CommentDisposeView(PredicateRequiredMixin, ConsultationPostView):
    predicate = can_edit_standards
    form_class = DisposeForm
    success_message = gettext_lazy("已记录处理意见。")

    def target(self, pk):
        return get_object_or_404(Comment.objects.select_related("consultation"), pk=pk)

    def perform(self, comment, data):
        services.comment_dispose(actor=self.request.user, comment=comment, **data)

    def redirect_to(self, comment):
        return comment.consultation.get_absolute_url() + f"#comment-{comment.seq}"


class ConsultationCloseView(ConsultationPostView):
    form_class = CloseConsultationForm
    success_message = gettext_lazy("征求意见已结束，版本已提交审核。")

    def target(self, pk):
        consultation = get_object_or_404(Consultation, pk=pk)
        if not CONSULTATION_WORKFLOW.allows(consultation, self.request.user, "close"):
            move = CONSULTATION_WORKFLOW.move("close")
            if not move.who.allows(self.request.user, consultation):
                raise PermissionDenied
        return consultation

    def perform(self, consultation, data):
        services.consultation_close(actor=self.request.user, consultation=consultation, reviewer=data["reviewer"])

    def redirect_to(self, consultation):
        return consultation.get_absolute_url()


def consultation_summary(request, pk, fmt):
    """意见汇总处理表 as .docx or .xlsx."""
    consultation = get_object_or_404(Consultation.objects.select_related("edition__standard"), pk=pk)
    context = selectors.consultation_summary_context(consultation)
    name = f"意见汇总处理表-{consultation.edition.number.replace('/', '')}"
    if fmt == "xlsx":
        return file_response(build_comment_summary_xlsx(context), f"{name}.xlsx", XLSX)
    return file_response(build_comment_summary_docx(context), f"{name}.docx", DOCX)
