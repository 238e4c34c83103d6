from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import DetailView, FormView, ListView

from qms.core.errors import ApplicationError
from qms.core.viewmixins import form_refusal, message_refusal
from qms.org.models import Department

from .. import selectors, services
from ..documents.flowchart import flowchart_svg
from ..documents.notice import render_notice
from ..forms import PART_FORMS, GenerateForm, ItemForm
from ..models import ItemType, ServiceItem
from ..permissions import (
    can_edit_catalog,
    can_edit_department_catalog,
    can_issue_notice,
    can_publish_procedures,
)

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def editable_departments(user):
    """The departments whose catalogue the user may edit (`can_edit_department_catalog`)."""
    departments = Department.objects.filter(is_active=True)
    if can_edit_catalog(user):
        return departments
    own = departments.filter(pk=getattr(user, "department_id", None)).first()
    if own is None or not can_edit_department_catalog(user, own):
        return departments.none()
    return departments.filter(pk=own.pk)


class ItemListView(ListView):
    template_name = "catalog/item_list.html"
    context_object_name = "items"
    paginate_by = 50

    def get_queryset(self):
        department = Department.objects.filter(pk=self.request.GET.get("department") or None).first()
        return selectors.item_list(department=department, text=self.request.GET.get("q", ""),
                                   item_type=self.request.GET.get("type", ""))

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            departments=Department.objects.filter(is_active=True), types=ItemType.choices,
            can_edit=editable_departments(self.request.user).exists(),
            can_office=can_edit_catalog(self.request.user), **kwargs)


class ItemDetailView(DetailView):
    template_name = "catalog/item_detail.html"
    context_object_name = "item"

    def get_object(self, queryset=None):
        try:
            return selectors.item_detail(self.kwargs["pk"])
        except ServiceItem.DoesNotExist as exc:
            raise Http404 from exc

    def get_context_data(self, **kwargs):
        item, user = self.object, self.request.user
        data = selectors.item_data(item)
        can_edit = can_edit_department_catalog(user, item.department)
        return super().get_context_data(
            data=data, flowchart=flowchart_svg(data["steps"], title=f"{item.name} 办理流程图"),
            state=selectors.procedure_state(item), can_edit=can_edit,
            can_publish=can_publish_procedures(user), generate_form=GenerateForm(),
            can_issue=can_issue_notice(user, item),
            part_forms={kind: form(item=item) if kind == "steps" else form() for kind, form in PART_FORMS.items()}
            if can_edit else {},
            **kwargs)


class ItemFormMixin:
    form_class = ItemForm
    template_name = "catalog/item_form.html"

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "departments": editable_departments(self.request.user)}

    def dispatch(self, request, *args, **kwargs):
        if not editable_departments(request.user).exists():
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class ItemCreateView(ItemFormMixin, FormView):
    def get_initial(self):
        initial = super().get_initial()
        if self.request.GET.get("parent"):
            parent = ServiceItem.objects.filter(pk=self.request.GET["parent"]).first()
            if parent:
                initial.update(parent=parent, department=parent.department, item_type=parent.item_type)
        return initial

    def form_valid(self, form):
        data = dict(form.cleaned_data)
        data.pop("version", None)
        reason = data.pop("reason")
        try:
            item = services.item_create(actor=self.request.user, reason=reason, **data)
        except ApplicationError as error:
            form_refusal(form, error)
            return self.form_invalid(form)
        messages.success(self.request, _("已新增事项 %(c)s。") % {"c": item.code})
        return redirect("item-detail", pk=item.pk)


class ItemUpdateView(ItemFormMixin, FormView):
    def dispatch(self, request, *args, **kwargs):
        self.item = get_object_or_404(ServiceItem, pk=kwargs["pk"])
        if not can_edit_department_catalog(request.user, self.item.department):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs.update(instance=self.item, initial={"version": self.item.version})
        return kwargs

    def form_valid(self, form):
        data = dict(form.cleaned_data)
        expected, reason = data.pop("version") or 0, data.pop("reason")
        data.pop("department", None)
        try:
            services.item_update(actor=self.request.user, item=self.item, expected_version=expected, reason=reason,
                                 **data)
        except ApplicationError as error:
            form_refusal(form, error)
            return self.form_invalid(form)
        messages.success(self.request, _("已保存。"))
        return redirect("item-detail", pk=self.item.pk)

    def get_context_data(self, **kwargs):
        return super().get_context_data(item=self.item, **kwargs)


class ItemPartAddView(View):
    """Add a legal basis, material, step or fee (POST from the item page)."""

    def post(self, request, pk, part):
        item = get_object_or_404(ServiceItem, pk=pk)
        if part not in PART_FORMS:
            raise Http404
        if not can_edit_department_catalog(request.user, item.department):
            raise PermissionDenied
        form_class = PART_FORMS[part]
        form = form_class(request.POST, request.FILES, item=item) if part == "steps" else form_class(
            request.POST, request.FILES)
        if not form.is_valid():
            for field, errors in form.errors.items():
                label = form.fields[field].label if field in form.fields else ""
                messages.error(request, f"{label}：{'；'.join(errors)}" if label else "；".join(errors))
            return redirect(f"{item.get_absolute_url()}#{part}")
        data = dict(form.cleaned_data)
        blank_form = data.pop("blank_form", None) or None
        try:
            services.item_part_add(actor=request.user, item=item, part=part, blank_form=blank_form, **data)
            messages.success(request, _("已添加：%(n)s") % {"n": data.get("name", "")})
        except ApplicationError as error:
            message_refusal(request, error)
        return redirect(f"{item.get_absolute_url()}#{part}")


class ItemPartRemoveView(View):
    def post(self, request, pk, part, part_pk):
        item = get_object_or_404(ServiceItem, pk=pk)
        model = services.PART_MODELS.get(part)
        if model is None:
            raise Http404
        obj = get_object_or_404(model, pk=part_pk, item=item)
        try:
            services.item_part_remove(actor=request.user, part_obj=obj)
            messages.success(request, _("已删除：%(n)s") % {"n": obj})
        except ApplicationError as error:
            message_refusal(request, error)
        return redirect(f"{item.get_absolute_url()}#{part}")


class ItemGuideView(DetailView):
    """The read-only 办事指南 a window clerk prints or shows."""

    template_name = "catalog/item_guide.html"
    context_object_name = "item"

    def get_object(self, queryset=None):
        try:
            return selectors.item_detail(self.kwargs["pk"])
        except ServiceItem.DoesNotExist as exc:
            raise Http404 from exc

    def get_context_data(self, **kwargs):
        data = selectors.item_data(self.object)
        return super().get_context_data(
            data=data, context=selectors.item_document_context(self.object),
            flowchart=flowchart_svg(data["steps"], title=f"{self.object.name} 办理流程图"), **kwargs)


class ItemNoticeView(View):
    """The one-time notice (一次性告知单) as a printable .docx."""

    def get(self, request, pk):
        item = get_object_or_404(ServiceItem.objects.select_related("department", "parent"), pk=pk)
        response = HttpResponse(render_notice(selectors.item_document_context(item)), content_type=DOCX)
        response["Content-Disposition"] = (f"attachment; filename=\"notice-{item.code}.docx\"; "
                                           f"filename*=UTF-8''{_quote(item.code + ' 一次性告知单.docx')}")
        return response


def _quote(text: str) -> str:
    from urllib.parse import quote

    return quote(text)
