"""Forms: input parsing only. Choices come from the models and the transition tables;
every rule is the services' job."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from qms.org.models import ROLE_GROUP_NAMES, Department, Role, User
from standards.models import Standard, StandardStatus, SystemNode

from .models import Audit, AuditProgramme, Grade, Nonconformity, Result, Source


class DateInput(forms.DateInput):
    input_type = "date"


def _auditors():
    return User.objects.filter(is_active=True, groups__name=ROLE_GROUP_NAMES[Role.AUDITOR]).distinct()


def _style(form):
    for field in form.fields.values():
        widget = field.widget
        if isinstance(widget, forms.CheckboxInput | forms.RadioSelect | forms.CheckboxSelectMultiple):
            continue
        widget.attrs.setdefault("class", "form-select" if isinstance(widget, forms.Select) else "form-control")


class StyledForm(forms.Form):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _style(self)


class StyledModelForm(forms.ModelForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _style(self)

    def validate_unique(self):
        """Uniqueness is the services' job (their messages name the clash)."""


class ProgrammeForm(StyledModelForm):
    class Meta:
        model = AuditProgramme
        fields = ["year", "title", "objectives", "frequency_note"]
        widgets = {"objectives": forms.Textarea(attrs={"rows": 3}), "frequency_note": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["title"].required = False
        self.fields["year"].initial = timezone.localdate().year


class AuditForm(StyledModelForm):
    class Meta:
        model = Audit
        fields = ["title", "programme", "planned_month", "objectives", "criteria", "departments", "nodes",
                  "standards", "start_date", "end_date", "lead_auditor", "team", "distribution"]
        widgets = {"start_date": DateInput, "end_date": DateInput,
                   "objectives": forms.Textarea(attrs={"rows": 2}), "criteria": forms.Textarea(attrs={"rows": 2}),
                   "departments": forms.SelectMultiple(attrs={"size": 8}),
                   "nodes": forms.SelectMultiple(attrs={"size": 8}),
                   "standards": forms.SelectMultiple(attrs={"size": 8}),
                   "team": forms.SelectMultiple(attrs={"size": 5})}
        help_texts = {
            "nodes": _("选中子体系后，其下全部现行标准纳入检查表。"),
            "standards": _("可单独选择标准；部门、子体系、标准均未选时按受审部门适用的现行标准生成。"),
            "team": _("审核组长和组员须在审核全部日期内持有有效的内审员资格（见内审员名册），且不得审核本部门（独立性要求）。"),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["departments"].queryset = Department.objects.filter(is_active=True)
        self.fields["nodes"].queryset = SystemNode.objects.filter(is_active=True)
        self.fields["standards"].queryset = Standard.objects.filter(status=StandardStatus.IN_FORCE)
        self.fields["lead_auditor"].queryset = _auditors()
        self.fields["team"].queryset = _auditors()


class AuditCopyForm(StyledForm):
    start_date = forms.DateField(label=_("开始日期"), widget=DateInput)
    programme = forms.ModelChoiceField(label=_("年度方案"), queryset=AuditProgramme.objects.all(), required=False)


class AuditStartForm(StyledForm):
    opening_notes = forms.CharField(label=_("首次会议记录"), widget=forms.Textarea(attrs={"rows": 4}), required=False)


class AuditCompleteForm(StyledForm):
    closing_notes = forms.CharField(label=_("末次会议记录"), widget=forms.Textarea(attrs={"rows": 3}), required=False)
    summary = forms.CharField(label=_("审核综述"), widget=forms.Textarea(attrs={"rows": 4}), required=False)
    conclusion = forms.CharField(label=_("审核结论"), widget=forms.Textarea(attrs={"rows": 3}))
    end_date = forms.DateField(label=_("结束日期"), widget=DateInput, required=False)


class ReasonForm(StyledForm):
    reason = forms.CharField(label=_("原因"), widget=forms.Textarea(attrs={"rows": 3}))


class ChecklistItemAddForm(StyledForm):
    department = forms.ModelChoiceField(label=_("受审部门"), queryset=Department.objects.filter(is_active=True),
                                        required=False)
    standard = forms.ModelChoiceField(label=_("标准"), required=False,
                                      queryset=Standard.objects.filter(status=StandardStatus.IN_FORCE))
    clause = forms.CharField(label=_("条款"), max_length=100, required=False)
    requirement = forms.CharField(label=_("检查内容"), widget=forms.Textarea(attrs={"rows": 2}))


class ChecklistRecordForm(StyledForm):
    """One checklist item's result, as sent by the tablet page (one item per request)."""

    result = forms.ChoiceField(label=_("结果"), choices=[c for c in Result.choices if c[0]],
                               widget=forms.RadioSelect)
    evidence = forms.CharField(label=_("证据记录"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    clause = forms.CharField(label=_("条款"), max_length=100, required=False)
    grade = forms.ChoiceField(label=_("等级"), required=False,
                              choices=[("", "—"), (Grade.MAJOR, Grade.MAJOR.label), (Grade.MINOR, Grade.MINOR.label)])
    description = forms.CharField(label=_("不符合事实"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    upload = forms.FileField(label=_("照片或文件"), required=False)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class NonconformityForm(StyledModelForm):
    class Meta:
        model = Nonconformity
        fields = ["source", "source_ref", "department", "standard", "clause", "description", "evidence", "grade"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3}), "evidence": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["source"].choices = [c for c in Source.choices if c[0] != Source.INTERNAL_AUDIT]
        self.fields["department"].queryset = Department.objects.filter(is_active=True)
        self.fields["standard"].queryset = Standard.objects.filter(status=StandardStatus.IN_FORCE)


class ProposeForm(StyledForm):
    correction = forms.CharField(label=_("纠正（对已发生问题的处置）"), widget=forms.Textarea(attrs={"rows": 2}))
    why1 = forms.CharField(label=_("为什么 1"), max_length=300)
    why2 = forms.CharField(label=_("为什么 2"), max_length=300, required=False)
    why3 = forms.CharField(label=_("为什么 3"), max_length=300, required=False)
    why4 = forms.CharField(label=_("为什么 4"), max_length=300, required=False)
    why5 = forms.CharField(label=_("为什么 5"), max_length=300, required=False)
    root_cause = forms.CharField(label=_("根本原因"), widget=forms.Textarea(attrs={"rows": 2}))
    action_plan = forms.CharField(label=_("纠正措施计划"), widget=forms.Textarea(attrs={"rows": 3}))
    owner = forms.ModelChoiceField(label=_("整改责任人"), queryset=User.objects.none())
    due_date = forms.DateField(label=_("完成期限"), widget=DateInput)
    cause_is_standard = forms.BooleanField(label=_("原因在于标准本身（将提出标准修订申请）"), required=False)
    change_proposal = forms.CharField(label=_("标准修改建议"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, department_id=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = User.objects.filter(department_id=department_id, is_active=True)

    def service_kwargs(self) -> dict:
        data = dict(self.cleaned_data)
        data["why_chain"] = [data.pop(f"why{i}") for i in range(1, 6)]
        return data


class NoteForm(StyledForm):
    note = forms.CharField(label=_("意见"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class ReturnForm(StyledForm):
    note = forms.CharField(label=_("退回理由"), widget=forms.Textarea(attrs={"rows": 2}))


class ReportDoneForm(StyledForm):
    completion_note = forms.CharField(label=_("完成情况及证据说明"), widget=forms.Textarea(attrs={"rows": 3}))
    upload = forms.FileField(label=_("证据文件（照片、PDF、Word、Excel）"), required=False)


class VerifyForm(StyledForm):
    note = forms.CharField(label=_("验证意见"), widget=forms.Textarea(attrs={"rows": 2}))
    effectiveness_review_on = forms.DateField(label=_("有效性评价日期"), widget=DateInput, required=False,
                                              help_text=_("留空则为 30 天后；到期后评价措施是否有效。"))


class JudgeForm(StyledForm):
    effective = forms.TypedChoiceField(label=_("有效性"), coerce=lambda v: v == "yes", widget=forms.RadioSelect,
                                       choices=[("yes", _("有效，关闭不符合项")), ("no", _("无效，重新整改"))])
    note = forms.CharField(label=_("有效性评价"), widget=forms.Textarea(attrs={"rows": 2}))


class AcknowledgeForm(StyledForm):
    note = forms.CharField(label=_("受审方意见"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class RegisterFilterForm(StyledForm):
    year = forms.IntegerField(label=_("年度"), required=False, min_value=2000, max_value=2100)
    department = forms.ModelChoiceField(label=_("部门"), queryset=Department.objects.all(), required=False)
    grade = forms.ChoiceField(label=_("等级"), required=False, choices=[("", _("全部")), *Grade.choices])
    status = forms.ChoiceField(label=_("状态"), required=False)
    overdue = forms.BooleanField(label=_("仅逾期"), required=False)

    def __init__(self, *args, **kwargs):
        from .models import CAStatus, NCStatus

        super().__init__(*args, **kwargs)
        self.fields["status"].choices = [("", _("全部")), (_("不符合项"), NCStatus.choices),
                                         (_("纠正措施"), CAStatus.choices)]
