from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.generic import DetailView, FormView
from django_filters.views import FilterView
from django_tables2 import SingleTableMixin

from qms.core.errors import ApplicationError
from qms.core.viewmixins import PredicateRequiredMixin, form_refusal

from .. import selectors, services
from ..filters import StandardFilter
from ..forms import StandardForm
from ..models import Standard, SystemNode
from ..permissions import can_edit_standards
from ..tables import StandardTable


class StandardListView(SingleTableMixin, FilterView):
    table_class = StandardTable
    filterset_class = StandardFilter
    template_name = "standards/standard_list.html"
    paginate_by = 50

    def get_queryset(self):
        return selectors.standard_list_for_user(self.request.user)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["can_edit"] = can_edit_standards(self.request.user)
        return context


class StandardDetailView(DetailView):
    template_name = "standards/standard_detail.html"
    context_object_name = "standard"

    def get_object(self, queryset=None):
        try:
            return selectors.standard_detail(self.kwargs["pk"])
        except Standard.DoesNotExist as exc:
            from django.http import Http404

            raise Http404 from exc

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        editions = list(self.object.editions.all())
        context.update(
            editions=editions,
            can_edit=can_edit_standards(self.request.user),
            history=selectors.standard_history(self.object)[:20],
            validity=selectors.standard_validity(self.object),
            references=self.references(editions),
        )
        context["reference_problems"], context["citing_old"] = selectors.standard_references(self.object)
        return context


    @staticmethod
    def references(editions):
        """The references of the edition in force, or else of the latest edition."""
        shown = next((e for e in editions if e.status == "in_force"), editions[0] if editions else None)
        return list(shown.references.all()) if shown else []  # one query


class StandardFormMixin(PredicateRequiredMixin):
    predicate = can_edit_standards
    form_class = StandardForm

    def service_fields(self, form):
        data = dict(form.cleaned_data)
        data.pop("version", None)
        reason = data.pop("reason", "")
        return data, reason


class StandardCreateView(StandardFormMixin, FormView):
    template_name = "standards/standard_form.html"

    def get_initial(self):
        initial = super().get_initial()
        node_code = self.request.GET.get("node")
        if node_code:
            initial["node"] = SystemNode.objects.filter(code=node_code).first()
        for key in ("name", "plan", "origin", "level"):
            if self.request.GET.get(key):
                initial[key] = self.request.GET[key]
        return initial

    def form_valid(self, form):
        data, reason = self.service_fields(form)
        try:
            standard = services.standard_create(actor=self.request.user, reason=reason, **data)
        except ApplicationError as error:
            form_refusal(form, error)
            return self.form_invalid(form)
        messages.success(self.request, _("已新增标准 %(code)s。") % {"code": standard.code})
        return redirect("standard-detail", pk=standard.pk)


class StandardUpdateView(StandardFormMixin, FormView):
    template_name = "standards/standard_form.html"

    def dispatch(self, request, *args, **kwargs):
        self.standard = get_object_or_404(Standard, pk=kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["instance"] = self.standard
        kwargs["initial"] = {"version": self.standard.version}
        return kwargs

    def form_valid(self, form):
        data, reason = self.service_fields(form)
        expected = form.cleaned_data.get("version") or 0
        try:
            services.standard_update(actor=self.request.user, standard=self.standard,
                                     expected_version=expected, reason=reason, **data)
        except ApplicationError as error:
            form_refusal(form, error)
            return self.form_invalid(form)
        messages.success(self.request, _("已保存。"))
        return redirect("standard-detail", pk=self.standard.pk)

    def get_context_data(self, **kwargs):
        return super().get_context_data(standard=self.standard, **kwargs)


class StandardHistoryView(DetailView):
    """The history timeline, and a field-by-field diff of any two history rows (?a=&b=)."""

    model = Standard
    template_name = "standards/standard_history.html"
    context_object_name = "standard"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        records = list(selectors.standard_history(self.object))
        by_id = {str(r.history_id): r for r in records}
        a, b = by_id.get(self.request.GET.get("a", "")), by_id.get(self.request.GET.get("b", ""))
        if a is None and len(records) >= 2:
            a, b = records[1], records[0]
        context.update(records=records, a=a, b=b,
                       diff=selectors.history_diff(b, a) if a and b and a != b else [])
        context["edition_history"] = selectors.edition_history_for_standard(self.object)
        return context
