"""The evaluation overview, the settings and the holiday table."""

import datetime as dt

from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView

from qms.core.calendar import holiday_delete, holiday_save, national_years
from qms.core.errors import ApplicationError
from qms.core.figures import figure_value
from qms.core.models import Holiday
from qms.core.viewmixins import PredicateRequiredMixin, message_refusal

from ..forms import HolidayForm, SettingsForm
from ..permissions import can_manage_evaluation
from ..selectors.complaints import complaints_by_status
from ..selectors.reviews import review_actions_open
from ..selectors.settings import evaluation_settings
from .common import ServiceFormView


class EvaluationHomeView(TemplateView):
    template_name = "evaluation/home.html"

    def get_context_data(self, **kwargs):
        today = timezone.localdate()
        return super().get_context_data(
            satisfaction=figure_value("satisfaction_rate"), on_time=figure_value("complaints_on_time"),
            settings=evaluation_settings(), complaint_counts=complaints_by_status(),
            open_actions=review_actions_open().count(),
            overdue_actions=review_actions_open().filter(due_on__lt=today).count(),
            can_manage=can_manage_evaluation(self.request.user), **kwargs)


class SettingsUpdateView(ServiceFormView):
    predicate = can_manage_evaluation
    form_class = SettingsForm
    title = _("评价设置")
    success_message = _("已保存。")

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "instance": evaluation_settings()}

    def perform(self, form):
        from qms.core.history import save_with_reason

        save_with_reason(form.instance, actor=self.request.user, reason=_("修改评价设置"))
        return reverse("evaluation-home")


class HolidayListView(ServiceFormView):
    template_name = "evaluation/holiday_list.html"
    predicate = can_manage_evaluation
    form_class = HolidayForm
    title = _("节假日")

    def get_context_data(self, **kwargs):
        year = timezone.localdate().year
        return super().get_context_data(holidays=Holiday.objects.filter(date__gte=dt.date(year - 1, 1, 1)),
                                        national_years=national_years(), **kwargs)

    def perform(self, form):
        holiday_save(actor=self.request.user, **form.cleaned_data)
        return reverse("holiday-list")


class HolidayDeleteView(PredicateRequiredMixin, View):
    predicate = can_manage_evaluation

    def post(self, request, pk):
        try:
            holiday_delete(actor=request.user, holiday=get_object_or_404(Holiday, pk=pk))
        except ApplicationError as error:
            message_refusal(request, error)
        return redirect("holiday-list")
