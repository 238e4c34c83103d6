from django import forms
from django.utils.translation import gettext_lazy as _

from qms.org.models import Department
from standards.models import Standard, StandardStatus, SystemNode

from .models import Facility, Fee, LegalBasis, Material, Post, ProcedureStep, ServiceItem

REASON = forms.CharField(label=_("修改原因"), max_length=300, required=False,
                         help_text=_("记入修改历史，说明为什么修改。"))


def _bootstrap(form):
    for fld in form.fields.values():
        if isinstance(fld.widget, forms.CheckboxInput):
            fld.widget.attrs.setdefault("class", "form-check-input")
        elif isinstance(fld.widget, forms.Select | forms.SelectMultiple):
            fld.widget.attrs.setdefault("class", "form-select")
        elif not isinstance(fld.widget, forms.HiddenInput):
            fld.widget.attrs.setdefault("class", "form-control")


class ItemForm(forms.ModelForm):
    reason = REASON
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = ServiceItem
        fields = ["department", "parent", "code", "name", "item_type", "implementing_body", "authorisation",
                  "conditions", "case_kind", "statutory_limit", "promised_limit", "window", "advice_phone",
                  "complaint_phone", "order", "is_active"]
        widgets = {"conditions": forms.Textarea(attrs={"rows": 3})}
        help_texts = {"code": _("留空则自动编号，如 SCJG-001。")}

    def __init__(self, *args, departments=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["code"].required = False
        self.fields["department"].queryset = departments if departments is not None else Department.objects.filter(
            is_active=True)
        self.fields["parent"].queryset = ServiceItem.objects.filter(parent=None).select_related("department")
        if self.instance.pk:
            self.fields["department"].disabled = True
        _bootstrap(self)

    def validate_unique(self):
        """The service checks the code and names the clash."""

    def _post_clean(self):
        """Rules are the service's job (they need the item's steps and bases)."""


class LegalBasisForm(forms.ModelForm):
    class Meta:
        model = LegalBasis
        fields = ["name", "article"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _bootstrap(self)


class MaterialPartForm(forms.ModelForm):
    class Meta:
        model = Material
        fields = ["name", "form", "copies", "source", "required", "condition", "blank_form"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _bootstrap(self)


class StepForm(forms.ModelForm):
    class Meta:
        model = ProcedureStep
        fields = ["name", "description", "post", "responsible", "time_limit"]

    def __init__(self, *args, item=None, **kwargs):
        super().__init__(*args, **kwargs)
        if item is not None:
            self.fields["post"].queryset = Post.objects.filter(department=item.department, is_active=True)
        _bootstrap(self)


class FeeForm(forms.ModelForm):
    class Meta:
        model = Fee
        fields = ["name", "standard", "basis"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _bootstrap(self)


PART_FORMS = {"bases": LegalBasisForm, "materials": MaterialPartForm, "steps": StepForm, "fees": FeeForm}


class GenerateForm(forms.Form):
    node = forms.ModelChoiceField(label=_("体系节点"), queryset=SystemNode.objects.none(), required=False,
                                  help_text=_("首次生成时登记到的节点，默认 302 服务提供规范。"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["node"].queryset = SystemNode.objects.filter(is_active=True)
        self.fields["node"].initial = SystemNode.objects.filter(code="302").first()
        _bootstrap(self)


def _standard_choices():
    return Standard.objects.exclude(status=StandardStatus.WITHDRAWN).select_related("node").order_by("code")


class PostForm(forms.ModelForm):
    reason = REASON
    work_standards = forms.ModelMultipleChoiceField(
        label=_("工作标准"), queryset=Standard.objects.none(), required=False,
        widget=forms.SelectMultiple(attrs={"size": 8}),
        help_text=_("只有现行标准计入岗位标准覆盖率。"))

    class Meta:
        model = Post
        fields = ["department", "name", "duties", "work_standards", "order", "is_active"]
        widgets = {"duties": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, departments=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["work_standards"].queryset = _standard_choices()
        self.fields["department"].queryset = departments if departments is not None else Department.objects.filter(
            is_active=True)
        if self.instance.pk:
            self.fields["department"].disabled = True
        _bootstrap(self)

    def validate_unique(self):
        """The service checks the name within the department."""


class FacilityForm(forms.ModelForm):
    reason = REASON

    class Meta:
        model = Facility
        fields = ["department", "name", "location", "management_standard", "notes", "is_active"]
        widgets = {"notes": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["management_standard"].queryset = _standard_choices()
        _bootstrap(self)


class ImportForm(forms.Form):
    upload = forms.FileField(label=_("事项清单（.xlsx）"))
    create_departments = forms.BooleanField(label=_("文件中的部门在系统中不存在时自动新建"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _bootstrap(self)


class NoticeIssueForm(forms.Form):
    """一次性告知单 at the window: applicant, then per material 已提交 / 需补正 and what is wrong."""

    STATES = [("submitted", _("已提交")), ("missing", _("需补正"))]
    applicant = forms.CharField(label=_("申请人"), max_length=100)
    contact = forms.CharField(label=_("联系电话"), max_length=50, required=False)
    deadline = forms.DateField(label=_("补正期限"), required=False, widget=forms.DateInput(attrs={"type": "date"}),
                               help_text=_("有材料需补正时必填。"))

    def __init__(self, *args, materials=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.material_names = [m.name for m in materials]
        for index, name in enumerate(self.material_names, start=1):
            self.fields[f"m{index}_state"] = forms.ChoiceField(label=name, choices=self.STATES, initial="submitted",
                                                               widget=forms.RadioSelect)
            self.fields[f"m{index}_problem"] = forms.CharField(label=_("需补正的内容"), max_length=200, required=False)
        _bootstrap(self)

    def material_rows(self):
        return [(self[f"m{i}_state"], self[f"m{i}_problem"]) for i in range(1, len(self.material_names) + 1)]

    def materials(self) -> list[dict]:
        return [{"name": name, "submitted": self.cleaned_data[f"m{i}_state"] == "submitted",
                 "problem": self.cleaned_data.get(f"m{i}_problem", "")}
                for i, name in enumerate(self.material_names, start=1)]
