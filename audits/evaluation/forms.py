"""Forms: input parsing only; the services decide."""

from django import forms
from django.utils.translation import gettext_lazy as _

from qms.core.models import Holiday
from qms.org.models import Department, User

from .models import Channel, EvaluationSettings, Feedback, Grade, Scale, ScoreCriterion


class DateInput(forms.DateInput):
    input_type = "date"


def _windows():
    return Department.objects.filter(is_active=True, kind=Department.Kind.DEPARTMENT)


def _style(form):
    for fld in form.fields.values():
        widget = fld.widget
        if isinstance(widget, forms.CheckboxInput):
            widget.attrs.setdefault("class", "form-check-input")
        elif isinstance(widget, (forms.Select, forms.SelectMultiple)):
            widget.attrs.setdefault("class", "form-select")
        else:
            widget.attrs.setdefault("class", "form-control")


class StyledForm(forms.Form):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _style(self)


class RatingForm(StyledForm):
    case_number = forms.CharField(label=_("办件编号"), max_length=64)
    department = forms.ModelChoiceField(label=_("窗口"), queryset=_windows())
    grade = forms.ChoiceField(label=_("评价"), choices=Grade.choices, widget=forms.RadioSelect)
    item_name = forms.CharField(label=_("服务事项"), max_length=200, required=False)
    staff_name = forms.CharField(label=_("工作人员"), max_length=50, required=False)
    reason = forms.CharField(label=_("原因"), max_length=500, required=False, widget=forms.Textarea(attrs={"rows": 2}))
    rated_on = forms.DateField(label=_("评价日期"), required=False, widget=DateInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["grade"].widget.attrs["class"] = "form-check-input"


class ImportForm(StyledForm):
    file = forms.FileField(label=_("评价系统导出文件（.xlsx 或 .csv）"),
                           widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.csv"}))


class ComplaintForm(StyledForm):
    channel = forms.ChoiceField(label=_("渠道"), choices=Channel.choices)
    received_on = forms.DateField(label=_("受理日期"), required=False, widget=DateInput)
    complainant_name = forms.CharField(label=_("投诉人"), max_length=50)
    complainant_phone = forms.CharField(label=_("联系电话"), max_length=30, required=False)
    complainant_contact = forms.CharField(label=_("其他联系方式"), max_length=200, required=False)
    department = forms.ModelChoiceField(label=_("被投诉窗口"), queryset=_windows())
    item_name = forms.CharField(label=_("涉及事项"), max_length=200, required=False)
    staff_name = forms.CharField(label=_("涉及工作人员"), max_length=50, required=False)
    description = forms.CharField(label=_("投诉内容"), widget=forms.Textarea(attrs={"rows": 4}))


class NoteForm(StyledForm):
    note = forms.CharField(label=_("调查情况"), widget=forms.Textarea(attrs={"rows": 3}))


class ReplyForm(StyledForm):
    reply = forms.CharField(label=_("答复内容"), widget=forms.Textarea(attrs={"rows": 3}))
    substantiated = forms.TypedChoiceField(label=_("投诉是否属实"), choices=[("1", _("属实")), ("0", _("不属实"))],
                                           coerce=lambda v: v == "1", widget=forms.RadioSelect)
    replied_on = forms.DateField(label=_("答复日期"), required=False, widget=DateInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["substantiated"].widget.attrs["class"] = "form-check-input"


class CloseForm(StyledForm):
    feedback = forms.ChoiceField(label=_("投诉人对答复的反馈"), choices=Feedback.choices)
    feedback_note = forms.CharField(label=_("反馈说明"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class ReopenForm(StyledForm):
    reason = forms.CharField(label=_("重新调查原因"), widget=forms.Textarea(attrs={"rows": 2}))


class NonconformityForm(StyledForm):
    grade = forms.ChoiceField(label=_("不符合等级"), choices=[])
    clause = forms.CharField(label=_("不符合的要求（条款）"), max_length=100, required=False)
    description = forms.CharField(label=_("不符合事实"), widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, grades=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["grade"].choices = grades


class SurveyForm(StyledForm):
    title = forms.CharField(label=_("标题"), max_length=200)
    audience = forms.CharField(label=_("调查对象"), max_length=200, required=False)
    starts_on = forms.DateField(label=_("开始日期"), widget=DateInput)
    ends_on = forms.DateField(label=_("结束日期"), widget=DateInput)
    scale = forms.ChoiceField(label=_("答案量表"), choices=[c for c in Scale.choices if c[0] != Scale.TEXT])
    questions = forms.CharField(label=_("题目（每行一题）"), widget=forms.Textarea(attrs={"rows": 6}))
    text_questions = forms.CharField(
        label=_("文字题（每行一题，可不填）"), required=False, widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("填写意见的题目，如“您对窗口服务还有哪些建议？”：答案逐条列出，不计平均分，不计入满意率。"))


def survey_response_form(survey, data=None):
    """A form with one choice field per question (named q<id>), built from the question's scale."""
    from .models import SCALE_POINTS

    form = StyledForm(data)
    form.fields["respondent"] = forms.CharField(label=_("填表单位/人"), max_length=100, required=False)
    for q in survey.questions.all():
        if q.is_text:
            form.fields[f"q{q.pk}"] = forms.CharField(label=f"{q.order}. {q.text}", required=False, max_length=2000,
                                                      widget=forms.Textarea(attrs={"rows": 2}))
            continue
        form.fields[f"q{q.pk}"] = forms.TypedChoiceField(
            label=f"{q.order}. {q.text}", choices=[(v, label) for v, label in SCALE_POINTS[q.scale]], coerce=int)
    form.fields["comment"] = forms.CharField(label=_("意见建议"), required=False,
                                             widget=forms.Textarea(attrs={"rows": 2}))
    _style(form)
    return form


class ScoreForm(StyledForm):
    score = forms.DecimalField(label=_("得分"), min_value=0, max_value=100, decimal_places=2)
    note = forms.CharField(label=_("扣分说明"), max_length=300, required=False)


class CriterionForm(forms.ModelForm):
    class Meta:
        model = ScoreCriterion
        fields = ["source", "weight", "deduction", "is_active", "description"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _style(self)


class HolidayForm(StyledForm):
    date = forms.DateField(label=_("日期"), widget=DateInput)
    name = forms.CharField(label=_("名称"), max_length=50)
    kind = forms.ChoiceField(label=_("类别"), choices=Holiday.Kind.choices)


class SettingsForm(forms.ModelForm):
    class Meta:
        model = EvaluationSettings
        fields = ["satisfaction_target", "complaint_reply_days", "complaint_escalate_again_days"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _style(self)


class ReviewForm(StyledForm):
    title = forms.CharField(label=_("名称"), max_length=200)
    period_start = forms.DateField(label=_("评审期间起"), widget=DateInput)
    period_end = forms.DateField(label=_("评审期间止"), widget=DateInput)
    planned_on = forms.DateField(label=_("计划日期"), widget=DateInput)
    location = forms.CharField(label=_("地点"), max_length=100, required=False)
    chair = forms.ModelChoiceField(label=_("主持人"), queryset=User.objects.filter(is_active=True), required=False)


class HoldForm(StyledForm):
    held_on = forms.DateField(label=_("召开日期"), widget=DateInput)
    attendees = forms.ModelMultipleChoiceField(label=_("参加人员"), queryset=User.objects.filter(is_active=True),
                                               required=False, widget=forms.SelectMultiple(attrs={"size": 8}))
    other_attendees = forms.CharField(label=_("其他参加人员"), max_length=300, required=False)
    minutes = forms.CharField(label=_("会议纪要"), widget=forms.Textarea(attrs={"rows": 5}))
    conclusion = forms.CharField(label=_("评审结论"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class DecisionForm(StyledForm):
    text = forms.CharField(label=_("决定"), widget=forms.Textarea(attrs={"rows": 3}))
    action = forms.CharField(label=_("措施"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    owner = forms.ModelChoiceField(label=_("责任人"), queryset=User.objects.filter(is_active=True), required=False)
    due_on = forms.DateField(label=_("完成期限"), required=False, widget=DateInput)


class DepartmentInputForm(StyledForm):
    department = forms.ModelChoiceField(label=_("部门"), queryset=Department.objects.filter(is_active=True))
    text = forms.CharField(label=_("输入内容"), widget=forms.Textarea(attrs={"rows": 3}))


class ActionCompleteForm(StyledForm):
    note = forms.CharField(label=_("完成情况"), widget=forms.Textarea(attrs={"rows": 2}))


class ActionVerifyForm(StyledForm):
    effective = forms.TypedChoiceField(label=_("验证结论"), choices=[("1", _("有效，关闭")), ("0", _("未达到要求，退回"))],
                                       coerce=lambda v: v == "1")
    note = forms.CharField(label=_("验证意见"), widget=forms.Textarea(attrs={"rows": 2}))
