"""One view for every corrective-action step. Which steps a user is offered, and which pages
they may open, come from the declared workflow (`audits.workflows`)."""

from dataclasses import dataclass

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext_lazy as _
from django.views.generic import FormView

from qms.core.errors import ApplicationError
from qms.core.viewmixins import PredicateRequiredMixin

from .. import forms, services
from ..models import CAStatus, CorrectiveAction
from ..permissions import can_view_nonconformity
from ..workflows import CORRECTIVE_ACTION_WORKFLOW
from .common import refuse

C = CAStatus


@dataclass(frozen=True)
class Step:
    name: str
    label: str
    form_class: type
    call: object  # (actor, action, form) -> action


STEPS = {
    "propose": Step("propose", _("提交整改计划"), forms.ProposeForm, lambda u, a, f: services.corrective_action_propose(
        actor=u, action=a, **f.service_kwargs())),
    "accept": Step("accept", _("同意计划"), forms.NoteForm, lambda u, a, f: services.corrective_action_accept(
        actor=u, action=a, note=f.cleaned_data["note"])),
    "return": Step("return", _("退回"), forms.ReturnForm, lambda u, a, f: services.corrective_action_return(
        actor=u, action=a, note=f.cleaned_data["note"])),
    "report": Step("report", _("报告完成"), forms.ReportDoneForm, lambda u, a, f: services.corrective_action_report_done(
        actor=u, action=a, **f.cleaned_data)),
    "verify": Step("verify", _("验证"), forms.VerifyForm, lambda u, a, f: services.corrective_action_verify(
        actor=u, action=a, **f.cleaned_data)),
    "judge": Step("judge", _("评价有效性"), forms.JudgeForm, lambda u, a, f: services.corrective_action_judge_effectiveness(
        actor=u, action=a, **f.cleaned_data)),
}


def steps_for(user, action: CorrectiveAction) -> list[str]:
    """The step pages this user may open on the round now: the declared moves they may make."""
    names = []
    for move in CORRECTIVE_ACTION_WORKFLOW.available(action, user):
        if move.step not in names:
            names.append(move.step)
    return names


def _form(step: Step, action, data=None, files=None):
    if step.form_class is forms.ProposeForm:
        initial = {"owner": action.owner_id, "due_date": action.due_date, "correction": action.correction,
                   "root_cause": action.root_cause, "action_plan": action.action_plan,
                   **{f"why{i}": w for i, w in enumerate(action.why_chain, 1)}}
        return step.form_class(data, files, department_id=action.nonconformity.department_id, initial=initial,
                               prefix=step.name)
    return step.form_class(data, files, prefix=step.name)


def step_forms(user, action) -> list[tuple[Step, object]]:
    return [(STEPS[name], _form(STEPS[name], action)) for name in steps_for(user, action)]


class CorrectiveActionStepView(PredicateRequiredMixin, FormView):
    template_name = "audits/corrective_action_form.html"

    def dispatch(self, request, *args, **kwargs):
        self.step = STEPS.get(kwargs["step"])
        if self.step is None:
            raise Http404
        self.action = get_object_or_404(CorrectiveAction.objects.select_related("nonconformity__department"),
                                        pk=kwargs["pk"])
        if not can_view_nonconformity(request.user, self.action.nonconformity):
            raise PermissionDenied
        if self.step.name not in steps_for(request.user, self.action):
            raise PermissionDenied  # the declaration does not let this user take this step now
        return super().dispatch(request, *args, **kwargs)

    def get_form(self, form_class=None):
        if self.request.method == "POST":
            return _form(self.step, self.action, self.request.POST, self.request.FILES)
        return _form(self.step, self.action)

    def form_valid(self, form):
        try:
            self.step.call(self.request.user, self.action, form)
        except ApplicationError as error:
            refuse(form, error)
            return self.form_invalid(form)
        messages.success(self.request, _("已%(step)s。") % {"step": self.step.label})
        return redirect("nonconformity-detail", pk=self.action.nonconformity_id)

    def get_context_data(self, **kwargs):
        return super().get_context_data(step=self.step, action=self.action, nc=self.action.nonconformity, **kwargs)
