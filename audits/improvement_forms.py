"""Forms of the continual-improvement register: input parsing only; the services decide."""

from django import forms
from django.utils.translation import gettext_lazy as _

from qms.core.figures import figures_all
from qms.org.models import Department, User

from .models import ImprovementSource


def _figure_choices():
    return [("", "—")] + [(f.key, f.label) for f in figures_all()]


def _style(form):
    for field in form.fields.values():
        css = "form-select" if isinstance(field.widget, forms.Select) else "form-control"
        field.widget.attrs.setdefault("class", css)


class DateInput(forms.DateInput):
    input_type = "date"


class ImprovementForm(forms.Form):
    title = forms.CharField(label=_("改进项目"), max_length=200)
    source = forms.ChoiceField(label=_("来源"), choices=ImprovementSource.choices)
    source_ref = forms.CharField(label=_("来源编号"), max_length=50, required=False)
    problem = forms.CharField(label=_("存在的问题"), widget=forms.Textarea(attrs={"rows": 3}))
    measures = forms.CharField(label=_("改进措施"), widget=forms.Textarea(attrs={"rows": 3}))
    department = forms.ModelChoiceField(label=_("责任部门"), queryset=Department.objects.filter(is_active=True))
    owner = forms.ModelChoiceField(label=_("负责人"), queryset=User.objects.filter(is_active=True))
    started_on = forms.DateField(label=_("开始日期"), widget=DateInput)
    due_on = forms.DateField(label=_("计划完成日期"), widget=DateInput)
    figure_key = forms.ChoiceField(label=_("关联指标"), choices=_figure_choices, required=False)
    value_before = forms.DecimalField(label=_("改进前数值"), required=False, max_digits=9, decimal_places=2,
                                      help_text=_("留空则取该指标当前值"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _style(self)


class ImprovementCompleteForm(forms.Form):
    result = forms.CharField(label=_("改进效果"), widget=forms.Textarea(attrs={"rows": 3}))
    completed_on = forms.DateField(label=_("完成日期"), widget=DateInput, required=False)
    value_after = forms.DecimalField(label=_("改进后数值"), required=False, max_digits=9, decimal_places=2,
                                     help_text=_("留空则取该指标当前值"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _style(self)
