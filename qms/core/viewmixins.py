"""Small view helpers shared by every app: role gates and turning refusals into messages."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied

from .errors import ApplicationError


class PredicateRequiredMixin:
    """Deny (403) unless `predicate(user)` holds. Set `predicate` on the view class."""

    predicate = None

    def dispatch(self, request, *args, **kwargs):
        if self.predicate is not None and not type(self).predicate(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


def form_refusal(form, error: ApplicationError):
    """Attach a service refusal to the form (on its field when the service named one)."""
    field = error.field if error.field in form.fields else None
    form.add_error(field, error.message)


def message_refusal(request, error: ApplicationError):
    messages.error(request, error.message)


DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def file_download(data: bytes, filename: str, content_type: str):
    """Bytes built in memory, sent as an attachment with a UTF-8 (Chinese-safe) file name."""
    from django.http import HttpResponse
    from django.utils.http import content_disposition_header

    response = HttpResponse(data, content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(True, filename)
    return response


class ServiceFormMixin:
    """A form whose valid POST calls one service. Subclasses define `perform(form)`, which calls
    the service and returns what `service_success(result)` turns into a response (by default a
    redirect to the result: a URL, a model with get_absolute_url, or (name, *args)). A refusal
    goes back onto the form, on its field when the service named one."""

    success_message = ""

    def form_valid(self, form):
        try:
            result = self.perform(form)
        except ApplicationError as error:
            form_refusal(form, error)
            return self.form_invalid(form)
        if self.success_message:
            messages.success(self.request, self.success_message)
        return self.service_success(result)

    def service_success(self, result):
        from django.shortcuts import redirect

        if isinstance(result, tuple):
            return redirect(*result)
        return redirect(result)
