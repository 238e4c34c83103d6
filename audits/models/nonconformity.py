"""Nonconformities (不符合项) and their corrective-action rounds (纠正措施)."""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericRelation
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from qms.org.models import Department
from standards.models import ChangeRequest, Standard

from .audit import Audit, ChecklistItem


class Source(models.TextChoices):
    INTERNAL_AUDIT = "internal_audit", _("内部审核")
    IMPLEMENTATION_CHECK = "implementation_check", _("实施检查")
    COMPLAINT = "complaint", _("投诉")
    EXTERNAL_AUDIT = "external_audit", _("外部审核")
    MANAGEMENT_REVIEW = "management_review", _("管理评审")
    EXTERNAL_EVALUATION = "external_evaluation", _("外部评价")


class Grade(models.TextChoices):
    MAJOR = "major", _("严重")
    MINOR = "minor", _("一般")
    OBSERVATION = "observation", _("观察项")


class NCStatus(models.TextChoices):
    OPEN = "open", _("整改中")
    CLOSED = "closed", _("已关闭")


class Nonconformity(models.Model):
    number = models.CharField(_("编号"), max_length=20, unique=True)
    source = models.CharField(_("来源"), max_length=30, choices=Source.choices, default=Source.INTERNAL_AUDIT)
    source_ref = models.CharField(_("来源记录"), max_length=200, blank=True,
                                  help_text=_("来源记录的编号或说明，如投诉单号、外审报告号。"))
    audit = models.ForeignKey(Audit, verbose_name=_("审核"), on_delete=models.PROTECT, null=True, blank=True,
                              related_name="nonconformities")
    checklist_item = models.OneToOneField(ChecklistItem, verbose_name=_("检查项"), on_delete=models.PROTECT,
                                          null=True, blank=True, related_name="nonconformity")
    department = models.ForeignKey(Department, verbose_name=_("责任部门"), on_delete=models.PROTECT,
                                   related_name="nonconformities")
    standard = models.ForeignKey(Standard, verbose_name=_("未满足的标准"), on_delete=models.PROTECT, null=True,
                                 blank=True, related_name="nonconformities")
    clause = models.CharField(_("条款"), max_length=100, blank=True)
    description = models.TextField(_("不符合事实描述"))
    evidence = models.TextField(_("客观证据"), blank=True)
    grade = models.CharField(_("等级"), max_length=20, choices=Grade.choices)
    status = models.CharField(_("状态"), max_length=20, choices=NCStatus.choices, default=NCStatus.OPEN,
                              db_index=True)
    raised_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("开具人"), on_delete=models.PROTECT,
                                  related_name="+")
    raised_on = models.DateField(_("开具日期"), default=timezone.localdate)
    acknowledged_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("受审方确认人"),
                                        on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    acknowledged_at = models.DateTimeField(_("确认时间"), null=True, blank=True)
    acknowledgement_note = models.TextField(_("受审方意见"), blank=True)
    closed_on = models.DateField(_("关闭日期"), null=True, blank=True)
    status_changes = GenericRelation("core.WorkflowEvent", related_query_name="nonconformity")
    history = HistoricalRecords()

    class Meta:
        ordering = ["-raised_on", "-number"]
        verbose_name = _("不符合项")
        verbose_name_plural = _("不符合项")
        constraints = [
            models.CheckConstraint(condition=Q(status="open") | Q(closed_on__isnull=False),
                                   name="nonconformity_closed_has_date"),
        ]

    def __str__(self):
        return self.number

    @property
    def is_closed(self) -> bool:
        return self.status == NCStatus.CLOSED


class CAStatus(models.TextChoices):
    TO_PLAN = "to_plan", _("待制定")
    TO_REVIEW = "to_review", _("待审核")
    IMPLEMENTING = "implementing", _("实施中")
    TO_VERIFY = "to_verify", _("待验证")
    VERIFIED = "verified", _("已验证")
    EFFECTIVE = "effective", _("有效")
    INEFFECTIVE = "ineffective", _("无效")


CA_FINISHED = (CAStatus.EFFECTIVE, CAStatus.INEFFECTIVE)


class CorrectiveAction(models.Model):
    """One round of correction and corrective action for a nonconformity. A round judged
    ineffective (or a reopened nonconformity) starts the next round."""

    nonconformity = models.ForeignKey(Nonconformity, verbose_name=_("不符合项"), on_delete=models.CASCADE,
                                      related_name="actions")
    round = models.PositiveSmallIntegerField(_("轮次"), default=1)
    status = models.CharField(_("状态"), max_length=20, choices=CAStatus.choices, default=CAStatus.TO_PLAN,
                              db_index=True)
    plan_due = models.DateField(_("计划提交期限"))
    correction = models.TextField(_("纠正（就事论事的处置）"), blank=True)
    why_chain = models.JSONField(_("五问分析"), default=list, blank=True)
    root_cause = models.TextField(_("根本原因"), blank=True)
    action_plan = models.TextField(_("纠正措施计划"), blank=True)
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("整改责任人"), on_delete=models.PROTECT,
                              null=True, blank=True, related_name="owned_corrective_actions")
    due_date = models.DateField(_("完成期限"), null=True, blank=True)
    cause_is_standard = models.BooleanField(_("原因在于标准本身"), default=False)
    change_request = models.ForeignKey(ChangeRequest, verbose_name=_("修订申请"), on_delete=models.PROTECT,
                                       null=True, blank=True, related_name="corrective_actions")
    change_proposal = models.TextField(_("标准修改建议"), blank=True)
    review_note = models.TextField(_("计划审核意见"), blank=True)
    completion_note = models.TextField(_("完成情况"), blank=True)
    completed_on = models.DateField(_("完成日期"), null=True, blank=True)
    verification_note = models.TextField(_("验证意见"), blank=True)
    verified_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("验证人"), on_delete=models.PROTECT,
                                    null=True, blank=True, related_name="+")
    verified_on = models.DateField(_("验证日期"), null=True, blank=True)
    effectiveness_review_on = models.DateField(_("有效性评价日期"), null=True, blank=True)
    effectiveness_note = models.TextField(_("有效性评价"), blank=True)
    escalated_on = models.DateField(_("最近督办日期"), null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    status_changes = GenericRelation("core.WorkflowEvent", related_query_name="correctiveaction")
    history = HistoricalRecords()

    class Meta:
        ordering = ["nonconformity", "round"]
        verbose_name = _("纠正措施")
        verbose_name_plural = _("纠正措施")
        constraints = [
            models.UniqueConstraint(fields=["nonconformity", "round"], name="corrective_action_round_unique"),
            models.UniqueConstraint(fields=["nonconformity"], condition=~Q(status__in=["effective", "ineffective"]),
                                    name="corrective_action_one_open_round"),
        ]

    def __str__(self):
        return f"{self.nonconformity.number} #{self.round} {self.get_status_display()}"

    @property
    def is_finished(self) -> bool:
        return self.status in CA_FINISHED
