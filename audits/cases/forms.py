"""Forms: input parsing only; the services decide."""

from django import forms
from django.utils.translation import gettext_lazy as _

GROUP_CHOICES = [("month", _("按月")), ("department", _("按部门")), ("window", _("按窗口")), ("item", _("按事项"))]


def _bootstrap(form):
    for field in form.fields.values():
        field.widget.attrs.setdefault("class", "form-select" if isinstance(field.widget, forms.Select)
                                      else "form-control")


class CaseImportForm(forms.Form):
    file = forms.FileField(label=_("办件导出文件（.xlsx 或 .csv）"),
                           widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.csv"}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _bootstrap(self)


class CaseFiguresForm(forms.Form):
    month = forms.CharField(label=_("月份"), required=False, widget=forms.TextInput(attrs={"type": "month"}),
                            help_text=_("留空为近 12 个月"))
    by = forms.ChoiceField(label=_("分组"), choices=GROUP_CHOICES, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _bootstrap(self)

    def clean_month(self):
        import datetime as dt

        text = self.cleaned_data["month"]
        if not text:
            return None
        try:
            return dt.datetime.strptime(text, "%Y-%m").date()
        except ValueError:
            raise forms.ValidationError(_("月份格式应为 YYYY-MM。")) from None
