from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View

from qms.org.models import Department
from qms.org.selectors import organisation_profile
from standards.views.system_table import StandardImportView

from .. import selectors, services
from ..documents.workbook import render_items_workbook
from ..forms import ImportForm
from ..permissions import can_edit_catalog
from ..services.importing import ImportRefused

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
SESSION_KEY = "catalog_import"


class ItemImportView(StandardImportView):
    """Upload -> preview (new / changed / unchanged, every bad row named; nothing written) ->
    confirm: the shared import flow (`StandardImportView`), the file waiting as an import batch.
    "自动新建部门" is chosen on upload and kept with the batch until confirmed."""

    predicate = can_edit_catalog
    template_name = "catalog/item_import.html"
    session_key = SESSION_KEY
    form_class = ImportForm
    file_field = "upload"
    url_name = "item-import"
    done_url_name = "item-list"

    def import_options(self, form) -> dict:
        return {"create_departments": bool(form.cleaned_data["create_departments"])}

    def plan_preview(self, upload, filename):
        try:
            return services.items_import(actor=self.request.user, upload=upload, filename=filename, dry_run=True,
                                         **self.options)
        except ImportRefused as refused:
            return refused.report

    def plan_import(self, upload, filename):
        return services.items_import(actor=self.request.user, upload=upload, filename=filename, **self.options)

    def can_confirm(self, plan) -> bool:
        return not plan.errors and bool(plan.created or plan.updated)

    def plan_counts(self, plan) -> dict:
        return {"created": plan.created, "updated": plan.updated, "unchanged": plan.unchanged}

    def done_message(self, plan) -> str:
        return _("导入完成：新增 %(c)d 项，修改 %(u)d 项，无变化 %(n)d 项。") % {
            "c": plan.created, "u": plan.updated, "n": plan.unchanged}


class ItemExportView(View):
    """The 事项清单 workbook (re-imports unchanged)."""

    def get(self, request):
        department = Department.objects.filter(pk=request.GET.get("department") or None).first()
        profile = organisation_profile()
        data = render_items_workbook(
            title=f"{profile.name}政务服务事项清单",
            subtitle=f"导出时间：{timezone.localtime():%Y-%m-%d %H:%M}",
            rows=[selectors.item_row(item) for item in selectors.items_for_export(department=department)],
        )
        response = HttpResponse(data, content_type=XLSX)
        response["Content-Disposition"] = f'attachment; filename="service-items-{timezone.localdate():%Y%m%d}.xlsx"'
        return response
