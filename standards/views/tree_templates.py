"""体系模板: which template the tree follows, installing one on an empty system, and the
migration from the 2009 tree to the 2023 tree (preview, then apply all or nothing)."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views import View

from qms.core.errors import ApplicationError
from qms.core.viewmixins import PredicateRequiredMixin, message_refusal

from .. import services
from ..models import Standard
from ..permissions import can_edit_standards
from ..tree_templates import DEFAULT_TEMPLATE, TEMPLATES


class TreeTemplateView(PredicateRequiredMixin, View):
    """GET: the templates and, for ?preview=KEY, the migration preview. POST: action=install
    (empty system) or action=migrate (after the preview)."""

    predicate = can_edit_standards
    template_name = "standards/tree_templates.html"

    def get(self, request):
        context = {"templates": list(TEMPLATES.values()), "current": services.tree_template_current(),
                   "default_key": DEFAULT_TEMPLATE, "empty": not Standard.objects.exists()}
        key = request.GET.get("preview")
        if key:
            try:
                context["plan"] = services.tree_migration_preview(target_key=key)
            except ApplicationError as error:
                message_refusal(request, error)
        return render(request, self.template_name, context)

    def post(self, request):
        key, action = request.POST.get("key", ""), request.POST.get("action")
        try:
            if action == "install":
                services.tree_template_install(actor=request.user, key=key)
                messages.success(request, _("已按 %(t)s 建立标准体系。") % {"t": TEMPLATES[key].source})
            else:
                plan = services.tree_migrate(actor=request.user, target_key=key)
                messages.success(request, _("已迁移至 %(t)s：%(n)d 项标准改编号，原编号保留。")
                                 % {"t": plan.target.source, "n": len(plan.changed)})
        except ApplicationError as error:
            message_refusal(request, error)
            return redirect("tree-templates")
        return redirect("standard-tree")
