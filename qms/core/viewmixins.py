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
