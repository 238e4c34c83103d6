from django.contrib import messages
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views import View

from qms.core.errors import ApplicationError
from qms.core.jobs import job_create
from qms.core.viewmixins import PredicateRequiredMixin, message_refusal
from qms.org.models import Department

from .. import services
from ..forms import GenerateForm
from ..models import ServiceItem
from ..permissions import can_publish_procedures
from ..tasks import GENERATE_KIND, procedure_standards_generate_task


class ProcedureGenerateView(PredicateRequiredMixin, View):
    """Generate the item's procedure standard (a draft edition only when its data changed)."""

    predicate = can_publish_procedures

    def post(self, request, pk):
        item = get_object_or_404(ServiceItem, pk=pk)
        form = GenerateForm(request.POST)
        node = form.cleaned_data.get("node") if form.is_valid() else None
        try:
            result = services.procedure_standard_generate(actor=request.user, item=item, node=node)
            messages.success(request, _("%(o)s：%(n)s") % {"o": result.outcome_label, "n": result.edition.number})
        except ApplicationError as error:
            message_refusal(request, error)
        return redirect(f"{item.get_absolute_url()}#procedure")


class ProcedurePublishView(PredicateRequiredMixin, View):
    predicate = can_publish_procedures

    def post(self, request, pk):
        item = get_object_or_404(ServiceItem, pk=pk)
        try:
            edition = services.procedure_standard_publish(actor=request.user, item=item)
            messages.success(request, _("%(n)s 已发布实施。") % {"n": edition.number})
        except ApplicationError as error:
            message_refusal(request, error)
        return redirect(f"{item.get_absolute_url()}#procedure")


class ProcedureGenerateAllView(PredicateRequiredMixin, View):
    """Queue the bulk generation as a job and show its progress page."""

    predicate = can_publish_procedures

    def post(self, request):
        department = Department.objects.filter(pk=request.POST.get("department") or None).first()
        job = job_create(kind=GENERATE_KIND, params={"department": department.pk if department else None},
                         actor=request.user)
        transaction.on_commit(lambda: procedure_standards_generate_task.delay(
            str(job.pk), request.user.pk, department.pk if department else None))
        return redirect("job-status", pk=job.pk)
