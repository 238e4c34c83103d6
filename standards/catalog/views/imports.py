from django.contrib import messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View

from qms.core.errors import ApplicationError
from qms.core.staging import (
    Outcome,
    import_refused,
    stage_finish,
    stage_get,
    stage_keep,
    stage_note,
    stage_read,
)
from qms.core.uploads import upload_check
from qms.core.viewmixins import PredicateRequiredMixin
from qms.org.models import Department
from qms.org.selectors import organisation_profile

from .. import selectors, services
from ..documents.workbook import render_items_workbook
from ..forms import ImportConfirmForm, ImportForm
from ..permissions import can_edit_catalog

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
SESSION_KEY = "catalog_import"
MAX_UPLOAD = 10 * 1024 * 1024


class ItemImportView(PredicateRequiredMixin, View):
    """Upload -> dry-run preview (nothing written) -> confirm (the same file, imported for real).
    The file is checked before it is staged; a file refused as a whole is not kept, one refused
    row by row stays (one per session) so it can be previewed again with new departments."""

    predicate = can_edit_catalog
    template_name = "catalog/item_import.html"

    def get(self, request):
        return render(request, self.template_name, {"form": ImportForm()})

    def post(self, request):
        if "token" in request.POST:
            return self._confirm(request)
        form = ImportForm(request.POST, request.FILES)
        if not form.is_valid():
            return render(request, self.template_name, {"form": form})
        upload = form.cleaned_data["upload"]
        try:
            checked = upload_check(upload, allowed={"xlsx"}, max_bytes=MAX_UPLOAD)
        except ApplicationError as error:
            upload.seek(0)
            import_refused(request, SESSION_KEY, filename=upload.name, data=upload.read(MAX_UPLOAD),
                           errors=[error.message])
            return render(request, self.template_name, {"form": form, "refusal": error.message})
        token = stage_keep(request, SESSION_KEY, data=checked.data, filename=upload.name)
        return self._run(request, token, dry_run=True,
                         create_departments=form.cleaned_data["create_departments"], form=form)

    def _confirm(self, request):
        form = ImportConfirmForm(request.POST)
        token = request.POST.get("token")
        if not form.is_valid() or stage_get(request, SESSION_KEY, token) is None:
            messages.error(request, _("导入文件已失效，请重新上传。"))
            return redirect("item-import")
        return self._run(request, token, dry_run="preview" in request.POST,
                         create_departments=form.cleaned_data["create_departments"], form=ImportForm())

    def _run(self, request, token, *, dry_run, create_departments, form):
        batch = stage_get(request, SESSION_KEY, token)
        upload = SimpleUploadedFile("items.xlsx", stage_read(batch), content_type=XLSX)
        try:
            report = services.items_import(actor=request.user, upload=upload, dry_run=dry_run,
                                           create_departments=create_departments)
        except ApplicationError as error:
            rows = error.extra.get("errors", [])
            if rows:  # refused row by row: kept for a retry (e.g. with new departments)
                stage_note(batch, errors=[error.message, *rows])
            else:  # refused as a whole: nothing to retry
                stage_finish(request, SESSION_KEY, outcome=Outcome.REFUSED, errors=[error.message])
            return render(request, self.template_name, {
                "form": form, "refusal": error.message, "errors": rows,
                "token": token if rows else "", "create_departments": create_departments})
        plan = {"created": report.created, "updated": report.updated, "unchanged": report.unchanged}
        if dry_run:
            stage_note(batch, plan=plan, errors=[])
            return render(request, self.template_name, {
                "form": form, "report": report, "token": token, "create_departments": create_departments})
        stage_finish(request, SESSION_KEY, outcome=Outcome.IMPORTED, plan=plan, errors=[])
        messages.success(request, _("导入完成：新增 %(c)d 项，修改 %(u)d 项，无变化 %(n)d 项。")
                         % {"c": report.created, "u": report.updated, "n": report.unchanged})
        return redirect("item-list")


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
