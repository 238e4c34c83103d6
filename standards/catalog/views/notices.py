"""一次性告知单 at the window: the form that records one (and downloads it), the record's .docx,
and the register the centre counts them from."""

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.views import View
from django.views.generic import FormView, ListView

from qms.core.errors import ApplicationError
from qms.core.viewmixins import DOCX_TYPE, file_download, form_refusal

from .. import selectors, services
from ..documents.notice import render_notice
from ..forms import NoticeIssueForm
from ..models import NoticeIssue, ServiceItem
from ..permissions import can_issue_notice


class NoticeIssueCreateView(FormView):
    template_name = "catalog/notice_issue_form.html"
    form_class = NoticeIssueForm

    def dispatch(self, request, *args, **kwargs):
        self.item = get_object_or_404(ServiceItem.objects.select_related("department"), pk=kwargs["pk"])
        if not can_issue_notice(request.user, self.item):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "materials": list(self.item.materials.all())}

    def form_valid(self, form):
        try:
            issue = services.notice_issue(actor=self.request.user, item=self.item, materials=form.materials(),
                                          **{k: form.cleaned_data[k] for k in ("applicant", "contact", "deadline")})
        except ApplicationError as error:
            form_refusal(form, error)
            return self.form_invalid(form)
        return redirect("notice-issue-download", pk=issue.pk)

    def get_context_data(self, **kwargs):
        return super().get_context_data(item=self.item, **kwargs)


class NoticeIssueDownloadView(View):
    def get(self, request, pk):
        issue = get_object_or_404(NoticeIssue.objects.select_related("item__department", "issued_by"), pk=pk)
        if not can_issue_notice(request.user, issue.item):
            raise PermissionDenied
        data = render_notice(selectors.item_document_context(issue.item), selectors.notice_issue_context(issue))
        return file_download(data, f"一次性告知单-{issue.number}.docx", DOCX_TYPE)


class NoticeIssueListView(ListView):
    template_name = "catalog/notice_issue_list.html"
    context_object_name = "issues"
    paginate_by = 50

    def get_queryset(self):
        self.year = int(self.request.GET.get("year") or timezone.localdate().year)
        return selectors.notice_issues(year=self.year)

    def get_context_data(self, **kwargs):
        return super().get_context_data(year=self.year, total=selectors.notice_issue_count(year=self.year),
                                        **kwargs)
