"""System table: export request (a generated-file job) and the import with preview."""

import io

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views import View

from qms.core.errors import ApplicationError
from qms.core.staging import Outcome, import_refused, stage_finish, stage_get, stage_keep, stage_read
from qms.core.viewmixins import PredicateRequiredMixin, message_refusal

from ..imports import CREATE, UPDATE, ImportRefused, standard_import, standard_import_preview
from ..permissions import can_edit_standards
from ..services.system_table import system_table_export_request
from ..table_forms import StandardImportForm, SystemTableExportForm

SESSION_KEY = "standard_import"


class SystemTableExportView(View):
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
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
    imports with the same steps subclass it and name their two services and messages; their
    templates extend "core/import_page.html" as this one does. Options chosen on the upload form
    (`import_options`) are kept on the import batch until confirmed."""

    predicate = can_edit_standards
    template_name = "standards/standard_import.html"
    session_key = SESSION_KEY
    form_class = StandardImportForm
    file_field = "file"
    url_name = "standard-import"
    done_url_name = "standard-tree"
    options: dict = {}

    def import_options(self, form) -> dict:
        """What else the upload form asked for, as JSON-ready values (read back as `self.options`)."""
        return {}

    def plan_preview(self, upload, filename):
        return standard_import_preview(upload=upload, filename=filename)

    def page_context(self) -> dict:
        """What else the page shows (an import about one record names it here)."""
        return {}

    def done_kwargs(self) -> dict:
        return {}

    def plan_import(self, upload, filename):
        return standard_import(actor=self.request.user, upload=upload, filename=filename)

    def can_confirm(self, plan) -> bool:
        return not plan.errors and bool(plan.count(CREATE) or plan.count(UPDATE))

    def done_message(self, plan) -> str:
        return _("已导入 %(f)s：新增 %(c)d 项，更新 %(u)d 项，不变 %(n)d 项。") % {
            "f": plan.filename, "c": plan.count(CREATE), "u": plan.count(UPDATE),
            "n": len(plan.rows) - plan.count(CREATE) - plan.count(UPDATE)}

    def get(self, request, *args, **kwargs):
        return render(request, self.template_name, {"form": self.form_class(), **self.page_context()})

    def post(self, request, *args, **kwargs):
        if "confirm" in request.POST:
            return self.confirm(request)
        form = self.form_class(request.POST, request.FILES)
        if not form.is_valid():
            return render(request, self.template_name, {"form": form, **self.page_context()})
        upload = form.cleaned_data[self.file_field]
        self.options = self.import_options(form)
        try:
            plan = self.plan_preview(upload, upload.name)
        except ApplicationError as error:
            upload.seek(0)
            import_refused(request, self.session_key, filename=upload.name, data=upload.read(), errors=[error.message])
            form.add_error(self.file_field, error.message)
            return render(request, self.template_name, {"form": form, **self.page_context()})
        upload.seek(0)
        token = ""
        if plan.errors:  # a file with errors cannot be confirmed: it is not kept
            import_refused(request, self.session_key, filename=upload.name, data=upload.read(), errors=plan.errors)
        else:
            kept = {**self.plan_counts(plan), "options": self.options} if self.options else self.plan_counts(plan)
            token = stage_keep(request, self.session_key, data=upload.read(), filename=upload.name, plan=kept)
        return self.preview(request, plan, token)

    def plan_counts(self, plan) -> dict:
        """What the import-batch record keeps of a plan."""
        return {"created": plan.count(CREATE), "updated": plan.count(UPDATE),
                "unchanged": len(plan.rows) - plan.count(CREATE) - plan.count(UPDATE)}

    def preview(self, request, plan, token):
        return render(request, self.template_name, {
            "form": self.form_class(), "plan": plan, "token": token,
            "can_confirm": self.can_confirm(plan), **self.page_context(),
        })

    def confirm(self, request):
        batch = stage_get(request, self.session_key, request.POST.get("token"))
        if batch is None:
            messages.error(request, _("导入文件已失效，请重新上传。"))
            return redirect(self.url_name, **self.kwargs)
        self.batch = batch  # the import record, for importers whose rows point at it
        self.options = (batch.plan or {}).get("options", {})
        try:
            plan = self.plan_import(io.BytesIO(stage_read(batch)), batch.filename)
        except ImportRefused as refused:
            stage_finish(request, self.session_key, outcome=Outcome.REFUSED, errors=refused.plan.errors)
            messages.error(request, refused.message)
            return self.preview(request, refused.plan, "")
        except ApplicationError as error:
            stage_finish(request, self.session_key, outcome=Outcome.REFUSED, errors=[error.message])
            message_refusal(request, error)
            return redirect(self.url_name, **self.kwargs)
        stage_finish(request, self.session_key, outcome=Outcome.IMPORTED, plan=self.plan_counts(plan))
        messages.success(request, self.done_message(plan))
        return self.done_redirect(plan)

    def done_redirect(self, plan):
        return redirect(self.done_url_name, **self.done_kwargs())
