"""Forms of external evaluations (外部评价): input parsing only; the services decide."""

from django import forms
from django.utils.translation import gettext_lazy as _

from qms.core.figures import figures_all
from qms.org.models import Department, User

from .forms import DateInput, StyledForm
from .models import ExternalKind


def _departments():
    return Department.objects.filter(is_active=True)


class ExternalEvaluationForm(StyledForm):
    kind = forms.ChoiceField(label=_("评价方式"), choices=ExternalKind.choices)
    title = forms.CharField(label=_("名称"), max_length=200)
    held_on = forms.DateField(label=_("评价日期"), widget=DateInput)
    evaluator = forms.CharField(label=_("评价机构/人员"), max_length=200)
    departments = forms.ModelMultipleChoiceField(label=_("评价范围（部门/窗口）"), queryset=_departments(),
                                                 required=False, widget=forms.SelectMultiple(attrs={"size": 6}))
    scope = forms.CharField(label=_("范围说明"), max_length=300, required=False)
    score = forms.DecimalField(label=_("得分"), min_value=0, max_digits=6, decimal_places=2, required=False)
    full_score = forms.DecimalField(label=_("满分"), min_value=0.01, max_digits=6, decimal_places=2, initial=100,
                                    help_text=_("得分所用的分制，如 100 分制、10 分制；满意率按 100 填。"))
    summary = forms.CharField(label=_("评价结论"), required=False, widget=forms.Textarea(attrs={"rows": 3}))


class ExternalFindingForm(StyledForm):
    text = forms.CharField(label=_("发现的问题"), widget=forms.Textarea(attrs={"rows": 2}))
    department = forms.ModelChoiceField(label=_("涉及部门"), queryset=_departments(), required=False)


def _figure_choices():
    return [("", "—")] + [(f.key, f.label) for f in figures_all()]


class FindingImprovementForm(StyledForm):
    title = forms.CharField(label=_("改进项目"), max_length=200)
    measures = forms.CharField(label=_("改进措施"), widget=forms.Textarea(attrs={"rows": 3}))
    department = forms.ModelChoiceField(label=_("责任部门"), queryset=_departments())
    owner = forms.ModelChoiceField(label=_("负责人"), queryset=User.objects.filter(is_active=True))
    due_on = forms.DateField(label=_("计划完成日期"), widget=DateInput)
    figure_key = forms.ChoiceField(label=_("关联指标"), choices=_figure_choices, required=False)


class FindingCloseForm(StyledForm):
    reason = forms.CharField(label=_("无需整改的理由"), max_length=300, widget=forms.Textarea(attrs={"rows": 2}))


class ExternalAttachmentForm(StyledForm):
    upload = forms.FileField(label=_("评价报告、评分表或照片（PDF、Word、Excel、图片）"))
