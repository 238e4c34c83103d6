"""A form page whose POST calls one service: refusals go back onto the form."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect
from django.views.generic import FormView

from qms.core.errors import ApplicationError
from qms.core.viewmixins import form_refusal


class ServiceFormView(FormView):
    """Subclasses set `allowed(user)` (per object), `perform(form)` (one service call, returns
    the object to go to) and `success_message`; `success_redirect(obj)` gives (name, kwargs)."""

    template_name = "standards/action_form.html"
    heading = ""
    success_message = ""

    def allowed(self, user) -> bool:
        return True

    def dispatch(self, request, *args, **kwargs):
        self.load()
        if not self.allowed(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def load(self):
        """Fetch the object the page is about (set attributes)."""

    def form_valid(self, form):
        try:
            obj = self.perform(form)
        except ApplicationError as error:
            form_refusal(form, error)
            return self.form_invalid(form)
        if self.success_message:
            messages.success(self.request, self.success_message)
        name, *args = self.success_redirect(obj)
        return redirect(name, *args)

    def get_context_data(self, **kwargs):
        return super().get_context_data(heading=self.heading, **kwargs)


def file_response(data: bytes, filename: str, content_type: str) -> HttpResponse:
    from urllib.parse import quote

    response = HttpResponse(data, content_type=content_type)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(filename)}"
    return response


DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
