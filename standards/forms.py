from django import forms
from django.utils.translation import gettext_lazy as _

from qms.org.models import Department

from .models import Edition, Standard, SystemNode

REASON = forms.CharField(label=_("修改原因"), max_length=300, required=False,
                         help_text=_("记入修改历史，说明为什么修改。"))


class DateInput(forms.DateInput):
    input_type = "date"


class StandardForm(forms.ModelForm):
    reason = REASON
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    node = forms.ModelChoiceField(label=_("体系节点"), queryset=SystemNode.objects.filter(is_active=True))
    applicable_departments = forms.ModelMultipleChoiceField(
        label=_("适用部门"), queryset=Department.objects.filter(is_active=True), required=False,
        widget=forms.SelectMultiple(attrs={"size": 6}),
    )

    class Meta:
        model = Standard
        fields = ["node", "code", "name", "level", "origin", "plan", "target_date", "owner",
                  "responsible_department", "drafting_department", "drafters", "applicable_departments",
                  "review_cycle_years", "checked_through_others", "intl_relation", "notes"]
        widgets = {"target_date": DateInput, "notes": forms.Textarea(attrs={"rows": 3})}
        help_texts = {"code": _("留空则自动编为“节点编码-序号”，如 301-05。")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["code"].required = False
        for name, fld in self.fields.items():
            if name != "version":
                css = "form-select" if isinstance(fld.widget, forms.Select) else "form-control"
                if isinstance(fld.widget, forms.CheckboxInput):
                    css = "form-check-input"
                fld.widget.attrs.setdefault("class", css)

    def validate_unique(self):
        """Uniqueness is the service's job (it gives a message naming the clash)."""


class EditionForm(forms.ModelForm):
    upload = forms.FileField(label=_("标准文本（.docx 或 .pdf）"), required=False)
    publish_now = forms.BooleanField(label=_("保存后立即发布实施"), required=False)
    reason = REASON

    class Meta:
        model = Edition
        fields = ["number", "title", "replaces", "published_on", "effective_on"]
        widgets = {"published_on": DateInput, "effective_on": DateInput}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, fld in self.fields.items():
            if name != "publish_now":
                fld.widget.attrs.setdefault("class", "form-control")

    def validate_unique(self):
        """The service numbers the edition."""


class WithdrawForm(forms.Form):
    reason = forms.CharField(label=_("废止原因"), widget=forms.Textarea(attrs={"rows": 3, "class": "form-control"}))


class NodeForm(forms.ModelForm):
    reason = REASON

    class Meta:
        model = SystemNode
        fields = ["code", "name", "parent", "order", "description"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["parent"].queryset = SystemNode.objects.filter(is_active=True)
        if self.instance.pk:
            self.fields["code"].disabled = True
        for fld in self.fields.values():
            css = "form-select" if isinstance(fld.widget, forms.Select) else "form-control"
            fld.widget.attrs.setdefault("class", css)

    def validate_unique(self):
        """The service checks the code."""


class NodeRetireForm(forms.Form):
    reason = forms.CharField(label=_("停用原因"), widget=forms.Textarea(attrs={"rows": 3, "class": "form-control"}))
