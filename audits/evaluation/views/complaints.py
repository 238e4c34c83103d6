"""Complaint pages: list (masked per role), intake, detail with the handling forms, export."""

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import ListView, TemplateView

from qms.core.workflow import events_for

from ..documents.complaints import build_complaint_register_xlsx
from ..forms import CloseForm, ComplaintForm, NoteForm, ReopenForm, ReplyForm
from ..models import Complaint, ComplaintStatus
from ..permissions import can_record_complaint
from ..selectors import complaints as sel
from ..services import complaints as svc
from ..workflows import COMPLAINT_WORKFLOW
from .common import XLSX, ServiceFormView, file_response


class ComplaintListView(ListView):
    template_name = "evaluation/complaint_list.html"
    paginate_by = 50

    def get_queryset(self):
        qs = sel.complaint_list_for_user(self.request.user)
        status = self.request.GET.get("status")
        if status == "overdue":
            return qs.filter(sel.complaint_overdue_q(timezone.localdate()))
        return qs.filter(status=status) if status in ComplaintStatus.values else qs

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(rows=sel.complaints_with_complainant(context["object_list"], self.request.user),
                       statuses=ComplaintStatus.choices, counts=sel.complaints_by_status(),
                       today=timezone.localdate(), can_record=can_record_complaint(self.request.user))
        return context


class ComplaintExportView(View):
    """The register as .xlsx, masked for the reader exactly as the list is."""

    def get(self, request):
        complaints = sel.complaint_list_for_user(request.user).order_by("received_on", "id")
        data = build_complaint_register_xlsx(sel.complaint_register_rows(complaints, request.user))
        return file_response(data, f"投诉登记表-{timezone.localdate():%Y%m%d}.xlsx", XLSX)


class ComplaintCreateView(ServiceFormView):
    predicate = can_record_complaint
    form_class = ComplaintForm
    title = _("登记投诉")

    def get_initial(self):
        dept = self.request.user.department
        return {"department": dept} if dept and dept.kind == "department" else {}

    def perform(self, form):
        complaint = svc.complaint_create(actor=self.request.user, **form.cleaned_data)
        self.success_message = _("已登记投诉 %(n)s，答复期限 %(d)s。") % {"n": complaint.number, "d": complaint.due_on}
        return reverse("complaint-detail", args=[complaint.pk])


def complaint_for_user(user, pk) -> Complaint:
    return get_object_or_404(sel.complaint_list_for_user(user), pk=pk)


class ComplaintDetailView(TemplateView):
    template_name = "evaluation/complaint_detail.html"

    def get_context_data(self, **kwargs):
        complaint = complaint_for_user(self.request.user, kwargs["pk"])
        user = self.request.user
        from .nonconformity import nonconformity_context

        moves = {move.name for move in COMPLAINT_WORKFLOW.available(complaint, user)}
        return super().get_context_data(
            complaint=complaint, person=sel.complainant_for_user(complaint, user), moves=moves,
            can_note=_can_note(user, complaint), events=events_for([complaint]), today=timezone.localdate(),
            note_form=NoteForm(), reply_form=ReplyForm(), close_form=CloseForm(), reopen_form=ReopenForm(),
            **nonconformity_context(user, complaint), **kwargs)


def _can_note(user, complaint) -> bool:
    """Investigation notes: the first one is the 调查 move; later ones are added while investigating."""
    return COMPLAINT_WORKFLOW.allows(complaint, user, "investigate") or (
        complaint.status == ComplaintStatus.INVESTIGATING and COMPLAINT_WORKFLOW.move("investigate").who.allows(
            user, complaint))


class _ComplaintActionView(ServiceFormView):
    """A handling step posted from the detail page; errors re-render on the generic form page.
    Each step's view is open only to those the declared move (`move`) lets act now."""

    move = ""

    def dispatch(self, request, *args, **kwargs):
        self.complaint = complaint_for_user(request.user, kwargs["pk"])
        if not self.step_allowed(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def step_allowed(self, user) -> bool:
        return COMPLAINT_WORKFLOW.allows(self.complaint, user, self.move)

    def get_back_url(self):
        return reverse("complaint-detail", args=[self.complaint.pk])

    def done(self):
        return reverse("complaint-detail", args=[self.complaint.pk])


class ComplaintInvestigateView(_ComplaintActionView):
    form_class = NoteForm

    def step_allowed(self, user) -> bool:
        return _can_note(user, self.complaint)
    title = _("补充调查情况")

    def perform(self, form):
        svc.complaint_investigate(actor=self.request.user, complaint=self.complaint, note=form.cleaned_data["note"])
        return self.done()


class ComplaintReplyView(_ComplaintActionView):
    move = "reply"
    form_class = ReplyForm
    title = _("答复投诉人")

    def perform(self, form):
        svc.complaint_reply(actor=self.request.user, complaint=self.complaint, **form.cleaned_data)
        return self.done()


class ComplaintCloseView(_ComplaintActionView):
    move = "close"
    form_class = CloseForm
    title = _("记录反馈并办结")

    def perform(self, form):
        svc.complaint_close(actor=self.request.user, complaint=self.complaint, **form.cleaned_data)
        return self.done()


class ComplaintReopenView(_ComplaintActionView):
    move = "reopen"
    form_class = ReopenForm
    title = _("重新调查")

    def perform(self, form):
        svc.complaint_reopen(actor=self.request.user, complaint=self.complaint, reason=form.cleaned_data["reason"])
        return self.done()
