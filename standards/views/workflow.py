"""An edition's workflow page and its actions: submit, review, approve, return, new document,
revision, publication notice."""

from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView

from qms.core.viewmixins import MovePageMixin
from qms.core.workflow import events_for

from .. import selectors, services
from ..documents import build_publication_notice_docx
from ..forms_lifecycle import ApproveForm, DocumentForm, ReasonForm, ReviewSignForm, RevisionForm, SubmitForm
from ..models import Edition, EditionStatus, Standard
from ..permissions import can_edit_standards, can_replace_document
from ..services.conditions import revision_warnings
from ..workflows import EDITION_WORKFLOW
from .base import DOCX, ServiceFormView, file_response

S = EditionStatus


CLOSED_STATUSES = (S.IN_FORCE, S.SUPERSEDED, S.WITHDRAWN)


class EditionDetailView(TemplateView):
    """The edition's workflow: status, available actions, timeline, sign-offs, consultations."""

    template_name = "standards/edition_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        edition = get_object_or_404(Edition.objects.select_related("standard", "created_by", "reviewer"),
                                    pk=self.kwargs["pk"])
        user = self.request.user
        signoffs = list(edition.signoffs.select_related("actor"))
        context.update(
            edition=edition, standard=edition.standard, buttons=EDITION_WORKFLOW.buttons(edition, user),
            timeline=events_for([edition]),
            signoffs=[(s, s.voided_at is None and s.matches(edition)) for s in signoffs],
            consultations=edition.consultations.all(),
            can_replace_document=can_replace_document(user, edition), S=S,
            ack_rate=selectors.acknowledgement_rate(standard=edition.standard)
            if edition.status == S.IN_FORCE else None,
            revision_warnings=revision_warnings(edition) if edition.status not in CLOSED_STATUSES else [],
        )
        return context


class EditionActionView(MovePageMixin, ServiceFormView):
    workflow = EDITION_WORKFLOW

    def load(self):
        self.edition = get_object_or_404(Edition.objects.select_related("standard"), pk=self.kwargs["pk"])
        self.subject = self.edition

    def success_redirect(self, obj):
        return "edition-detail", self.edition.pk

    def get_context_data(self, **kwargs):
        return super().get_context_data(edition=self.edition, standard=self.edition.standard, **kwargs)


class EditionSubmitView(EditionActionView):
    form_class = SubmitForm
    heading = gettext_lazy("提交审核")
    success_message = gettext_lazy("已提交审核。")

    moves = ("submit",)
    def perform(self, form):
        return services.edition_submit(actor=self.request.user, edition=self.edition,
                                       reviewer=form.cleaned_data["reviewer"], note=form.cleaned_data["note"])


class EditionReviewView(EditionActionView):
    form_class = ReviewSignForm
    heading = gettext_lazy("审核签署")
    success_message = gettext_lazy("已记录审核意见。")

    moves = ("sign_review", "review_return")
    decision_moves = {"approve": "sign_review", "return": "review_return"}
    def perform(self, form):
        return services.edition_review_sign(actor=self.request.user, edition=self.edition,
                                            approve=form.cleaned_data["decision"] == "approve",
                                            note=form.cleaned_data["note"])


class EditionApproveView(EditionActionView):
    form_class = ApproveForm
    heading = gettext_lazy("批准")
    success_message = gettext_lazy("已记录批准意见。")

    moves = ("approve", "approval_return")
    decision_moves = {"approve": "approve", "return": "approval_return"}
    def get_initial(self):
        return {"effective_on": self.edition.effective_on}

    def perform(self, form):
        data = form.cleaned_data
        return services.edition_approve(actor=self.request.user, edition=self.edition,
                                        approve=data["decision"] == "approve", note=data["note"],
                                        effective_on=data["effective_on"])


class EditionReturnView(EditionActionView):
    form_class = ReasonForm
    heading = gettext_lazy("退回修改")
    success_message = gettext_lazy("已退回草稿。")

    moves = ("return",)
    def perform(self, form):
        return services.edition_return(actor=self.request.user, edition=self.edition,
                                       reason=form.cleaned_data["reason"])


class EditionUploadView(EditionActionView):
    form_class = DocumentForm
    heading = gettext_lazy("更换标准文本")
    success_message = gettext_lazy("已更换标准文本。")

    def allowed(self, user):
        return can_replace_document(user, self.edition)

    def perform(self, form):
        return services.edition_set_document(actor=self.request.user, edition=self.edition,
                                             upload=form.cleaned_data["upload"], reason=form.cleaned_data["reason"])


class StandardReviseView(ServiceFormView):
    form_class = RevisionForm
    heading = gettext_lazy("启动修订")
    success_message = gettext_lazy("已创建修订草稿。")

    def load(self):
        self.standard = get_object_or_404(Standard, pk=self.kwargs["pk"])

    def allowed(self, user):
        return can_edit_standards(user)

    def perform(self, form):
        return services.edition_revision_start(actor=self.request.user, standard=self.standard,
                                               reason=form.cleaned_data["reason"], number=form.cleaned_data["number"])

    def success_redirect(self, edition):
        return "edition-detail", edition.pk

    def get_context_data(self, **kwargs):
        return super().get_context_data(standard=self.standard, **kwargs)


def publication_notice(request, pk):
    """发布通知 (.docx) of an approved or published edition."""
    from django.http import Http404

    edition = get_object_or_404(Edition.objects.select_related("standard"), pk=pk)
    if edition.status not in (S.APPROVED, S.IN_FORCE, S.SUPERSEDED):
        raise Http404(_("版本尚未批准。"))
    data = build_publication_notice_docx(selectors.publication_notice_context(edition))
    return file_response(data, f"发布通知-{edition.number.replace('/', '')}.docx", DOCX)
