"""The continual-improvement register: list, entry, completion. Thin: one service per write."""

from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.generic import FormView, ListView

from qms.core.figures import figure_get
from qms.core.viewmixins import PredicateRequiredMixin, ServiceFormMixin

from ..improvement_forms import ImprovementCompleteForm, ImprovementForm
from ..models import Improvement
from ..permissions import can_complete_improvement, can_record_improvement, can_view_nonconformities
from ..services import improvement_complete, improvement_create


class ImprovementListView(PredicateRequiredMixin, ListView):
    predicate = can_view_nonconformities
    template_name = "audits/improvement_list.html"
    context_object_name = "improvements"

    def get_queryset(self):
        return Improvement.objects.select_related("owner", "department")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        labels = {i.figure_key: getattr(figure_get(i.figure_key), "label", i.figure_key)
                  for i in context["improvements"] if i.figure_key}
        return {**context, "figure_labels": labels, "can_record": can_record_improvement(self.request.user),
                "user_pk": self.request.user.pk}


class ImprovementCreateView(PredicateRequiredMixin, ServiceFormMixin, FormView):
    predicate = can_record_improvement
    template_name = "audits/improvement_form.html"
    form_class = ImprovementForm
    success_message = _("已登记。")
    extra_context = {"title": _("登记持续改进")}

    def perform(self, form):
        improvement_create(actor=self.request.user, **form.cleaned_data)
        return reverse("improvement-list")


class ImprovementCompleteView(ServiceFormMixin, FormView):
    template_name = "audits/improvement_form.html"
    form_class = ImprovementCompleteForm
    success_message = _("已完成。")

    def dispatch(self, request, *args, **kwargs):
        self.improvement = get_object_or_404(Improvement, pk=kwargs["pk"])
        if not can_complete_improvement(request.user, self.improvement):
            from django.core.exceptions import PermissionDenied

            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        return super().get_context_data(title=f"{_('完成持续改进')} {self.improvement}", **kwargs)

    def perform(self, form):
        improvement_complete(actor=self.request.user, improvement=self.improvement, **form.cleaned_data)
        return reverse("improvement-list")
