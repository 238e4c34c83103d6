from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.generic import FormView, TemplateView

from qms.core.errors import ApplicationError
from qms.core.viewmixins import PredicateRequiredMixin

from .. import services
from ..forms import ProgrammeForm
from ..models import AuditProgramme
from ..permissions import can_edit_programme, can_manage_audits, can_view_audits, can_view_nonconformities
from ..selectors.audits import audit_list_for_user, programme_coverage
from ..selectors.figures import audit_figures
from ..selectors.nonconformities import nonconformity_list_for_user
from .common import refuse


def _year(request) -> int | None:
    value = request.GET.get("year", "")
    if value == "all":
        return None
    return int(value) if value.isdigit() else timezone.localdate().year


class AuditHomeView(PredicateRequiredMixin, TemplateView):
    """The audits overview: figures on what the user may see, programmes and audits."""

    predicate = can_view_nonconformities
    template_name = "audits/home.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user, year = self.request.user, _year(self.request)
        visible = nonconformity_list_for_user(user)
        context.update(
            year=year, figures=audit_figures(queryset=visible, year=year),
            years=sorted({d.year for d in visible.dates("raised_on", "year")} | {timezone.localdate().year},
                         reverse=True),
            programmes=AuditProgramme.objects.all() if can_view_audits(user) else [],
            audits=audit_list_for_user(user)[:30], can_manage=can_manage_audits(user),
            can_edit_programme=can_edit_programme(user), can_view_audits=can_view_audits(user),
        )
        max_dept = max((n for _d, n in context["figures"]["by_department"]), default=0)
        context["max_dept"] = max_dept or 1
        return context


class ProgrammeCreateView(PredicateRequiredMixin, FormView):
    predicate = can_edit_programme
    form_class = ProgrammeForm
    template_name = "audits/programme_form.html"

    def form_valid(self, form):
        try:
            programme = services.programme_create(actor=self.request.user, **form.cleaned_data)
        except ApplicationError as error:
            refuse(form, error)
            return self.form_invalid(form)
        messages.success(self.request, _("已创建 %(t)s。") % {"t": programme.title})
        return redirect("programme-detail", year=programme.year)


class ProgrammeDetailView(PredicateRequiredMixin, TemplateView):
    """The programme with its audits by month and the coverage matrix."""

    predicate = can_view_audits
    template_name = "audits/programme_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        programme = get_object_or_404(AuditProgramme, year=self.kwargs["year"])
        context.update(programme=programme, coverage=programme_coverage(programme),
                       can_manage=can_manage_audits(self.request.user))
        return context
