"""Forms of 标准有效性确认: input parsing only; the services decide."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .forms_lifecycle import DateInput, StyledForm, _text
from .models import ExternalState


class AdoptReplacementForm(StyledForm):
    number = forms.CharField(label=_("代替标准号"), max_length=80)
    name = forms.CharField(label=_("代替标准名称"), max_length=200, required=False,
                           help_text=_("留空则沿用原名称。"))
    effective_on = forms.DateField(label=_("实施日期"), widget=DateInput, required=False,
                                   help_text=_("留空则取原标准的废止日期。"))


class AdoptedWithdrawForm(StyledForm):
    reason = _text(_("撤出原因"))
    withdrawn_on = forms.DateField(label=_("废止日期"), widget=DateInput, required=False,
                                   help_text=_("留空则取外部状态中的废止日期，没有则为今天。"))


class ValidityConfirmForm(StyledForm):
    """The date and source, then one outcome (and replacement number) per adopted standard."""

    confirmed_on = forms.DateField(label=_("确认日期"), widget=DateInput, initial=timezone.localdate)
    source = forms.CharField(label=_("依据"), max_length=200,
                             initial=_("全国标准信息公共服务平台（std.samr.gov.cn）逐项查询"))
    notes = _text(_("说明"), required=False, rows=2)

    def __init__(self, *args, rows=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.rows = list(rows)
        for row in self.rows:
            pk = row.standard.pk
            current = row.status.state if row.status else ExternalState.CURRENT
            self.fields[f"state_{pk}"] = forms.ChoiceField(
                label=row.standard.number, choices=[("", _("本次不确认")), *ExternalState.choices], initial=current,
                required=False, widget=forms.Select(attrs={"class": "form-select form-select-sm"}))
            self.fields[f"replaced_by_{pk}"] = forms.CharField(
                label=_("代替标准号"), required=False, initial=row.status.replaced_by if row.status else "",
                widget=forms.TextInput(attrs={"class": "form-control form-control-sm"}))

    def outcomes(self) -> dict:
        found = {}
        for row in self.rows:
            state = self.cleaned_data.get(f"state_{row.standard.pk}")
            if state:
                found[row.standard] = (state, self.cleaned_data.get(f"replaced_by_{row.standard.pk}", ""))
        return found

    def row_fields(self):
        return [(row, self[f"state_{row.standard.pk}"], self[f"replaced_by_{row.standard.pk}"]) for row in self.rows]


class StatusImportForm(forms.Form):
    file = forms.FileField(label=_("标准状态表（.xlsx）"),
                           widget=forms.ClearableFileInput(attrs={"accept": ".xlsx", "class": "form-control"}))
