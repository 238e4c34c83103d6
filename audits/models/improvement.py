"""The continual-improvement register (持续改进): each improvement with where it came from, the
problem, the measures, who owns it, its dates, and the figure it should move with the value before
and after. The 管理评审 reads it as one of its inputs."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from qms.org.models import Department


class ImprovementSource(models.TextChoices):
    NONCONFORMITY = "nonconformity", _("不符合项")
    COMPLAINT = "complaint", _("投诉")
    REVIEW = "review", _("管理评审")
    SURVEY = "survey", _("满意度调查")
    SUGGESTION = "suggestion", _("合理化建议")
    EXTERNAL = "external_evaluation", _("外部评价")


class ImprovementStatus(models.TextChoices):
    OPEN = "open", _("实施中")
    DONE = "done", _("已完成")


class Improvement(models.Model):
    number = models.CharField(_("编号"), max_length=20, unique=True)
    title = models.CharField(_("改进项目"), max_length=200)
    source = models.CharField(_("来源"), max_length=20, choices=ImprovementSource.choices)
    source_ref = models.CharField(_("来源编号"), max_length=50, blank=True,
                                  help_text=_("如不符合项、投诉或评审编号。"))
    problem = models.TextField(_("存在的问题"))
    measures = models.TextField(_("改进措施"))
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("负责人"), on_delete=models.PROTECT,
                              related_name="improvements")
    department = models.ForeignKey(Department, verbose_name=_("责任部门"), on_delete=models.PROTECT,
                                   related_name="improvements")
    started_on = models.DateField(_("开始日期"))
    due_on = models.DateField(_("计划完成日期"))
    completed_on = models.DateField(_("完成日期"), null=True, blank=True)
    status = models.CharField(_("状态"), max_length=10, choices=ImprovementStatus.choices,
                              default=ImprovementStatus.OPEN)
    figure_key = models.CharField(_("关联指标"), max_length=50, blank=True)
    value_before = models.DecimalField(_("改进前"), max_digits=9, decimal_places=2, null=True, blank=True)
    value_after = models.DecimalField(_("改进后"), max_digits=9, decimal_places=2, null=True, blank=True)
    result = models.TextField(_("改进效果"), blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    history = HistoricalRecords()

    class Meta:
        ordering = ["-started_on", "-number"]
        verbose_name = _("持续改进")
        verbose_name_plural = _("持续改进")
        constraints = [
            models.CheckConstraint(condition=Q(due_on__gte=models.F("started_on")), name="improvement_due_after_start"),
            models.CheckConstraint(condition=Q(status="open") | Q(completed_on__isnull=False),
                                   name="improvement_done_has_date"),
        ]

    def __str__(self):
        return f"{self.number} {self.title}"
