from django import forms
from django.utils.translation import gettext_lazy as _

from qms.assessment.forms import BootstrapMixin
from qms.assessment.models import Assessment
from qms.org.models import OrganisationProfile

from .models import Dossier


class DateInput(forms.DateInput):
    input_type = "date"


class DossierRequestForm(BootstrapMixin, forms.Form):
    assessment = forms.ModelChoiceField(label=_("依据的自评"), queryset=Assessment.objects.all(), required=False,
                                        empty_label=_("最新的自评"))
    kind = forms.ChoiceField(label=_("类别"), choices=Dossier.Kind.choices, initial=Dossier.Kind.FINAL,
                             widget=forms.RadioSelect(attrs={"class": "me-1"}),
                             help_text=_("正式汇编须通过生成前检查；草稿每页标“草稿”，仅供检查。"))


class OrganisationProfileForm(BootstrapMixin, forms.ModelForm):
    class Meta:
        model = OrganisationProfile
        fields = ["name", "short_name", "address", "postcode", "legal_representative", "contact_person", "phone",
                  "email", "standard_prefix", "document_code", "pilot_project", "pilot_start", "pilot_end",
                  "project_lead", "competent_authority", "consultation_min_working_days"]
        widgets = {"pilot_start": DateInput(format="%Y-%m-%d"), "pilot_end": DateInput(format="%Y-%m-%d")}
