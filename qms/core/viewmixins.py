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


def decision_choices(field, workflow, obj, user, moves_by_choice: dict[str, str]) -> None:
    """Keep only the choices of a decision field whose move the user may make now (the form's
    choices come from the workflow declaration, like the buttons)."""
    field.choices = [(value, label) for value, label in field.choices
                     if value not in moves_by_choice or workflow.allows(obj, user, moves_by_choice[value])]
    if len(field.choices) == 1:
        field.initial = field.choices[0][0]


class MovePageMixin:
    """The page of one or more declared moves of `workflow`: the view's permission check is the
    declaration's (403 unless the user may make one of `moves` on the page's record now), and a
    `decision` field, if the form has one, offers only the moves the user may make."""

    workflow = None
    moves: tuple[str, ...] = ()
    decision_moves: dict[str, str] = {}

    def move_subject(self):
        """The record the page moves; views set `self.subject` when they load it."""
        return self.subject

    def allowed(self, user) -> bool:
        subject = self.move_subject()
        return any(self.workflow.allows(subject, user, name) for name in self.moves)

    def get_form(self, form_class=None):
        form = super().get_form(form_class)
        if self.decision_moves and "decision" in form.fields:
            decision_choices(form.fields["decision"], self.workflow, self.move_subject(), self.request.user,
                             self.decision_moves)
        return form
