"""A substantiated complaint raises a nonconformity in one step (through the audit app's service)."""

from django.urls import reverse
from django.utils.translation import gettext as _

from .. import sources
from ..forms import NonconformityForm
from ..permissions import can_raise_nonconformity_from_complaint
from ..services.complaints import complaint_raise_nonconformity
from .common import ServiceFormView


def nonconformity_context(user, complaint) -> dict:
    available = sources.nonconformity_raiser() is not None
    may = (available and can_raise_nonconformity_from_complaint(user) and complaint.substantiated is True
           and not complaint.nonconformity_ref)
    form = NonconformityForm(grades=sources.nonconformity_grades(),
                             initial={"description": complaint.description}) if may else None
    return {"can_raise_nc": may, "nc_form": form, "nc_url": sources.nonconformity_url(complaint.nonconformity_ref)}


class ComplaintNonconformityView(ServiceFormView):
    predicate = can_raise_nonconformity_from_complaint
    form_class = NonconformityForm
    title = _("由投诉提出不符合项")

    def dispatch(self, request, *args, **kwargs):
        from .complaints import complaint_for_user

        self.complaint = complaint_for_user(request.user, kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "grades": sources.nonconformity_grades()}

    def perform(self, form):
        nc = complaint_raise_nonconformity(actor=self.request.user, complaint=self.complaint, **form.cleaned_data)
        self.success_message = _("已提出不符合项 %(n)s。") % {"n": getattr(nc, "number", nc.pk)}
        return reverse("complaint-detail", args=[self.complaint.pk])
