from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.views import View
from django.views.generic import DetailView, ListView

from qms.org.models import Role
from qms.org.roles import has_role

from .files import protected_file_response
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
        return job

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
