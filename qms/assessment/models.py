"""Scoring templates (sections -> items), self-assessments (自评) with their scores and evidence,
and the replaceable .docx templates of the fixed-layout documents.

A template is data: an office imports its province's sheet or edits the example. An assessment
scores one template for one year; submitting freezes a snapshot, and a later change is a new
draft that points back at the submitted one (`previous`)."""

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

POINTS = {"max_digits": 5, "decimal_places": 1}


class ScoringTemplate(models.Model):
    name = models.CharField(_("名称"), max_length=200)
    description = models.TextField(_("说明"), blank=True)
    source = models.CharField(_("依据"), max_length=200, blank=True,
                              help_text=_("如：某省服务业标准化试点考核验收评分表（导入文件名）。"))
    total_points = models.DecimalField(_("基本分总分"), default=100, validators=[MinValueValidator(1)], **POINTS)
    bonus_points = models.DecimalField(_("加分上限"), default=0, validators=[MinValueValidator(0)], **POINTS)
    pass_line = models.DecimalField(_("合格线"), default=80, validators=[MinValueValidator(0)], **POINTS)
    step = models.DecimalField(_("计分步长"), default=0.5, max_digits=3, decimal_places=1,
                               validators=[MinValueValidator(0.1)],
                               help_text=_("得分须为此数的整数倍，如 0.5 分。"))
    is_example = models.BooleanField(_("示例模板"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("计分表模板")
        verbose_name_plural = _("计分表模板")

    def __str__(self):
        return self.name


class ScoringSection(models.Model):
    template = models.ForeignKey(ScoringTemplate, on_delete=models.CASCADE, related_name="sections")
    order = models.PositiveIntegerField(_("排序"), default=0)
    title = models.CharField(_("部分名称"), max_length=200)
    max_points = models.DecimalField(_("分值"), default=0, validators=[MinValueValidator(0)], **POINTS)
    is_bonus = models.BooleanField(_("加分部分"), default=False)
    is_veto = models.BooleanField(_("否决项部分"), default=False)
    history = HistoricalRecords()

    class Meta:
        ordering = ["order", "id"]
        verbose_name = _("计分表部分")
        verbose_name_plural = _("计分表部分")

    def __str__(self):
        return self.title


class ScoringItem(models.Model):
    section = models.ForeignKey(ScoringSection, on_delete=models.CASCADE, related_name="items")
    order = models.PositiveIntegerField(_("排序"), default=0)
    code = models.CharField(_("序号"), max_length=20, blank=True)
    title = models.CharField(_("评价项目"), max_length=300)
    requirement = models.TextField(_("评价要求"), blank=True)
    max_points = models.DecimalField(_("分值"), default=0, validators=[MinValueValidator(0)], **POINTS)
    guidance = models.TextField(_("评分标准"), blank=True)
    evidence_hint = models.TextField(_("典型证据"), blank=True)
    is_veto = models.BooleanField(_("否决项"), default=False)
    figure_key = models.CharField(_("关联指标"), max_length=50, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["section__order", "order", "id"]
        verbose_name = _("计分项")
        verbose_name_plural = _("计分项")

    def __str__(self):
        return f"{self.code} {self.title}".strip()


class Assessment(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("草稿")
        SUBMITTED = "submitted", _("已提交")

    template = models.ForeignKey(ScoringTemplate, verbose_name=_("计分表"), on_delete=models.PROTECT,
                                 related_name="assessments")
    year = models.PositiveIntegerField(_("年度"))
    title = models.CharField(_("标题"), max_length=200)
    status = models.CharField(_("状态"), max_length=20, choices=Status.choices, default=Status.DRAFT)
    previous = models.ForeignKey("self", verbose_name=_("上一版"), on_delete=models.PROTECT, null=True,
                                 blank=True, related_name="revisions")
    overview = models.TextField(_("基本情况"), blank=True)
    work_done = models.TextField(_("主要工作"), blank=True)
    results = models.TextField(_("取得成效"), blank=True)
    problems = models.TextField(_("存在问题"), blank=True)
    improvement_plan = models.TextField(_("改进计划"), blank=True)
    summary_organisation = models.TextField(_("工作总结：加强组织领导"), blank=True)
    summary_system = models.TextField(_("工作总结：构建标准体系"), blank=True)
    summary_implementation = models.TextField(_("工作总结：抓好标准实施"), blank=True)
    summary_improvement = models.TextField(_("工作总结：开展评价改进"), blank=True)
    summary_outlook = models.TextField(_("工作总结：存在问题和下一步打算"), blank=True)
    snapshot = models.JSONField(_("提交时快照"), default=dict, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                   related_name="+")
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                     related_name="+")
    submitted_at = models.DateTimeField(_("提交时间"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-year", "-created_at"]
        verbose_name = _("自评")
        verbose_name_plural = _("自评")

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        from django.urls import reverse

        return reverse("assessment-detail", args=[self.pk])


class Score(models.Model):
    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="scores")
    item = models.ForeignKey(ScoringItem, on_delete=models.PROTECT, related_name="scores")
    points = models.DecimalField(_("自评得分"), null=True, blank=True, **POINTS)
    veto_failed = models.BooleanField(_("触发否决"), default=False)
    comment = models.TextField(_("自评说明"), blank=True)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("得分")
        verbose_name_plural = _("得分")
        constraints = [models.UniqueConstraint(fields=["assessment", "item"], name="score_item_unique")]

    def __str__(self):
        return f"{self.item}: {self.points}"


class EvidenceLink(models.Model):
    """A link from a score to a record in the system (a standard, a training, an audit...)."""

    score = models.ForeignKey(Score, on_delete=models.CASCADE, related_name="links")
    kind = models.CharField(_("类型"), max_length=30)
    object_id = models.CharField(_("记录"), max_length=40)
    label = models.CharField(_("名称"), max_length=300)
    url = models.CharField(_("链接"), max_length=300, blank=True)
    added_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+")
    added_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["added_at", "id"]
        verbose_name = _("证据链接")
        verbose_name_plural = _("证据链接")

    def __str__(self):
        return self.label


def evidence_upload_to(instance, filename):
    suffix = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    return f"assessment/{instance.score.assessment_id}/{instance.sha256[:16]}.{suffix}"


class EvidenceFile(models.Model):
    score = models.ForeignKey(Score, on_delete=models.CASCADE, related_name="files")
    file = models.FileField(_("文件"), upload_to=evidence_upload_to, max_length=200)
    name = models.CharField(_("文件名"), max_length=200)
    sha256 = models.CharField(max_length=64)
    added_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+")
    added_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["added_at", "id"]
        verbose_name = _("证据文件")
        verbose_name_plural = _("证据文件")

    def __str__(self):
        return self.name


class DocumentTemplate(models.Model):
    """An office's replacement for one of the shipped fixed-layout .docx templates. The newest
    active row of a kind is used; deactivating it falls back to the shipped file."""

    class Kind(models.TextChoices):
        APPLICATION_FORM = "application_form", _("确认申请表")
        SELF_ASSESSMENT_REPORT = "self_assessment_report", _("自评报告")
        DOSSIER_INDEX = "dossier_index", _("材料目录")
        WORK_SUMMARY = "work_summary", _("工作总结")

    kind = models.CharField(_("文档"), max_length=40, choices=Kind.choices)
    file = models.FileField(_("模板文件"), upload_to="document_templates/", max_length=200)
    name = models.CharField(_("原文件名"), max_length=200)
    sha256 = models.CharField(max_length=64)
    is_active = models.BooleanField(_("在用"), default=True)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True,
                                    related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["kind", "-uploaded_at"]
        verbose_name = _("文档模板")
        verbose_name_plural = _("文档模板")

    def __str__(self):
        return f"{self.get_kind_display()} {self.name}"
