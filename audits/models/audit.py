"""An audit (内审计划/实施) and its checklist (检查表)."""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericRelation
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from qms.org.models import Department
from standards.models import Standard, SystemNode

from .auditors import AuditPoint
from .programme import AuditProgramme


class AuditStatus(models.TextChoices):
    PLANNED = "planned", _("计划")
    IN_PROGRESS = "in_progress", _("实施中")
    COMPLETED = "completed", _("已完成")
    CANCELLED = "cancelled", _("已取消")


class Result(models.TextChoices):
    PENDING = "", _("未检查")
    CONFORM = "conform", _("符合")
    NONCONFORM = "nonconform", _("不符合")
    OBSERVATION = "observation", _("观察项")
    NOT_APPLICABLE = "not_applicable", _("不适用")


class Audit(models.Model):
    number = models.CharField(_("编号"), max_length=20, unique=True)
    programme = models.ForeignKey(AuditProgramme, verbose_name=_("年度方案"), on_delete=models.PROTECT,
                                  null=True, blank=True, related_name="audits")
    title = models.CharField(_("名称"), max_length=200)
    planned_month = models.PositiveSmallIntegerField(
        _("计划月份"), null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(12)])
    objectives = models.TextField(_("审核目的"), blank=True)
    criteria = models.TextField(_("审核准则"), blank=True)
    departments = models.ManyToManyField(Department, verbose_name=_("受审部门"), blank=True,
                                         related_name="audits")
    nodes = models.ManyToManyField(SystemNode, verbose_name=_("覆盖子体系"), blank=True, related_name="audits")
    standards = models.ManyToManyField(Standard, verbose_name=_("审核标准"), blank=True, related_name="audits")
    start_date = models.DateField(_("开始日期"), null=True, blank=True)
    end_date = models.DateField(_("结束日期"), null=True, blank=True)
    lead_auditor = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("审核组长"),
                                     on_delete=models.PROTECT, related_name="led_audits")
    team = models.ManyToManyField(settings.AUTH_USER_MODEL, verbose_name=_("审核组成员"), blank=True,
                                  related_name="audit_teams")
    status = models.CharField(_("状态"), max_length=20, choices=AuditStatus.choices, default=AuditStatus.PLANNED,
                              db_index=True)
    opening_notes = models.TextField(_("首次会议记录"), blank=True)
    closing_notes = models.TextField(_("末次会议记录"), blank=True)
    summary = models.TextField(_("审核综述"), blank=True)
    conclusion = models.TextField(_("审核结论"), blank=True)
    distribution = models.CharField(_("分发范围"), max_length=200, blank=True)
    copied_from = models.ForeignKey("self", verbose_name=_("沿用自"), on_delete=models.SET_NULL, null=True,
                                    blank=True, related_name="copies")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("创建人"), on_delete=models.PROTECT,
                                   null=True, blank=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    status_changes = GenericRelation("core.WorkflowEvent", related_query_name="audit")
    history = HistoricalRecords(m2m_fields=[departments, team])

    class Meta:
        ordering = ["-start_date", "-number"]
        verbose_name = _("内部审核")
        verbose_name_plural = _("内部审核")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end_date__isnull=True) | models.Q(start_date__isnull=True)
                | models.Q(end_date__gte=models.F("start_date")),
                name="audit_end_after_start",
            ),
        ]

    def __str__(self):
        return f"{self.number} {self.title}"

    @property
    def year(self) -> int | None:
        if self.start_date:
            return self.start_date.year
        return self.programme.year if self.programme_id else None


class ChecklistItem(models.Model):
    """One line of the checklist: a standard (or one requirement of it) checked in a department."""

    audit = models.ForeignKey(Audit, verbose_name=_("审核"), on_delete=models.CASCADE, related_name="items")
    order = models.PositiveIntegerField(_("序号"), default=0)
    department = models.ForeignKey(Department, verbose_name=_("受审部门"), on_delete=models.PROTECT, null=True,
                                   blank=True, related_name="+")
    standard = models.ForeignKey(Standard, verbose_name=_("标准"), on_delete=models.PROTECT, null=True,
                                 blank=True, related_name="checklist_items")
    edition_number = models.CharField(_("检查所依版本"), max_length=80, blank=True)
    clause = models.CharField(_("条款"), max_length=100, blank=True)
    requirement = models.TextField(_("检查内容"), blank=True)
    audit_point = models.ForeignKey(AuditPoint, verbose_name=_("审核要点"), on_delete=models.SET_NULL, null=True,
                                    blank=True, related_name="checklist_items")
    standard_changed = models.BooleanField(
        _("标准已变更"), default=False, help_text=_("沿用上次检查表时，该标准自上次审核后已换版或废止。"))
    result = models.CharField(_("结果"), max_length=20, choices=Result.choices, blank=True, default="")
    evidence = models.TextField(_("证据记录"), blank=True)
    checked_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("检查人"), on_delete=models.PROTECT,
                                   null=True, blank=True, related_name="+")
    checked_at = models.DateTimeField(_("检查时间"), null=True, blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)
    history = HistoricalRecords()

    class Meta:
        ordering = ["audit", "order", "id"]
        verbose_name = _("检查项")
        verbose_name_plural = _("检查项")

    def __str__(self):
        label = self.standard.code if self.standard_id else self.requirement[:30]
        return f"{self.audit.number} #{self.order} {label}"
