"""Forms of the standards' life cycle: input parsing only; the services decide."""

from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from qms.org.models import Department, Role

from .models import CheckResult, Comment, Edition, EditionStatus, PeriodicReview, Standard, StandardStatus
from .selectors.people import users_with_role


class DateInput(forms.DateInput):
    """An HTML date input: its value must be ISO (a localised 2026/12/15 shows as empty)."""

    input_type = "date"

    def __init__(self, attrs=None, format="%Y-%m-%d"):  # noqa: A002 - Django's argument name
        super().__init__(attrs, format=format)


def _text(label, required=True, rows=3):
    return forms.CharField(label=label, required=required, widget=forms.Textarea(attrs={"rows": rows}))


def _users():
    return get_user_model().objects.filter(is_active=True).select_related("department")


class StyledForm(forms.Form):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for fld in self.fields.values():
            widget = fld.widget
            if isinstance(widget, forms.CheckboxSelectMultiple | forms.RadioSelect | forms.CheckboxInput):
                continue
            css = "form-select" if isinstance(widget, forms.Select) else "form-control"
            widget.attrs.setdefault("class", css)


class UserChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.display_name}（{obj.department or '—'}）"


class UserMultipleChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.display_name}（{obj.department or '—'}）"


class SubmitForm(StyledForm):
    reviewer = UserChoiceField(label=_("指定审核人"), required=False, queryset=None,
                               help_text=_("留空则管理层或标准化办公室中起草人以外的任一人均可审核。"))
    note = _text(_("说明"), required=False, rows=2)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reviewer"].queryset = users_with_role(Role.MANAGER, Role.OFFICE)


class ReasonForm(StyledForm):
    reason = _text(_("理由"))


class ConsultationForm(StyledForm):
    deadline = forms.DateField(label=_("截止日期"), widget=DateInput)
    departments = forms.ModelMultipleChoiceField(label=_("征求部门"), required=False,
                                                 queryset=Department.objects.filter(is_active=True),
                                                 widget=forms.SelectMultiple(attrs={"size": 8}))
    people = UserMultipleChoiceField(label=_("征求人员"), required=False, queryset=_users(),
                                     widget=forms.SelectMultiple(attrs={"size": 6}))
    note = _text(_("说明"), required=False, rows=2)


class CommentForm(StyledForm):
    clause = forms.CharField(label=_("章条编号"), max_length=50, required=False)
    quote = _text(_("原文（引用）"), required=False, rows=2)
    text = _text(_("意见内容"), required=False)
    no_objection = forms.BooleanField(label=_("无意见"), required=False)


class DisposeForm(StyledForm):
    disposition = forms.ChoiceField(label=_("处理意见"), choices=[c for c in Comment.Disposition.choices if c[0]])
    reason = forms.CharField(label=_("处理说明"), required=False, max_length=1000)
    changed_clause = forms.CharField(label=_("修改的章条"), required=False, max_length=50)
    no_change_reason = forms.CharField(label=_("无需修改的理由"), required=False, max_length=1000)


class CloseConsultationForm(StyledForm):
    reviewer = UserChoiceField(label=_("指定审核人"), required=False, queryset=None)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reviewer"].queryset = users_with_role(Role.MANAGER, Role.OFFICE)


DECISIONS = [("approve", _("同意")), ("return", _("退回修改"))]


class ReviewSignForm(StyledForm):
    decision = forms.ChoiceField(label=_("结论"), choices=DECISIONS, widget=forms.RadioSelect, initial="approve")
    note = _text(_("意见"), required=False)


class ApproveForm(ReviewSignForm):
    effective_on = forms.DateField(label=_("实施日期"), required=False, widget=DateInput,
                                   help_text=_("今天或更早：批准后立即实施；以后的日期：到期由系统自动发布。"))


class DocumentForm(StyledForm):
    upload = forms.FileField(label=_("标准文本（.docx 或 .pdf）"))
    reason = forms.CharField(label=_("修改原因"), required=False, max_length=300)


class RevisionForm(StyledForm):
    number = forms.CharField(label=_("新版本标准编号"), required=False, max_length=80,
                             help_text=_("留空则沿用现行编号并把年号改为今年。"))
    reason = _text(_("修订理由"))


class PeriodicReviewForm(StyledForm):
    outcome = forms.ChoiceField(label=_("复审结论"), choices=PeriodicReview.Outcome.choices, widget=forms.RadioSelect)
    reasons = _text(_("理由"))
    reviewed_on = forms.DateField(label=_("复审日期"), required=False, widget=DateInput)


class ChangeRequestForm(StyledForm):
    clause = forms.CharField(label=_("条款"), max_length=100, required=False)
    reason = _text(_("修订理由"))
    proposal = _text(_("修改建议"), required=False)


class DecideForm(StyledForm):
    decision = forms.ChoiceField(label=_("处理"), widget=forms.RadioSelect,
                                 choices=[("accept", _("受理并启动修订")), ("decline", _("不予采纳"))])
    note = _text(_("处理意见"), required=False, rows=2)


class EditionMultipleChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.standard.code} {obj.number} {obj.title}"


class TrainingForm(StyledForm):
    title = forms.CharField(label=_("培训主题"), max_length=200)
    held_on = forms.DateField(label=_("培训日期"), widget=DateInput)
    trainer = forms.CharField(label=_("授课人"), max_length=100)
    location = forms.CharField(label=_("地点"), max_length=100, required=False)
    editions = EditionMultipleChoiceField(
        label=_("培训标准"), widget=forms.SelectMultiple(attrs={"size": 8}),
        queryset=Edition.objects.filter(status__in=[EditionStatus.IN_FORCE, EditionStatus.APPROVED])
        .select_related("standard").order_by("standard__code"))
    departments = forms.ModelMultipleChoiceField(
        label=_("参训部门"), required=False, queryset=Department.objects.filter(is_active=True),
        widget=forms.SelectMultiple(attrs={"size": 6}),
        help_text=_("培训标准所适用部门的在岗人员自动列为应参训人员（参训率的分母）；此处可再增加部门。"))
    people = UserMultipleChoiceField(label=_("其他应参训人员"), required=False, queryset=_users(),
                                     widget=forms.SelectMultiple(attrs={"size": 6}))
    notes = _text(_("备注"), required=False, rows=2)
    plan_item = forms.ModelChoiceField(label=_("计划项目"), required=False, queryset=None,
                                       help_text=_("本场培训落实年度培训计划中的哪一项（计划完成率据此统计）"))
    pass_mark = forms.DecimalField(label=_("考核合格分"), required=False, min_value=0, max_value=100, decimal_places=1,
                                   help_text=_("本场有考核时填写（百分制）；不填表示不考核"))

    def __init__(self, *args, **kwargs):
        from .models import TrainingPlanItem

        super().__init__(*args, **kwargs)
        self.fields["plan_item"].queryset = TrainingPlanItem.objects.select_related("plan").order_by(
            "-plan__year", "month", "id")


class AttendanceForm(forms.Form):
    attendees = UserMultipleChoiceField(label=_("实际参训人员"), required=False, queryset=None,
                                        widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args, session, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["attendees"].queryset = session.expected.select_related("department").order_by(
            "department__order", "username")


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        if isinstance(data, list | tuple):
            return [super(MultipleFileField, self).clean(d, initial) for d in data]
        return [super().clean(data, initial)] if data else []


class StandardChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.code} {obj.number} {obj.name}"


class CheckForm(StyledForm):
    standard = StandardChoiceField(label=_("标准"), queryset=Standard.objects.filter(status=StandardStatus.IN_FORCE))
    department = forms.ModelChoiceField(label=_("受检部门"), queryset=Department.objects.filter(is_active=True))
    checked_on = forms.DateField(label=_("检查日期"), widget=DateInput)
    result = forms.ChoiceField(label=_("检查结果"), choices=CheckResult.choices, widget=forms.RadioSelect)
    notes = _text(_("检查情况"), required=False)
    evidence = MultipleFileField(label=_("证据文件（可多选）"), required=False)
