"""A form page whose POST calls one service: refusals go back onto the form."""

from django.core.exceptions import PermissionDenied
from django.views.generic import FormView

from qms.core.viewmixins import ServiceFormMixin, file_download


class ServiceFormView(ServiceFormMixin, FormView):
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

    def service_success(self, obj):
        return super().service_success(tuple(self.success_redirect(obj)))

    def get_context_data(self, **kwargs):
        return super().get_context_data(heading=self.heading, **kwargs)


file_response = file_download  # one helper for every app: qms.core.viewmixins.file_download


DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
