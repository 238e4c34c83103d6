from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from qms.core.figures import figures_all

from .evidence import evidence_kinds
from .models import Assessment, DocumentTemplate, ScoringItem, ScoringSection, ScoringTemplate
from .narratives import NARRATIVE_KEYS


class BootstrapMixin:
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for fld in self.fields.values():
            if isinstance(fld.widget, forms.CheckboxInput):
                fld.widget.attrs.setdefault("class", "form-check-input")
            elif isinstance(fld.widget, forms.Select):
                fld.widget.attrs.setdefault("class", "form-select")
            else:
                fld.widget.attrs.setdefault("class", "form-control")


class TemplateImportForm(BootstrapMixin, forms.Form):
    name = forms.CharField(label=_("计分表名称"), max_length=200,
                           help_text=_("如：某省服务业标准化试点项目考核验收评分表（2024 版）"))
    upload = forms.FileField(label=_("Excel 文件（.xlsx）"))
    pass_line = forms.DecimalField(label=_("合格线"), required=False, max_digits=5, decimal_places=1,
                                   help_text=_("留空则从表中读取（如“80 分及以上为合格”），读不到按 80 分。"))
    step = forms.DecimalField(label=_("计分步长"), initial=0.5, max_digits=3, decimal_places=1, min_value=0.1)


class TemplateForm(BootstrapMixin, forms.ModelForm):
    class Meta:
        model = ScoringTemplate
        fields = ["name", "description", "source", "total_points", "bonus_points", "pass_line", "step"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}


class SectionForm(BootstrapMixin, forms.ModelForm):
    class Meta:
        model = ScoringSection
        fields = ["title", "max_points", "is_bonus", "is_veto", "order"]


def figure_choices():
    return [("", "—")] + [(f.key, f"{f.label}（{f.key}）") for f in figures_all()]


class ItemForm(BootstrapMixin, forms.ModelForm):
    figure_key = forms.ChoiceField(label=_("关联指标"), required=False, choices=figure_choices)

    class Meta:
        model = ScoringItem
        fields = ["code", "title", "requirement", "max_points", "guidance", "evidence_hint", "is_veto",
                  "figure_key", "order"]
        widgets = {f: forms.Textarea(attrs={"rows": 2}) for f in ("requirement", "guidance", "evidence_hint")}


class AssessmentCreateForm(BootstrapMixin, forms.Form):
    template = forms.ModelChoiceField(label=_("计分表"), queryset=ScoringTemplate.objects.all())
    year = forms.IntegerField(label=_("年度"), min_value=2000, max_value=2100,
                              initial=lambda: timezone.localdate().year)
    title = forms.CharField(label=_("标题"), max_length=200, required=False)


class NarrativeForm(BootstrapMixin, forms.ModelForm):
    class Meta:
        model = Assessment
        fields = ["title", *NARRATIVE_KEYS]
        widgets = {f: forms.Textarea(attrs={"rows": 5}) for f in NARRATIVE_KEYS}


class ScoreForm(forms.Form):
    points = forms.DecimalField(label=_("自评得分"), required=False, max_digits=5, decimal_places=1)
    comment = forms.CharField(label=_("自评说明"), required=False, widget=forms.Textarea)
    veto_failed = forms.BooleanField(label=_("触发否决"), required=False)


class EvidenceLinkForm(BootstrapMixin, forms.Form):
    kind = forms.ChoiceField(label=_("类型"), choices=lambda: [(k.key, k.label) for k in evidence_kinds()])
    reference = forms.CharField(label=_("编号"), max_length=80,
                                help_text=_("标准填体系表编号或标准编号，其他记录填编号或 ID"))


class EvidenceFileForm(BootstrapMixin, forms.Form):
    upload = forms.FileField(label=_("证据文件"))


class DocumentTemplateForm(BootstrapMixin, forms.Form):
    kind = forms.ChoiceField(label=_("文档"), choices=DocumentTemplate.Kind.choices)
    upload = forms.FileField(label=_("模板文件（.docx）"))
