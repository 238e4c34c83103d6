from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.generic import FormView, TemplateView

from qms.core.errors import ApplicationError
from qms.core.viewmixins import PredicateRequiredMixin, form_refusal
from qms.org.selectors import organisation_profile

from .. import selectors, services
from ..forms import NodeForm, NodeRetireForm
from ..models import StandardStatus, SystemNode
from ..permissions import can_edit_standards
from ..system_table import structure_chart
from ..table_forms import SystemTableExportForm


class TreeView(TemplateView):
    template_name = "standards/tree.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        tree = selectors.tree_with_counts(include_retired=self.request.GET.get("retired") == "1")
        context.update(
            tree=tree,
            can_edit=can_edit_standards(self.request.user),
            S=StandardStatus,
            chart=structure_chart(tree),
            chart_title=_("%(org)s标准体系") % {"org": organisation_profile().name},
            table_form=SystemTableExportForm(),
            tree_template=services.tree_template_current(),
        )
        return context


class NodeCreateView(PredicateRequiredMixin, FormView):
    predicate = can_edit_standards
    form_class = NodeForm
    template_name = "standards/node_form.html"

    def get_initial(self):
        parent = self.request.GET.get("parent")
        return {"parent": SystemNode.objects.filter(code=parent).first()} if parent else {}

    def form_valid(self, form):
        data = dict(form.cleaned_data)
        reason = data.pop("reason")
        try:
            node = services.node_create(actor=self.request.user, reason=reason, **data)
        except ApplicationError as error:
            form_refusal(form, error)
            return self.form_invalid(form)
        messages.success(self.request, _("已新增节点 %(node)s。") % {"node": node})
        return redirect("standard-tree")


class NodeUpdateView(PredicateRequiredMixin, FormView):
    predicate = can_edit_standards
    form_class = NodeForm
    template_name = "standards/node_form.html"

    def dispatch(self, request, *args, **kwargs):
        self.node = get_object_or_404(SystemNode, pk=kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "instance": self.node}

    def form_valid(self, form):
        data = dict(form.cleaned_data)
        reason = data.pop("reason")
        data.pop("code", None)
        try:
            services.node_update(actor=self.request.user, node=self.node, reason=reason, **data)
        except ApplicationError as error:
            form_refusal(form, error)
            return self.form_invalid(form)
        messages.success(self.request, _("已保存节点 %(node)s。") % {"node": self.node.code})
        return redirect("standard-tree")

    def get_context_data(self, **kwargs):
        return super().get_context_data(node=self.node, **kwargs)


class NodeRetireView(PredicateRequiredMixin, FormView):
    predicate = can_edit_standards
    form_class = NodeRetireForm
    template_name = "standards/node_retire.html"

    def dispatch(self, request, *args, **kwargs):
        self.node = get_object_or_404(SystemNode, pk=kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def form_valid(self, form):
        try:
            services.node_retire(actor=self.request.user, node=self.node, reason=form.cleaned_data["reason"])
        except ApplicationError as error:
            form_refusal(form, error)
            return self.form_invalid(form)
        messages.success(self.request, _("节点 %(node)s 已停用。") % {"node": self.node})
        return redirect("standard-tree")

    def get_context_data(self, **kwargs):
        return super().get_context_data(node=self.node, **kwargs)
