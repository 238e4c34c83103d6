"""Staff assessment pages (员工考核): the month's cards and 服务之星, computation, manual scores,
the attendance import (the shared upload -> preview -> confirm flow), the printable 通报."""

from django import forms
from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import TemplateView

from qms.core.errors import ApplicationError
from qms.core.import_rows import CREATE, UPDATE
from qms.core.viewmixins import PredicateRequiredMixin, message_refusal
from qms.org.selectors import organisation_profile
from standards.permissions import can_view_training_file
from standards.views.system_table import StandardImportView

from ..forms import ScoreForm
from ..models import StaffScore
from ..permissions import can_manage_evaluation, can_view_staff_assessment
from ..selectors import staff as sel
from ..services import staff as svc
from ..services.attendance_import import attendance_import, attendance_import_preview
from .common import ServiceFormView, parse_month
from .scorecards import _last_month


class StaffAssessmentView(PredicateRequiredMixin, TemplateView):
    predicate = can_view_staff_assessment
    template_name = "evaluation/staff_assessment.html"

    def get_context_data(self, **kwargs):
        month = parse_month(self.request.GET.get("month"), default=_last_month())
        cards = sel.staff_cards_for_month(month)
        return super().get_context_data(
            month=month, months=sel.staff_months(), cards=cards, criteria=svc.staff_criteria(),
            attendance=sel.attendance_for_month(month), star=next((c for c in cards if c.star), None),
            stars=sel.service_stars(), rule=svc.STAR_RULE, can_manage=can_manage_evaluation(self.request.user),
            file_ids={c.user_id for c in cards if can_view_training_file(self.request.user, c.user)}, **kwargs)


class StaffNoticeView(StaffAssessmentView):
    """The month's 服务之星 通报, a page laid out for printing."""

    template_name = "evaluation/staff_notice.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(profile=organisation_profile(), **kwargs)


class StaffComputeView(PredicateRequiredMixin, View):
    predicate = can_manage_evaluation

    def post(self, request):
        month = parse_month(request.POST.get("month"))
        try:
            cards = svc.staff_scorecards_compute(actor=request.user, month=month)
            messages.success(request, _("已计算 %(n)d 人的员工考核。") % {"n": len(cards)})
        except ApplicationError as error:
            message_refusal(request, error)
        return redirect(f"{reverse('staff-assessment')}?month={month:%Y-%m}")


class StaffScoreUpdateView(ServiceFormView):
    predicate = can_manage_evaluation
    form_class = ScoreForm

    def dispatch(self, request, *args, **kwargs):
        self.score = get_object_or_404(StaffScore.objects.select_related("criterion", "card__user"), pk=kwargs["pk"])
        self.title = f"{self.score.card.user.display_name} · {self.score.criterion.name}"
        return super().dispatch(request, *args, **kwargs)

    def get_initial(self):
        return {"score": self.score.score, "note": self.score.note}

    def perform(self, form):
        svc.staff_score_set(actor=self.request.user, score=self.score, value=form.cleaned_data["score"],
                            note=form.cleaned_data["note"])
        return f"{reverse('staff-assessment')}?month={self.score.card.month:%Y-%m}"


class AttendanceImportForm(forms.Form):
    file = forms.FileField(label=gettext_lazy("考勤系统导出的出勤表（.xlsx）"),
                           widget=forms.ClearableFileInput(attrs={"accept": ".xlsx", "class": "form-control"}))


class AttendanceImportView(StandardImportView):
    predicate = can_manage_evaluation
    template_name = "evaluation/attendance_import.html"
    session_key = "attendance_import"
    form_class = AttendanceImportForm
    url_name = "attendance-import"
    done_url_name = "staff-assessment"

    def plan_preview(self, upload, filename):
        return attendance_import_preview(upload=upload, filename=filename)

    def plan_import(self, upload, filename):
        return attendance_import(actor=self.request.user, upload=upload, filename=filename)

    def plan_counts(self, plan):
        return plan.counts

    def done_message(self, plan):
        return _("已导入 %(f)s：新增出勤 %(c)d 条，更新 %(u)d 条。") % {
            "f": plan.filename, "c": plan.count(CREATE), "u": plan.count(UPDATE)}
