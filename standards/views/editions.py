from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import FormView, TemplateView

from qms.core.errors import ApplicationError
from qms.core.files import protected_file_response
from qms.core.viewmixins import PredicateRequiredMixin, form_refusal, message_refusal

from .. import selectors, services
from ..forms import EditionForm, WithdrawForm
from ..models import Edition, Standard
from ..permissions import can_edit_standards, can_view_standards
from ..workflows import EDITION_WORKFLOW


class EditionCreateView(PredicateRequiredMixin, FormView):
    predicate = can_edit_standards
    form_class = EditionForm
    template_name = "standards/edition_form.html"

    def dispatch(self, request, *args, **kwargs):
        self.standard = get_object_or_404(Standard, pk=kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def get_initial(self):
        current = self.standard.editions.order_by("-seq").first()
        return {"title": self.standard.name, "number": current.number if current else self.standard.number}

    def form_valid(self, form):
        data = dict(form.cleaned_data)
        publish_now, reason, upload = data.pop("publish_now"), data.pop("reason"), data.pop("upload")
        try:
            with transaction.atomic():  # a refused publication leaves no draft behind
                edition = services.edition_create(actor=self.request.user, standard=self.standard,
                                                  upload=upload, reason=reason, **data)
                if publish_now:
                    services.edition_publish(actor=self.request.user, edition=edition)
        except ApplicationError as error:
            form_refusal(form, error)
            return self.form_invalid(form)
        messages.success(self.request, _("已保存版本 %(n)s。") % {"n": edition.number})
        return redirect("standard-detail", pk=self.standard.pk)

    def get_context_data(self, **kwargs):
        return super().get_context_data(standard=self.standard, **kwargs)


class EditionPublishView(View):
    """Publish (from 已批准) or register (an adopted standard's draft): the declared moves decide."""

    def post(self, request, pk):
        edition = get_object_or_404(Edition.objects.select_related("standard"), pk=pk)
        if not any(EDITION_WORKFLOW.allows(edition, request.user, m) for m in ("publish", "register")):
            raise PermissionDenied
        try:
            services.edition_publish(actor=request.user, edition=edition)
            messages.success(request, _("%(n)s 已发布实施。") % {"n": edition.number})
        except ApplicationError as error:
            message_refusal(request, error)
        return redirect("standard-detail", pk=edition.standard_id)


class EditionWithdrawView(FormView):
    form_class = WithdrawForm
    template_name = "standards/edition_withdraw.html"

    def dispatch(self, request, *args, **kwargs):
        self.edition = get_object_or_404(Edition.objects.select_related("standard"), pk=kwargs["pk"])
        if not EDITION_WORKFLOW.allows(self.edition, request.user, "withdraw"):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def form_valid(self, form):
        try:
            services.edition_withdraw(actor=self.request.user, edition=self.edition,
                                      reason=form.cleaned_data["reason"])
        except ApplicationError as error:
            form_refusal(form, error)
            return self.form_invalid(form)
        messages.success(self.request, _("%(n)s 已废止。") % {"n": self.edition.number})
        return redirect("standard-detail", pk=self.edition.standard_id)

    def get_context_data(self, **kwargs):
        return super().get_context_data(edition=self.edition, standard=self.edition.standard, **kwargs)


class EditionDocumentView(PredicateRequiredMixin, View):
    """The edition's file, served only to users allowed to read standards."""

    predicate = can_view_standards

    def get(self, request, pk):
        edition = get_object_or_404(Edition, pk=pk)
        suffix = edition.document.name.rsplit(".", 1)[-1] if edition.document else "bin"
        return protected_file_response(edition.document, filename=f"{edition.number}.{suffix}")


class EditionCompareView(TemplateView):
    """Text diff between two editions of a standard (?a=&b= edition ids)."""

    template_name = "standards/edition_compare.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        standard = get_object_or_404(Standard, pk=self.kwargs["pk"])
        editions = list(standard.editions.order_by("seq"))
        by_id = {str(e.pk): e for e in editions}
        a, b = by_id.get(self.request.GET.get("a", "")), by_id.get(self.request.GET.get("b", ""))
        if (a is None or b is None) and len(editions) >= 2:
            a, b = editions[-2], editions[-1]
        diff = selectors.edition_text_diff(a, b) if a and b else []
        context.update(standard=standard, editions=editions, a=a, b=b, diff=diff,
                       added=sum(1 for k, _ in diff if k == "+"), removed=sum(1 for k, _ in diff if k == "-"))
        return context
