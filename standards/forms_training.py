"""Forms of the training plan, test scores and external training: input parsing only."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from qms.org.models import Department

from .forms_lifecycle import DateInput, EditionMultipleChoiceField, StyledForm, UserChoiceField, _users
from .models import Edition, EditionStatus


class TrainingPlanForm(StyledForm):
    year = forms.IntegerField(label=_("年度"), min_value=2000, max_value=2100,
                              initial=lambda: timezone.localdate().year)
    title = forms.CharField(label=_("计划名称"), max_length=200, required=False,
                            help_text=_("留空则为“某年度培训计划”"))
    notes = forms.CharField(label=_("备注"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class TrainingPlanItemForm(StyledForm):
    topic = forms.CharField(label=_("培训内容"), max_length=200)
    month = forms.TypedChoiceField(label=_("计划月份"), coerce=int, choices=[(m, f"{m}月") for m in range(1, 13)])
    departments = forms.ModelMultipleChoiceField(
        label=_("参训部门"), required=False, queryset=Department.objects.filter(is_active=True),
        widget=forms.SelectMultiple(attrs={"size": 6}))
    audience = forms.CharField(label=_("参训对象"), max_length=200, required=False,
                               help_text=_("岗位或人员范围，如“全体窗口人员”“新入职人员”"))
    editions = EditionMultipleChoiceField(
        label=_("涉及标准"), required=False, widget=forms.SelectMultiple(attrs={"size": 6}),
        queryset=Edition.objects.filter(status__in=[EditionStatus.IN_FORCE, EditionStatus.APPROVED])
        .select_related("standard").order_by("standard__code"))
    trainer = forms.CharField(label=_("授课人"), max_length=100, required=False)


class ExternalTrainingForm(StyledForm):
    user = UserChoiceField(label=_("人员"), queryset=_users())
    course = forms.CharField(label=_("培训名称"), max_length=200)
    organiser = forms.CharField(label=_("主办单位"), max_length=200)
    started_on = forms.DateField(label=_("开始日期"), widget=DateInput)
    ended_on = forms.DateField(label=_("结束日期"), widget=DateInput)
    hours = forms.DecimalField(label=_("学时"), min_value=0, max_digits=5, decimal_places=1)
    certificate_number = forms.CharField(label=_("证书编号"), max_length=100, required=False)


class ScoreImportForm(forms.Form):
    file = forms.FileField(label=_("成绩表（.xlsx）"),
                           widget=forms.ClearableFileInput(attrs={"accept": ".xlsx", "class": "form-control"}))
