"""Case pages: the performance figures (by month, department, window, item) and the import with
a preview. Interface only: the selectors compute, the import service decides."""

import calendar
import datetime as dt
import uuid

from django.contrib import messages
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView

from qms.core.errors import ApplicationError
from qms.core.viewmixins import PredicateRequiredMixin

from .figures import twelve_months
from .forms import CaseFiguresForm, CaseImportConfirmForm, CaseImportForm
from .permissions import can_import_cases
from .selectors import case_figures, case_imports_recent, cases_late
from .services import cases_import

SESSION_KEY = "case_import_files"
MAX_UPLOAD = 40 * 1024 * 1024


def _period(month: dt.date | None) -> tuple[dt.date, dt.date]:
    if month is None:
        return twelve_months(None)
    return month, month.replace(day=calendar.monthrange(month.year, month.month)[1])


class CaseFiguresView(TemplateView):
    template_name = "cases/case_figures.html"

    def get_context_data(self, **kwargs):
        form = CaseFiguresForm(self.request.GET or None)
        valid = form.is_valid()
        month = form.cleaned_data["month"] if valid else None
        group = (form.cleaned_data["by"] if valid else "") or ("department" if month else "month")
        start, end = _period(month)
        return super().get_context_data(
            form=form, start=start, end=end, group=group,
            totals=case_figures(start=start, end=end)[0], rows=case_figures(start=start, end=end, group=group),
            late=cases_late(start=start, end=end)[:50], imports=case_imports_recent(5),
            can_import=can_import_cases(self.request.user), today=timezone.localdate(), **kwargs)


class CaseImportView(PredicateRequiredMixin, View):
    """Upload -> dry-run preview (nothing written) -> confirm (the same file, imported for real)."""

    predicate = can_import_cases
    template_name = "cases/case_import.html"

    def get(self, request):
        return render(request, self.template_name, {"form": CaseImportForm()})

    def post(self, request):
        if "token" in request.POST:
            return self._confirm(request)
        form = CaseImportForm(request.POST, request.FILES)
        if not form.is_valid():
            return render(request, self.template_name, {"form": form})
        upload = form.cleaned_data["upload"]
        suffix = ".csv" if upload.name.lower().endswith((".csv", ".txt")) else ".xlsx"
        token = uuid.uuid4().hex
        path = default_storage.save(f"case-imports/{token}{suffix}", ContentFile(upload.read(MAX_UPLOAD + 1)))
        request.session[SESSION_KEY] = {**request.session.get(SESSION_KEY, {}), token: [path, upload.name[:200]]}
        return self._run(request, token, [path, upload.name[:200]], dry_run=True)

    def _confirm(self, request):
        form = CaseImportConfirmForm(request.POST)
        files = request.session.get(SESSION_KEY, {})
        if not form.is_valid() or form.cleaned_data["token"] not in files:
            messages.error(request, _("导入文件已失效，请重新上传。"))
            return redirect("case-import")
        token = form.cleaned_data["token"]
        return self._run(request, token, files[token], dry_run=False)

    def _run(self, request, token, stored, *, dry_run):
        path, name = stored
        with default_storage.open(path, "rb") as handle:
            upload = SimpleUploadedFile(name, handle.read())
        try:
            report = cases_import(actor=request.user, upload=upload, dry_run=dry_run)
        except ApplicationError as error:
            return render(request, self.template_name, {
                "form": CaseImportForm(), "refusal": error.message, "errors": error.extra.get("errors", [])})
        if dry_run:
            return render(request, self.template_name, {"form": CaseImportForm(), "report": report, "token": token})
        default_storage.delete(path)
        request.session[SESSION_KEY] = {k: v for k, v in request.session.get(SESSION_KEY, {}).items() if k != token}
        messages.success(request, _("导入完成：新增办件 %(c)d 件，重复跳过 %(s)d 件。")
                         % {"c": report.created, "s": report.skipped})
        return redirect("case-figures")
