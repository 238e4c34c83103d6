"""Forms: input parsing only; the services decide."""

from django import forms
from django.utils.translation import gettext_lazy as _

from qms.core.figures import figures_all
from qms.org.models import Department, User

from .models import Body, Comparator, MemberRole, Plan, TaskStatus


class DateInput(forms.DateInput):
    input_type = "date"


class StyledForm(forms.Form):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for fld in self.fields.values():
            widget = fld.widget
            if isinstance(widget, (forms.Select, forms.SelectMultiple)):
                widget.attrs.setdefault("class", "form-select")
            elif not isinstance(widget, (forms.CheckboxInput, forms.RadioSelect)):
                widget.attrs.setdefault("class", "form-control")


def _users():
    return User.objects.filter(is_active=True).select_related("department").order_by("department__order", "username")


class BodyForm(StyledForm):
    kind = forms.ChoiceField(label=_("类别"), choices=Body.Kind.choices)
    name = forms.CharField(label=_("名称"), max_length=100)
    parent = forms.ModelChoiceField(label=_("所属领导小组"), required=False,
                                    queryset=Body.objects.filter(kind=Body.Kind.GROUP))
    established_on = forms.DateField(label=_("成立日期"), required=False, widget=DateInput)
    document_number = forms.CharField(label=_("成立文件文号"), max_length=60, required=False)
    duties = forms.CharField(label=_("职责"), required=False, widget=forms.Textarea(attrs={"rows": 4}))
    order = forms.IntegerField(label=_("排序"), min_value=0, initial=0)


class MemberForm(StyledForm):
    user = forms.ModelChoiceField(label=_("人员"), queryset=_users(), required=False)
    person_name = forms.CharField(label=_("姓名（非系统用户）"), max_length=50, required=False)
    position = forms.CharField(label=_("职务"), max_length=100, required=False,
                               help_text=_("留空则取该用户的职务。"))
    role = forms.ChoiceField(label=_("小组职务"), choices=MemberRole.choices)
    term_start = forms.DateField(label=_("任期起"), widget=DateInput)
    term_end = forms.DateField(label=_("任期止"), required=False, widget=DateInput)


class LeaveForm(StyledForm):
    term_end = forms.DateField(label=_("任期止"), widget=DateInput)


class MeetingForm(StyledForm):
    body = forms.ModelChoiceField(label=_("会议机构"), queryset=Body.objects.all())
    title = forms.CharField(label=_("会议名称"), max_length=200)
    held_on = forms.DateField(label=_("召开日期"), widget=DateInput)
    location = forms.CharField(label=_("地点"), max_length=100, required=False)
    chair = forms.ModelChoiceField(label=_("主持人"), queryset=_users(), required=False)
    attendees = forms.ModelMultipleChoiceField(label=_("参加人员"), queryset=_users(), required=False,
                                               widget=forms.SelectMultiple(attrs={"size": 8}))
    other_attendees = forms.CharField(label=_("其他参加人员"), max_length=300, required=False)
    minutes = forms.CharField(label=_("会议纪要"), widget=forms.Textarea(attrs={"rows": 6}))


class DecisionForm(StyledForm):
    text = forms.CharField(label=_("决议事项"), widget=forms.Textarea(attrs={"rows": 3}))
    owner = forms.ModelChoiceField(label=_("责任人"), queryset=_users())
    department = forms.ModelChoiceField(label=_("责任部门"), queryset=Department.objects.filter(is_active=True),
                                        required=False, help_text=_("留空则取责任人的部门。"))
    due_on = forms.DateField(label=_("完成期限"), widget=DateInput)


class DecisionCompleteForm(StyledForm):
    note = forms.CharField(label=_("落实情况"), widget=forms.Textarea(attrs={"rows": 3}))


class DecisionVerifyForm(StyledForm):
    decision = forms.ChoiceField(label=_("验证结论"), choices=[("verify", _("已落实，关闭")), ("reject", _("未落实到位，退回"))])
    note = forms.CharField(label=_("验证意见"), widget=forms.Textarea(attrs={"rows": 2}))


class PlanForm(StyledForm):
    kind = forms.ChoiceField(label=_("类别"), choices=Plan.Kind.choices)
    year = forms.IntegerField(label=_("年度"), min_value=2000, max_value=2100)
    title = forms.CharField(label=_("标题"), max_length=200)
    document_number = forms.CharField(label=_("文号"), max_length=60, required=False)
    summary = forms.CharField(label=_("主要内容"), required=False, widget=forms.Textarea(attrs={"rows": 5}))
    approved_by = forms.ModelChoiceField(label=_("批准人"), queryset=_users(), required=False)
    approved_on = forms.DateField(label=_("批准日期"), required=False, widget=DateInput)


class TaskForm(StyledForm):
    text = forms.CharField(label=_("工作任务"), max_length=300)
    department = forms.ModelChoiceField(label=_("责任部门"), queryset=Department.objects.filter(is_active=True),
                                        required=False)
    due_month = forms.TypedChoiceField(label=_("完成月份"), coerce=int,
                                       choices=[(m, _("%(m)d月") % {"m": m}) for m in range(1, 13)])


class TaskStatusForm(forms.Form):
    status = forms.ChoiceField(choices=TaskStatus.choices)


def _figure_choices():
    return [(f.key, f"{f.label}（{f.unit}）") for f in sorted(figures_all(), key=lambda f: f.key)]


class TargetForm(StyledForm):
    figure_key = forms.ChoiceField(label=_("指标"), choices=_figure_choices)
    department = forms.ModelChoiceField(label=_("责任部门"), queryset=Department.objects.filter(is_active=True),
                                        required=False, help_text=_("留空为全中心目标（用作该指标在仪表盘上的目标）。"))
    comparator = forms.ChoiceField(label=_("比较"), choices=Comparator.choices)
    value = forms.DecimalField(label=_("目标值"), max_digits=8, decimal_places=2, min_value=0)
