"""Training sessions (宣贯) and acknowledgements (学习确认)."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import TemplateView

from qms.core.errors import ApplicationError
from qms.core.viewmixins import PredicateRequiredMixin, message_refusal

from .. import selectors, services
from ..forms_lifecycle import AttendanceForm, TrainingForm
from ..models import Acknowledgement, Standard, TrainingSession
from ..permissions import can_edit_standards, can_view_all_training, can_view_training_file
from ..selectors import training as training_rates
from .base import ServiceFormView


class TrainingListView(TemplateView):
    template_name = "standards/training_list.html"

    def get_context_data(self, **kwargs):
        year = int(self.request.GET.get("year") or timezone.localdate().year)
        sessions = (TrainingSession.objects.filter(held_on__year=year)
                    .prefetch_related("editions__standard", "expected", "attendees"))
        rows = [(s, selectors.session_participation(s), training_rates.session_pass_rate(s)) for s in sessions]
        per_standard = selectors.participation_by_standard(year=year)
        standards = Standard.objects.filter(pk__in=per_standard).order_by("code")
        return super().get_context_data(
            year=year, rows=rows, by_standard=[(s, per_standard[s.pk]) for s in standards], overall=selectors.participation_rate(year=year),
            passing=training_rates.pass_rate(year=year), departments=training_rates.by_department(year=year),
            can_edit=can_edit_standards(self.request.user), can_view_all=can_view_all_training(self.request.user),
            **kwargs)


class TrainingCreateView(PredicateRequiredMixin, ServiceFormView):
    predicate = can_edit_standards
    form_class = TrainingForm
    heading = gettext_lazy("登记培训")
    success_message = gettext_lazy("已登记培训，请在培训后登记签到。")

    def get_initial(self):
        from ..models import TrainingPlanItem

        item = TrainingPlanItem.objects.filter(pk=self.request.GET.get("plan_item") or None).first()
        return {"plan_item": item, "title": item.topic, "trainer": item.trainer} if item else {}

    def perform(self, form):
        return services.training_session_create(actor=self.request.user, **form.cleaned_data)

    def success_redirect(self, session):
        return "training-detail", session.pk


class TrainingDetailView(ServiceFormView):
    """The session and its sign-in sheet (the office ticks who attended)."""

    template_name = "standards/training_detail.html"
    success_message = gettext_lazy("已保存签到。")

    def load(self):
        self.session = get_object_or_404(TrainingSession, pk=self.kwargs["pk"])

    def get_form(self, form_class=None):
        return AttendanceForm(**self.get_form_kwargs(), session=self.session)

    def get_initial(self):
        return {"attendees": list(self.session.attendees.all())}

    def post(self, request, *args, **kwargs):
        if not can_edit_standards(request.user):
            from django.core.exceptions import PermissionDenied

            raise PermissionDenied
        return super().post(request, *args, **kwargs)

    def perform(self, form):
        return services.training_attendance_record(actor=self.request.user, session=self.session,
                                                   attendees=form.cleaned_data["attendees"])

    def success_redirect(self, session):
        return "training-detail", session.pk

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            session=self.session, rate=selectors.session_participation(self.session),
            passing=training_rates.session_pass_rate(self.session),
            files=[p for p in self.session.expected.select_related("department").order_by("username")
                   if can_view_training_file(self.request.user, p)],
            can_edit=can_edit_standards(self.request.user), **kwargs)


class AcknowledgementListView(TemplateView):
    """What I still owe, and what I have confirmed."""

    template_name = "standards/acknowledgement_list.html"

    def get_context_data(self, **kwargs):
        user = self.request.user
        done = (Acknowledgement.objects.filter(user=user).exclude(acknowledged_at=None)
                .select_related("edition__standard").order_by("-acknowledged_at")[:50])
        return super().get_context_data(owed=selectors.acknowledgements_owed(user), done=done, **kwargs)


class AcknowledgementConfirmView(View):
    def post(self, request, pk):
        ack = get_object_or_404(Acknowledgement.objects.select_related("edition"), pk=pk)
        try:
            services.acknowledgement_confirm(actor=request.user, acknowledgement=ack)
            messages.success(request, _("已确认：%(n)s") % {"n": ack.edition.number})
        except ApplicationError as error:
            message_refusal(request, error)
        return redirect("acknowledgement-list")


class AcknowledgementRatesView(TemplateView):
    template_name = "standards/acknowledgement_rates.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            overall=selectors.acknowledgement_rate(),
            by_standard=selectors.acknowledgement_rates_by("standard"),
            by_department=selectors.acknowledgement_rates_by("department"), **kwargs)
