from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.generic import FormView, ListView

from qms.core.errors import ApplicationError
from qms.core.viewmixins import PredicateRequiredMixin, form_refusal
from qms.org.models import Department

from .. import services
from ..forms import FacilityForm, PostForm
from ..models import Facility, Post
from ..permissions import can_edit_catalog, can_edit_department_catalog
from .items import editable_departments


class PostListView(ListView):
    template_name = "catalog/post_list.html"
    context_object_name = "posts"
    paginate_by = 100

    def get_queryset(self):
        posts = Post.objects.select_related("department").prefetch_related("work_standards")
        if self.request.GET.get("department"):
            posts = posts.filter(department_id=self.request.GET["department"])
        return posts

    def get_context_data(self, **kwargs):
        editable = set(editable_departments(self.request.user).values_list("pk", flat=True))
        return super().get_context_data(departments=Department.objects.filter(is_active=True),
                                        can_edit=bool(editable), editable_ids=editable, **kwargs)


class PostCreateView(FormView):
    form_class = PostForm
    template_name = "catalog/post_form.html"

    def dispatch(self, request, *args, **kwargs):
        if not editable_departments(request.user).exists():
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "departments": editable_departments(self.request.user)}

    def get_initial(self):
        return {"department": self.request.GET.get("department")}

    def form_valid(self, form):
        data = dict(form.cleaned_data)
        data.pop("is_active", None)
        reason = data.pop("reason")
        try:
            services.post_create(actor=self.request.user, reason=reason, **data)
        except ApplicationError as error:
            form_refusal(form, error)
            return self.form_invalid(form)
        messages.success(self.request, _("已新增岗位 %(n)s。") % {"n": data["name"]})
        return redirect("post-list")


class PostUpdateView(FormView):
    form_class = PostForm
    template_name = "catalog/post_form.html"

    def dispatch(self, request, *args, **kwargs):
        self.post_obj = get_object_or_404(Post, pk=kwargs["pk"])
        if not can_edit_department_catalog(request.user, self.post_obj.department):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "instance": self.post_obj}

    def form_valid(self, form):
        data = dict(form.cleaned_data)
        data.pop("department", None)
        reason, standards = data.pop("reason"), data.pop("work_standards")
        try:
            services.post_update(actor=self.request.user, post=self.post_obj, work_standards=standards,
                                 reason=reason, **data)
        except ApplicationError as error:
            form_refusal(form, error)
            return self.form_invalid(form)
        messages.success(self.request, _("已保存岗位 %(n)s。") % {"n": self.post_obj.name})
        return redirect("post-list")

    def get_context_data(self, **kwargs):
        return super().get_context_data(post_obj=self.post_obj, **kwargs)


class FacilityListView(ListView):
    template_name = "catalog/facility_list.html"
    context_object_name = "facilities"
    queryset = Facility.objects.select_related("department", "management_standard")

    def get_context_data(self, **kwargs):
        return super().get_context_data(can_edit=can_edit_catalog(self.request.user), **kwargs)


class FacilityCreateView(PredicateRequiredMixin, FormView):
    predicate = can_edit_catalog
    form_class = FacilityForm
    template_name = "catalog/facility_form.html"

    def form_valid(self, form):
        data = dict(form.cleaned_data)
        reason = data.pop("reason")
        try:
            services.facility_create(actor=self.request.user, reason=reason, **data)
        except ApplicationError as error:
            form_refusal(form, error)
            return self.form_invalid(form)
        messages.success(self.request, _("已新增设施设备 %(n)s。") % {"n": data["name"]})
        return redirect("facility-list")


class FacilityUpdateView(PredicateRequiredMixin, FormView):
    predicate = can_edit_catalog
    form_class = FacilityForm
    template_name = "catalog/facility_form.html"

    def dispatch(self, request, *args, **kwargs):
        self.facility = get_object_or_404(Facility, pk=kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "instance": self.facility}

    def form_valid(self, form):
        data = dict(form.cleaned_data)
        reason = data.pop("reason")
        try:
            services.facility_update(actor=self.request.user, facility=self.facility, reason=reason, **data)
        except ApplicationError as error:
            form_refusal(form, error)
            return self.form_invalid(form)
        messages.success(self.request, _("已保存。"))
        return redirect("facility-list")

    def get_context_data(self, **kwargs):
        return super().get_context_data(facility=self.facility, **kwargs)
