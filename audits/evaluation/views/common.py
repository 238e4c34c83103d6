"""Shared view plumbing: a form view that calls one service and turns its refusal into a form error."""

import datetime as dt

from django.utils import timezone
from django.views.generic import FormView

from qms.core.viewmixins import PredicateRequiredMixin, ServiceFormMixin, file_download

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class ServiceFormView(PredicateRequiredMixin, ServiceFormMixin, FormView):
    """`perform(form)` calls one service and returns the URL to go to (qms.core's
    ServiceFormMixin). `title` and `back_url` fill the generic form page."""

    template_name = "evaluation/form.html"
    title = ""

    def get_context_data(self, **kwargs):
        return super().get_context_data(title=self.title, back_url=self.get_back_url(), **kwargs)

    def get_back_url(self):
        return self.request.META.get("HTTP_REFERER", "")


file_response = file_download  # one helper for every app: qms.core.viewmixins.file_download




def parse_month(value: str | None, default: dt.date | None = None) -> dt.date:
    """'2026-03' -> 2026-03-01; anything else gives the default (this month)."""
    try:
        year, month = (int(p) for p in (value or "").split("-")[:2])
        return dt.date(year, month, 1)
    except (ValueError, TypeError):
        return (default or timezone.localdate()).replace(day=1)


def parse_year(value: str | None) -> int:
    try:
        year = int(value or "")
        if 2000 <= year <= 2100:
            return year
    except ValueError:
        pass
    return timezone.localdate().year
