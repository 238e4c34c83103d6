"""标准有效性确认: the overview, the status-list import, a confirmation, and the two actions on a
flagged standard (adopt the replacement, withdraw it from the system)."""

from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import FormView, TemplateView

from qms.core.viewmixins import PredicateRequiredMixin, ServiceFormMixin

from .. import selectors, services
from ..forms_validity import AdoptedWithdrawForm, AdoptReplacementForm, StatusImportForm, ValidityConfirmForm
from ..imports import CREATE, IGNORED, UPDATE, standard_status_import, standard_status_import_preview
from ..models import Standard
from ..permissions import can_edit_standards, can_view_standards
from .base import ServiceFormView
from .system_table import StandardImportView


class ValidityOverviewView(PredicateRequiredMixin, TemplateView):
    predicate = can_view_standards
    template_name = "standards/validity_overview.html"

    def get_context_data(self, **kwargs):
        today = timezone.localdate()
        rows = selectors.adopted_in_force(today=today)
        cutoff = selectors.add_years(today, -1)
        return super().get_context_data(
            rows=rows, flagged=[r for r in rows if r.flagged],
            unconfirmed=[r for r in rows if r.unconfirmed_since(cutoff)],
            confirmations=selectors.validity_confirmations(), can_edit=can_edit_standards(self.request.user),
            definitions={"flagged": selectors.adopted_flagged.__doc__,
                         "unconfirmed": selectors.adopted_unconfirmed.__doc__}, **kwargs)


class StandardStatusImportView(StandardImportView):
    template_name = "standards/status_import.html"
    session_key = "standard_status_import"
    form_class = StatusImportForm
    url_name = "standard-status-import"
    done_url_name = "validity-overview"

    def plan_preview(self, upload, filename):
        return standard_status_import_preview(upload=upload, filename=filename)

    def plan_import(self, upload, filename):
        return standard_status_import(actor=self.request.user, upload=upload, filename=filename)

    def can_confirm(self, plan) -> bool:
        return not plan.errors and bool(plan.matched)

    def done_message(self, plan) -> str:
        return _("已导入 %(f)s：确认 %(m)d 项采用标准（新增状态 %(c)d，状态变更 %(u)d），其中被代替或废止 %(x)d 项；"
                 "%(i)d 项本单位未采用。") % {
            "f": plan.filename, "m": len(plan.matched), "c": plan.count(CREATE), "u": plan.count(UPDATE),
            "x": plan.counts["flagged"], "i": plan.count(IGNORED)}


class _FlaggedActionView(ServiceFormView):
    def load(self):
        self.standard = get_object_or_404(Standard.objects.select_related("node"), pk=self.kwargs["pk"])
        self.validity = selectors.standard_validity(self.standard)

    def allowed(self, user) -> bool:
        return can_edit_standards(user)

    def success_redirect(self, obj):
        return "standard-detail", obj.pk

    def get_context_data(self, **kwargs):
        return super().get_context_data(standard=self.standard, validity=self.validity, **kwargs)


class AdoptReplacementView(_FlaggedActionView):
    form_class = AdoptReplacementForm
    heading = _("采用代替标准")

    def get_initial(self):
        status = self.validity.status if self.validity else None
        return {"number": status.replaced_by if status else "",
                "effective_on": status.ends_on if status else None}

    def perform(self, form):
        data = form.cleaned_data
        standard = services.adopted_standard_replace(actor=self.request.user, standard=self.standard,
                                                     number=data["number"], name=data["name"],
                                                     effective_on=data["effective_on"])
        self.success_message = _("已采用 %(n)s，原版本记为被代替。") % {"n": standard.number}
        return standard


class AdoptedWithdrawView(_FlaggedActionView):
    form_class = AdoptedWithdrawForm
    heading = _("撤出标准体系")

    def perform(self, form):
        standard = services.adopted_standard_withdraw(actor=self.request.user, standard=self.standard,
                                                      reason=form.cleaned_data["reason"],
                                                      withdrawn_on=form.cleaned_data["withdrawn_on"])
        self.success_message = _("%(n)s 已撤出标准体系。") % {"n": standard.number}
        return standard


class ValidityConfirmView(PredicateRequiredMixin, ServiceFormMixin, FormView):
    predicate = can_edit_standards
    form_class = ValidityConfirmForm
    template_name = "standards/validity_confirm.html"
    success_message = _("已记录标准有效性确认。")

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "rows": selectors.adopted_in_force()}

    def perform(self, form):
        data = form.cleaned_data
        services.validity_confirmation_record(actor=self.request.user, confirmed_on=data["confirmed_on"],
                                              source=data["source"], notes=data["notes"], outcomes=form.outcomes())
        return "validity-overview"


class ReferenceCheckView(PredicateRequiredMixin, TemplateView):
    """引用核查: every problem in the in-house standards' normative references."""

    predicate = can_view_standards
    template_name = "standards/reference_check.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(problems=selectors.reference_problems(), definition=REFERENCE_HELP,
                                        **kwargs)


REFERENCE_HELP = gettext_lazy("列出自制标准（现行版本和在编草案）的规范性引用文件中的问题：注日期引用了已被代替或不再现行的版本；"
                    "引用了本中心已废止的标准或不存在的本中心标准编号；引用的采用标准经有效性确认已被代替或废止。")
