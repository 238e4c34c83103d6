"""System table: export request (a generated-file job) and the import with preview."""

import uuid

from django.contrib import messages
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views import View

from qms.core.errors import ApplicationError
from qms.core.viewmixins import PredicateRequiredMixin, message_refusal

from ..imports import CREATE, UPDATE, ImportRefused, standard_import, standard_import_preview
from ..permissions import can_edit_standards
from ..services.system_table import system_table_export_request
from ..table_forms import StandardImportForm, SystemTableExportForm

SESSION_KEY = "standard_import"


class SystemTableExportView(View):
    http_method_names = ["post"]

    def post(self, request):
        form = SystemTableExportForm(request.POST)
        if not form.is_valid():
            messages.error(request, _("导出参数有误：%(e)s") % {"e": "; ".join(
                f"{form.fields[k].label}：{' '.join(v)}" for k, v in form.errors.items())})
            return redirect("standard-tree")
        data = form.cleaned_data
        try:
            job = system_table_export_request(actor=request.user, fmt=data["format"], node_code=data["node"],
                                              as_of=data["as_of"], columns=data["columns"])
        except ApplicationError as error:
            message_refusal(request, error)
            return redirect("standard-tree")
        return redirect("job-status", pk=job.pk)


class StandardImportView(PredicateRequiredMixin, View):
    """Upload -> preview (created / updated / unchanged / errors) -> confirm. The uploaded file
    waits in storage under a random name known only to this session until confirmed. Other
    imports with the same steps subclass it and name their two services and messages."""

    predicate = can_edit_standards
    template_name = "standards/standard_import.html"
    session_key = SESSION_KEY
    form_class = StandardImportForm
    url_name = "standard-import"
    done_url_name = "standard-tree"

    def plan_preview(self, upload, filename):
        return standard_import_preview(upload=upload, filename=filename)

    def plan_import(self, upload, filename):
        return standard_import(actor=self.request.user, upload=upload, filename=filename)

    def can_confirm(self, plan) -> bool:
        return not plan.errors and bool(plan.count(CREATE) or plan.count(UPDATE))

    def done_message(self, plan) -> str:
        return _("已导入 %(f)s：新增 %(c)d 项，更新 %(u)d 项，不变 %(n)d 项。") % {
            "f": plan.filename, "c": plan.count(CREATE), "u": plan.count(UPDATE),
            "n": len(plan.rows) - plan.count(CREATE) - plan.count(UPDATE)}

    def get(self, request):
        return render(request, self.template_name, {"form": self.form_class()})

    def post(self, request):
        if "confirm" in request.POST:
            return self.confirm(request)
        form = self.form_class(request.POST, request.FILES)
        if not form.is_valid():
            return render(request, self.template_name, {"form": form})
        upload = form.cleaned_data["file"]
        try:
            plan = self.plan_preview(upload, upload.name)
        except ApplicationError as error:
            form.add_error("file", error.message)
            return render(request, self.template_name, {"form": form})
        token = self.keep(request, upload)
        return self.preview(request, plan, token)

    def keep(self, request, upload) -> str:
        self.forget(request)
        token = uuid.uuid4().hex
        upload.seek(0)
        path = default_storage.save(f"imports/{token}.xlsx", ContentFile(upload.read()))
        request.session[self.session_key] = {"token": token, "path": path, "filename": upload.name}
        return token

    def forget(self, request):
        kept = request.session.pop(self.session_key, None)
        if kept:
            default_storage.delete(kept["path"])

    def preview(self, request, plan, token):
        return render(request, self.template_name, {
            "form": self.form_class(), "plan": plan, "token": token,
            "can_confirm": self.can_confirm(plan),
        })

    def confirm(self, request):
        kept = request.session.get(self.session_key)
        if not kept or kept["token"] != request.POST.get("token"):
            messages.error(request, _("导入文件已失效，请重新上传。"))
            return redirect(self.url_name)
        try:
            with default_storage.open(kept["path"], "rb") as upload:
                plan = self.plan_import(upload, kept["filename"])
        except ImportRefused as refused:
            messages.error(request, refused.message)
            return self.preview(request, refused.plan, kept["token"])
        except ApplicationError as error:
            message_refusal(request, error)
            return redirect(self.url_name)
        self.forget(request)
        messages.success(request, self.done_message(plan))
        return redirect(self.done_url_name)
