"""Forms of the register of internal auditors and the audit-point library: input parsing only;
the services (`audits.services.auditors`) decide."""

from django import forms
from django.utils.translation import gettext_lazy as _

from qms.org.models import ROLE_GROUP_NAMES, Role, User
from standards.models import Standard, StandardStatus

from .forms import DateInput, StyledForm


class QualificationForm(StyledForm):
    auditor = forms.ModelChoiceField(label=_("内审员"), queryset=User.objects.none())
    course = forms.CharField(label=_("培训课程"), max_length=200,
                             help_text=_("如：GB/T 19011 管理体系审核指南 内审员培训"))
    issuer = forms.CharField(label=_("发证机构"), max_length=200)
    certificate_number = forms.CharField(label=_("证书编号"), max_length=80)
    obtained_on = forms.DateField(label=_("取得日期"), widget=DateInput)
    expires_on = forms.DateField(label=_("有效期至"), widget=DateInput)
    note = forms.CharField(label=_("备注"), max_length=200, required=False)

    def __init__(self, *args, actor=None, editing: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if editing:
            del self.fields["auditor"]
            return
        auditors = User.objects.filter(is_active=True, groups__name=ROLE_GROUP_NAMES[Role.AUDITOR]).distinct()
        if actor is not None:
            auditors = auditors.exclude(pk=actor.pk)
        self.fields["auditor"].queryset = auditors.order_by("username")


class AuditPointForm(StyledForm):
    standard = forms.ModelChoiceField(label=_("标准"), queryset=Standard.objects.none())
    edition_number = forms.CharField(label=_("适用版本"), max_length=80, required=False,
                                     help_text=_("留空则适用于该标准的现行版本。"))
    clause = forms.CharField(label=_("条款"), max_length=100)
    text = forms.CharField(label=_("审核要点"), widget=forms.Textarea(attrs={"rows": 3}))
    method = forms.CharField(label=_("检查方法"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    order = forms.IntegerField(label=_("序号"), min_value=0, required=False)
    is_active = forms.BooleanField(label=_("启用"), required=False, initial=True)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["standard"].queryset = Standard.objects.filter(status=StandardStatus.IN_FORCE).order_by("code")
