"""Pages of the leading group: the bodies and their members, meetings with decisions, the plans
with tasks and targets. Each form calls one service; who may do what comes from `permissions`
and the decisions' workflow declaration."""

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import FormView, TemplateView

from qms.core.errors import ApplicationError
from qms.core.viewmixins import (
    DOCX_TYPE,
    MovePageMixin,
    PredicateRequiredMixin,
    ServiceFormMixin,
    file_download,
    message_refusal,
)
from qms.core.workflow import events_for

from . import forms as f
from .models import Body, Decision, Meeting, Membership, Plan, PlanTarget, PlanTask
from .permissions import can_edit_leadership, can_update_task
from .services import bodies, meetings, plans
from .services.targets import target_rows
from .workflows import DECISION_WORKFLOW


class ServiceFormView(PredicateRequiredMixin, ServiceFormMixin, FormView):
    template_name = "leadership/form.html"
    title = ""
    back_url = ""

    def get_context_data(self, **kwargs):
        return super().get_context_data(title=self.title, back_url=self.get_back_url(), **kwargs)

    def get_back_url(self):
        return self.back_url or reverse("leadership-home")


class HomeView(TemplateView):
    """领导小组: the bodies with their current members (and former ones), meetings, plans."""

    template_name = "leadership/home.html"

    def get_context_data(self, **kwargs):
        today = timezone.localdate()
        rows = []
        for body in Body.objects.all():
            current = bodies.members_current(body, day=today)
            former = [m for m in body.memberships.select_related("user") if not m.current(today)]
            rows.append({"body": body, "members": current, "former": former})
        return super().get_context_data(
            bodies=rows, meetings=Meeting.objects.select_related("body").prefetch_related("decisions")[:20],
            plans=Plan.objects.select_related("approved_by"), can_edit=can_edit_leadership(self.request.user),
            today=today, **kwargs)


class BodyFormView(ServiceFormView):
    predicate = can_edit_leadership
    form_class = f.BodyForm
    title = _("领导机构")

    def dispatch(self, request, *args, **kwargs):
        self.body = get_object_or_404(Body, pk=kwargs["pk"]) if "pk" in kwargs else None
        return super().dispatch(request, *args, **kwargs)

    def get_initial(self):
        if self.body is None:
            return {"kind": Body.Kind.GROUP, "established_on": timezone.localdate()}
        b = self.body
        return {"kind": b.kind, "name": b.name, "parent": b.parent, "established_on": b.established_on,
                "document_number": b.document_number, "duties": b.duties, "order": b.order}

    def perform(self, form):
        return bodies.body_save(actor=self.request.user, body=self.body, **form.cleaned_data)


class MemberAddView(ServiceFormView):
    predicate = can_edit_leadership
    form_class = f.MemberForm
    title = _("增加成员")

    def dispatch(self, request, *args, **kwargs):
        self.body = get_object_or_404(Body, pk=kwargs["pk"])
        self.title = _("增加成员：%(b)s") % {"b": self.body.name}
        return super().dispatch(request, *args, **kwargs)

    def get_initial(self):
        return {"term_start": timezone.localdate()}

    def perform(self, form):
        bodies.member_add(actor=self.request.user, body=self.body, **form.cleaned_data)
        return self.body.get_absolute_url()


class MemberLeaveView(ServiceFormView):
    predicate = can_edit_leadership
    form_class = f.LeaveForm

    def dispatch(self, request, *args, **kwargs):
        self.member = get_object_or_404(Membership.objects.select_related("body", "user"), pk=kwargs["pk"])
        self.title = _("任期结束：%(n)s") % {"n": self.member.name}
        return super().dispatch(request, *args, **kwargs)

    def get_initial(self):
        return {"term_end": timezone.localdate()}

    def perform(self, form):
        bodies.member_leave(actor=self.request.user, member=self.member, **form.cleaned_data)
        return self.member.body.get_absolute_url()


class MeetingCreateView(ServiceFormView):
    predicate = can_edit_leadership
    form_class = f.MeetingForm
    title = _("记录会议")

    def get_initial(self):
        return {"held_on": timezone.localdate(), "body": Body.objects.filter(kind=Body.Kind.GROUP).first()}

    def perform(self, form):
        return meetings.meeting_record(actor=self.request.user, **form.cleaned_data)


class MeetingDetailView(TemplateView):
    template_name = "leadership/meeting_detail.html"

    def get_context_data(self, **kwargs):
        meeting = get_object_or_404(Meeting.objects.select_related("body", "chair"), pk=kwargs["pk"])
        decisions = list(meeting.decisions.select_related("owner", "department"))
        return super().get_context_data(
            meeting=meeting, decisions=decisions, can_edit=can_edit_leadership(self.request.user),
            timeline=events_for(decisions), today=timezone.localdate(), **kwargs)


class DecisionAddView(ServiceFormView):
    predicate = can_edit_leadership
    form_class = f.DecisionForm
    title = _("记录决议")

    def dispatch(self, request, *args, **kwargs):
        self.meeting = get_object_or_404(Meeting, pk=kwargs["pk"])
        self.back_url = self.meeting.get_absolute_url()
        return super().dispatch(request, *args, **kwargs)

    def perform(self, form):
        meetings.decision_add(actor=self.request.user, meeting=self.meeting, **form.cleaned_data)
        return self.back_url


class _DecisionMoveView(MovePageMixin, ServiceFormView):
    workflow = DECISION_WORKFLOW

    def dispatch(self, request, *args, **kwargs):
        self.subject = get_object_or_404(Decision, pk=kwargs["pk"])
        if not self.allowed(request.user):
            raise PermissionDenied
        self.back_url = self.subject.get_absolute_url()
        return super().dispatch(request, *args, **kwargs)


class DecisionCompleteView(_DecisionMoveView):
    moves = ("complete",)
    form_class = f.DecisionCompleteForm
    title = _("填报决议落实情况")

    def perform(self, form):
        meetings.decision_complete(actor=self.request.user, decision=self.subject, note=form.cleaned_data["note"])
        return self.back_url


class DecisionVerifyView(_DecisionMoveView):
    moves = ("verify", "reject")
    decision_moves = {"verify": "verify", "reject": "reject"}
    form_class = f.DecisionVerifyForm
    title = _("验证决议落实情况")

    def perform(self, form):
        data = form.cleaned_data
        meetings.decision_verify(actor=self.request.user, decision=self.subject,
                                 effective=data["decision"] == "verify", note=data["note"])
        return self.back_url


class PlanFormView(ServiceFormView):
    predicate = can_edit_leadership
    form_class = f.PlanForm
    title = _("实施方案与工作计划")

    def dispatch(self, request, *args, **kwargs):
        self.plan = get_object_or_404(Plan, pk=kwargs["pk"]) if "pk" in kwargs else None
        if self.plan:
            self.back_url = self.plan.get_absolute_url()
        return super().dispatch(request, *args, **kwargs)

    def get_initial(self):
        if self.plan is None:
            year = timezone.localdate().year
            return {"kind": Plan.Kind.YEARLY, "year": year, "title": _("%(y)d年度标准化工作计划") % {"y": year}}
        p = self.plan
        return {"kind": p.kind, "year": p.year, "title": p.title, "document_number": p.document_number,
                "summary": p.summary, "approved_by": p.approved_by, "approved_on": p.approved_on}

    def perform(self, form):
        return plans.plan_save(actor=self.request.user, plan=self.plan, **form.cleaned_data)


class PlanDetailView(TemplateView):
    """The plan: its tasks, and each target beside the live figure and its last twelve months."""

    template_name = "leadership/plan_detail.html"

    def get_context_data(self, **kwargs):
        plan = get_object_or_404(Plan.objects.select_related("approved_by"), pk=kwargs["pk"])
        user = self.request.user
        tasks = list(plan.tasks.select_related("department"))
        for task in tasks:
            task.can_update = can_update_task(user, task)
        rows = target_rows(plan, trend=True)
        return super().get_context_data(
            plan=plan, tasks=tasks, targets=rows, behind=sum(1 for r in rows if r.behind),
            can_edit=can_edit_leadership(user), statuses=f.TaskStatusForm.base_fields["status"].choices,
            **kwargs)


class _PlanPartView(ServiceFormView):
    predicate = can_edit_leadership

    def dispatch(self, request, *args, **kwargs):
        self.plan = get_object_or_404(Plan, pk=kwargs["pk"])
        self.back_url = self.plan.get_absolute_url()
        return super().dispatch(request, *args, **kwargs)


class TaskAddView(_PlanPartView):
    form_class = f.TaskForm
    title = _("增加计划任务")

    def perform(self, form):
        plans.task_add(actor=self.request.user, plan=self.plan, **form.cleaned_data)
        return self.back_url + "#tasks"


class TargetAddView(_PlanPartView):
    form_class = f.TargetForm
    title = _("设定计划目标")

    def perform(self, form):
        plans.target_set(actor=self.request.user, plan=self.plan, **form.cleaned_data)
        return self.back_url + "#targets"


class TaskStatusView(View):
    """POST: a task's new status (office, management, or the head of the task's department)."""

    def post(self, request, pk):
        task = get_object_or_404(PlanTask, pk=pk)
        if not can_update_task(request.user, task):
            raise PermissionDenied
        try:
            plans.task_set_status(actor=request.user, task=task, status=request.POST.get("status", ""))
        except ApplicationError as error:
            message_refusal(request, error)
        return redirect(reverse("leadership-plan-detail", args=[task.plan_id]) + "#tasks")


class TargetRemoveView(View):
    def post(self, request, pk):
        target = get_object_or_404(PlanTarget, pk=pk)
        if not can_edit_leadership(request.user):
            raise PermissionDenied
        plans.target_remove(actor=request.user, target=target)
        return redirect(reverse("leadership-plan-detail", args=[target.plan_id]) + "#targets")


class PlanDocxView(View):
    def get(self, request, pk):
        from .documents import build_plan_docx

        plan = get_object_or_404(Plan, pk=pk)
        return file_download(build_plan_docx(plan), f"{plan.title}.docx", DOCX_TYPE)
