"""Management review pages: list, plan, the review with its compiled inputs, minutes, decisions
and actions, and the report download."""

from django import forms
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.generic import ListView, TemplateView

from qms.core.errors import ApplicationError
from qms.core.workflow import events_for

from ..documents.review_report import build_management_review_docx
from ..forms import (
    ActionCompleteForm,
    ActionVerifyForm,
    DecisionForm,
    DepartmentInputForm,
    HoldForm,
    ReviewForm,
)
from ..models import ManagementReview, ReviewAction
from ..permissions import can_edit_review
from ..selectors import reviews as sel
from ..services import reviews as svc
from ..workflows import ACTION_WORKFLOW, REVIEW_WORKFLOW
from .common import DOCX, ServiceFormView, file_response


class ReviewListView(ListView):
    template_name = "evaluation/review_list.html"
    context_object_name = "reviews"

    def get_queryset(self):
        return ManagementReview.objects.select_related("chair")

    def get_context_data(self, **kwargs):
        return super().get_context_data(can_edit=can_edit_review(self.request.user),
                                        open_actions=sel.review_actions_open(), today=timezone.localdate(), **kwargs)


class ReviewCreateView(ServiceFormView):
    predicate = can_edit_review
    form_class = ReviewForm
    title = _("计划管理评审")

    def get_initial(self):
        year = timezone.localdate().year
        return {"title": _("%(y)d年度管理评审") % {"y": year}, "period_start": f"{year}-01-01",
                "period_end": f"{year}-12-31", "planned_on": timezone.localdate()}

    def perform(self, form):
        review = svc.review_create(actor=self.request.user, **form.cleaned_data)
        return reverse("review-detail", args=[review.pk])


class ReviewDetailView(TemplateView):
    template_name = "evaluation/review_detail.html"

    def get_context_data(self, **kwargs):
        try:
            review = sel.review_detail(kwargs["pk"])
        except ManagementReview.DoesNotExist as exc:
            from django.http import Http404

            raise Http404 from exc
        user = self.request.user
        return super().get_context_data(
            review=review, inputs=sel.review_inputs(review), can_edit=can_edit_review(user),
            timeline=events_for([review, *ReviewAction.objects.filter(review=review)]),
            today=timezone.localdate(), decision_form=DecisionForm(),
            hold_form=HoldForm(initial={"held_on": review.held_on or timezone.localdate(), "minutes": review.minutes,
                                        "conclusion": review.conclusion, "version": review.version,
                                        "attendees": list(review.attendees.all()),
                                        "other_attendees": review.other_attendees}),
            input_form=DepartmentInputForm(initial={"department": user.department}), **kwargs)


def _require_move(workflow, obj, user, moves):
    """The page of declared moves opens only for those the declaration lets make one now."""
    if moves and not any(workflow.allows(obj, user, name) for name in moves):
        raise PermissionDenied


class _ReviewActionView(ServiceFormView):
    moves: tuple[str, ...] = ()

    def dispatch(self, request, *args, **kwargs):
        self.review = get_object_or_404(ManagementReview, pk=kwargs["pk"])
        _require_move(REVIEW_WORKFLOW, self.review, request.user, self.moves)
        return super().dispatch(request, *args, **kwargs)

    def get_back_url(self):
        return reverse("review-detail", args=[self.review.pk])


class ReviewHoldView(_ReviewActionView):
    predicate = can_edit_review
    form_class = HoldForm
    title = _("会议记录")

    def perform(self, form):
        data = dict(form.cleaned_data)
        version = data.pop("version", None)
        svc.review_hold(actor=self.request.user, review=self.review, expected_version=version, **data)
        return self.get_back_url()


class ReviewCloseView(_ReviewActionView):
    moves = ("close",)
    form_class = forms.Form
    title = _("关闭评审")

    def perform(self, form):
        svc.review_close(actor=self.request.user, review=self.review)
        return self.get_back_url()


class DecisionCreateView(_ReviewActionView):
    predicate = can_edit_review
    form_class = DecisionForm
    title = _("记录评审决定")

    def perform(self, form):
        data = form.cleaned_data
        actions = []
        if data["action"].strip():
            if data["owner"] is None or data["due_on"] is None:
                raise ApplicationError(_("措施须指定责任人和完成期限。"), field="owner")
            actions.append({"description": data["action"], "owner": data["owner"], "due_on": data["due_on"]})
        svc.decision_record(actor=self.request.user, review=self.review, text=data["text"], actions=actions)
        self.success_message = _("已记录决定。")
        return self.get_back_url()


class DepartmentInputView(_ReviewActionView):
    form_class = DepartmentInputForm
    title = _("部门评审输入")

    def perform(self, form):
        svc.review_input_save(actor=self.request.user, review=self.review, **form.cleaned_data)
        return self.get_back_url()


class _ActionView(ServiceFormView):
    moves: tuple[str, ...] = ()

    def dispatch(self, request, *args, **kwargs):
        self.action = get_object_or_404(ReviewAction, pk=kwargs["pk"])
        _require_move(ACTION_WORKFLOW, self.action, request.user, self.moves)
        return super().dispatch(request, *args, **kwargs)

    def get_back_url(self):
        return reverse("review-detail", args=[self.action.review_id])


class ActionCompleteView(_ActionView):
    moves = ("complete",)
    form_class = ActionCompleteForm
    title = _("填报措施完成情况")

    def perform(self, form):
        svc.action_complete(actor=self.request.user, action=self.action, note=form.cleaned_data["note"])
        return self.get_back_url()


class ActionVerifyView(_ActionView):
    moves = ("verify", "reject")
    form_class = ActionVerifyForm
    title = _("验证措施")

    def perform(self, form):
        svc.action_verify(actor=self.request.user, action=self.action, **form.cleaned_data)
        return self.get_back_url()


class ReviewReportView(TemplateView):
    def get(self, request, pk):
        review = get_object_or_404(ManagementReview, pk=pk)
        data = build_management_review_docx(sel.review_report_context(review))
        return file_response(data, f"管理评审报告-{review.number}.docx", DOCX)
