"""One view for every corrective-action step. Which steps a user is offered comes from
CA_TRANSITIONS and the permission predicates; the service still decides."""

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
from ..permissions import can_answer_nonconformity, can_judge_nonconformity, can_view_nonconformity
from ..services.corrective_actions import AUDITOR, CA_TRANSITIONS, DEPARTMENT
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
STEP_OF_MOVE = {
    (C.TO_PLAN, C.TO_REVIEW): "propose", (C.TO_REVIEW, C.IMPLEMENTING): "accept", (C.TO_REVIEW, C.TO_PLAN): "return",
    (C.IMPLEMENTING, C.TO_VERIFY): "report", (C.TO_VERIFY, C.VERIFIED): "verify",
    (C.TO_VERIFY, C.IMPLEMENTING): "return", (C.VERIFIED, C.EFFECTIVE): "judge", (C.VERIFIED, C.INEFFECTIVE): "judge",
}


def steps_for(user, action: CorrectiveAction) -> list[str]:
    """The steps this user may take on the round now, in table order."""
    nc = action.nonconformity
    allowed = {DEPARTMENT: can_answer_nonconformity(user, nc), AUDITOR: can_judge_nonconformity(user, nc)}
    names = []
    for to_status, (party, _label) in CA_TRANSITIONS[action.status].items():
        name = STEP_OF_MOVE[(action.status, to_status)]
        if allowed[party] and name not in names:
            names.append(name)
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
        if request.user.is_authenticated and not can_view_nonconformity(request.user, self.action.nonconformity):
            raise PermissionDenied
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
