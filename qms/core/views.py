from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.views import View
from django.views.generic import DetailView, ListView

from qms.org.models import Role
from qms.org.roles import has_role

from .files import protected_file_response
from .jobs import job_refresh
from .models import GeneratedFile, Notification


class NotificationListView(ListView):
    template_name = "core/notification_list.html"
    paginate_by = 50

    def get_queryset(self):
        return Notification.objects.filter(recipient=self.request.user)

    def get(self, request, *args, **kwargs):
        response = super().get(request, *args, **kwargs)
        Notification.objects.filter(recipient=request.user, read_at=None).update(read_at=timezone.now())
        return response


class JobStatusView(DetailView):
    """A generated-file job: progress bar (polled by htmx while it runs), then the download."""

    template_name = "core/job_status.html"
    context_object_name = "job"

    def get_object(self, queryset=None):
        job = get_object_or_404(GeneratedFile, pk=self.kwargs["pk"])
        if not can_view_job(self.request.user, job):
            raise PermissionDenied
        return job_refresh(job)

    def get_template_names(self):
        if self.request.headers.get("HX-Request"):
            return ["core/_job_progress.html"]
        return [self.template_name]


class JobDownloadView(View):
    def get(self, request, pk):
        job = get_object_or_404(GeneratedFile, pk=pk)
        if not can_view_job(request.user, job):
            raise PermissionDenied
        if job.status != GeneratedFile.Status.DONE:
            raise Http404
        return protected_file_response(job.file, filename=job.filename)


def can_view_job(user, job) -> bool:
    return job.requested_by_id == user.pk or has_role(user, Role.MANAGER, Role.OFFICE)


class WorkflowMoveView(View):
    """The page of a declared move that has no page of its own: a confirmation with a reason box
    (required when the move requires one). Who may open it and what it does come from the
    declaration; the record is locked while the move is made."""

    template_name = "core/workflow_move.html"

    def setup_move(self, request, key, pk, name):
        from django.apps import apps

        from .workflow import workflow_get

        try:
            self.workflow = workflow_get(key)
        except LookupError as exc:
            raise Http404 from exc
        model = apps.get_model(self.workflow.model)
        self.subject = get_object_or_404(model, pk=pk)
        self.move = next((m for m in self.workflow.moves if m.name == name and not m.view and m.button), None)
        if self.move is None:
            raise Http404
        if not self.workflow.allows(self.subject, request.user, name):
            raise PermissionDenied

    def render(self, request, error=""):
        from django.shortcuts import render

        return render(request, self.template_name, {"workflow": self.workflow, "move": self.move,
                                                    "subject": self.subject, "error": error})

    def get(self, request, key, pk, name):
        self.setup_move(request, key, pk, name)
        return self.render(request)

    def post(self, request, key, pk, name):
        from django.contrib import messages
        from django.db import transaction
        from django.shortcuts import redirect

        from .errors import ApplicationError
        from .workflow import transition

        self.setup_move(request, key, pk, name)
        note = request.POST.get("note", "")
        try:
            with transaction.atomic():
                locked = type(self.subject).objects.select_for_update().get(pk=self.subject.pk)
                transition(locked, actor=request.user, move=name, note=note, workflow=self.workflow)
        except ApplicationError as error:
            return self.render(request, error.message)
        messages.success(request, f"{self.move.label}：{self.workflow.describe(self.subject)}")
        target = request.POST.get("next", "")
        if not target.startswith("/") or target.startswith("//"):
            target = self.subject.get_absolute_url() if hasattr(self.subject, "get_absolute_url") else "/"
        return redirect(target)


class IssuedDocumentListView(ListView):
    """发文登记: every 文号 the centre has issued, by year."""

    template_name = "core/issued_document_list.html"
    context_object_name = "documents"
    paginate_by = 50

    def get_queryset(self):
        from .issuing import issued_documents

        self.year = int(self.request.GET.get("year") or timezone.localdate().year)
        return issued_documents(year=self.year)

    def get_context_data(self, **kwargs):
        from .issuing import document_code

        return super().get_context_data(year=self.year, code=document_code(), **kwargs)
