"""Case pages: the performance figures (by month, department, window, item) and the import with
a preview. Interface only: the selectors compute, the import service decides."""

import calendar
import datetime as dt

from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.generic import TemplateView

from standards.views.system_table import StandardImportView

from .figures import twelve_months
from .forms import CaseFiguresForm, CaseImportForm
from .models import CASE_IMPORTER
from .permissions import can_import_cases
from .selectors import case_figures, case_imports_recent, cases_late
from .services import cases_import, cases_import_preview


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


class CaseImportView(StandardImportView):
    """Upload -> preview (counts, bad rows, unmatched departments and items; nothing written) ->
    confirm (the same file, imported for real, all or nothing): the shared import steps."""

    predicate = can_import_cases
    template_name = "cases/case_import.html"
    session_key = CASE_IMPORTER
    form_class = CaseImportForm
    url_name = "case-import"
    done_url_name = "case-figures"

    def plan_preview(self, upload, filename):
        return cases_import_preview(upload=upload, filename=filename)

    def plan_import(self, upload, filename):
        upload.name = filename  # read_table tells CSV by the name
        return cases_import(actor=self.request.user, upload=upload, filename=filename, batch=self.batch)

    def can_confirm(self, plan) -> bool:
        return not plan.errors and plan.created > 0

    def plan_counts(self, plan) -> dict:
        return plan.record()

    def done_message(self, plan) -> str:
        return _("导入完成：新增办件 %(c)d 件，重复跳过 %(s)d 件。") % {"c": plan.created, "s": plan.skipped}
