"""Shared view plumbing: a form view that calls one service and turns its refusal into a form error."""

import datetime as dt

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect
from django.utils import timezone
from django.views.generic import FormView

from qms.core.errors import ApplicationError
from qms.core.viewmixins import PredicateRequiredMixin, form_refusal

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class ServiceFormView(PredicateRequiredMixin, FormView):
    """`perform(form)` calls one service and returns the URL to go to; a refusal becomes a form
    error. `title` and `back_url` fill the generic form page."""

    template_name = "evaluation/form.html"
    title = ""
    success_message = ""

    def perform(self, form):
        raise NotImplementedError

    def form_valid(self, form):
        try:
            url = self.perform(form)
        except ApplicationError as error:
            form_refusal(form, error)
            return self.form_invalid(form)
        if self.success_message:
            messages.success(self.request, self.success_message)
        return redirect(url)

    def get_context_data(self, **kwargs):
        return super().get_context_data(title=self.title, back_url=self.get_back_url(), **kwargs)

    def get_back_url(self):
        return self.request.META.get("HTTP_REFERER", "")


def file_response(data: bytes, filename: str, content_type: str) -> HttpResponse:
    response = HttpResponse(data, content_type=content_type)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{_quote(filename)}"
    return response


def _quote(name: str) -> str:
    from urllib.parse import quote

    return quote(name)


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
