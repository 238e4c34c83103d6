"""External evaluation (外部评价): third-party satisfaction surveys (第三方测评), appraisals by
deputies to the people's congress and members of the CPPCC (人大代表、政协委员评议) and
mystery-shopper visits (明察暗访). Each has a date, who evaluated, the departments (windows) it
covered, a score on its own scale, findings and attached reports. Each finding is followed up:
an improvement in the 持续改进 register, a nonconformity, or closed with a reason."""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from qms.org.models import Department


class ExternalKind(models.TextChoices):
    THIRD_PARTY = "third_party", _("第三方测评")
    DEPUTIES = "deputies", _("人大代表、政协委员评议")
    MYSTERY = "mystery", _("明察暗访")


class ExternalEvaluation(models.Model):
    kind = models.CharField(_("评价方式"), max_length=20, choices=ExternalKind.choices)
    title = models.CharField(_("名称"), max_length=200)
    held_on = models.DateField(_("评价日期"), db_index=True)
    evaluator = models.CharField(_("评价机构/人员"), max_length=200)
    departments = models.ManyToManyField(Department, verbose_name=_("评价范围（部门/窗口）"), blank=True,
                                         related_name="external_evaluations")
    scope = models.CharField(_("范围说明"), max_length=300, blank=True)
    score = models.DecimalField(_("得分"), max_digits=6, decimal_places=2, null=True, blank=True,
                                validators=[MinValueValidator(0)])
    full_score = models.DecimalField(_("满分"), max_digits=6, decimal_places=2, default=Decimal("100"),
                                     validators=[MinValueValidator(Decimal("0.01"))],
                                     help_text=_("得分所用的分制，如 100 分制、10 分制；满意率按 100 填。"))
    summary = models.TextField(_("评价结论"), blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    history = HistoricalRecords(m2m_fields=[departments])

    class Meta:
        ordering = ["-held_on", "-id"]
        verbose_name = _("外部评价")
        verbose_name_plural = _("外部评价")
        constraints = [models.CheckConstraint(condition=Q(score__isnull=True) | Q(score__lte=F("full_score")),
                                              name="external_score_within_scale")]

    def __str__(self):
        return f"{self.held_on} {self.title}"

    @property
    def score_text(self) -> str:
        """'96.4 / 100', or '—' without a score."""
        if self.score is None:
            return "—"
        return f"{format(self.score.normalize(), 'f')} / {format(self.full_score.normalize(), 'f')}"

    @property
    def score_rate(self) -> Decimal | None:
        """得分率: the score on a 100-point scale."""
        if self.score is None:
            return None
        return (self.score * 100 / self.full_score).quantize(Decimal("0.01"))


class FollowUp(models.TextChoices):
    NONE = "", _("待跟进")
    IMPROVEMENT = "improvement", _("持续改进")
    NONCONFORMITY = "nonconformity", _("不符合项")
    NO_ACTION = "no_action", _("无需整改")


class ExternalFinding(models.Model):
    evaluation = models.ForeignKey(ExternalEvaluation, on_delete=models.CASCADE, related_name="findings")
    department = models.ForeignKey(Department, verbose_name=_("涉及部门"), on_delete=models.PROTECT, null=True,
                                   blank=True, related_name="+")
    text = models.TextField(_("发现的问题"))
    follow_up = models.CharField(_("跟进"), max_length=20, choices=FollowUp.choices, default=FollowUp.NONE,
                                 blank=True, db_index=True)
    follow_up_ref = models.CharField(_("跟进编号/说明"), max_length=300, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["evaluation", "id"]
        verbose_name = _("外部评价发现")
        verbose_name_plural = _("外部评价发现")

    def __str__(self):
        return self.text[:50]


def external_upload_to(instance, filename):
    # Files are immutable: the path carries the content hash.
    return f"evaluation/external/{instance.sha256[:2]}/{instance.sha256[:24]}.{instance.kind}"


class ExternalAttachment(models.Model):
    """A report, score sheet or photo of an external evaluation (entered through the upload gate)."""

    evaluation = models.ForeignKey(ExternalEvaluation, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(_("文件"), upload_to=external_upload_to, max_length=200)
    name = models.CharField(_("原文件名"), max_length=200)
    kind = models.CharField(_("类型"), max_length=10)
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("上传人"), on_delete=models.PROTECT,
                                    related_name="+")
    uploaded_at = models.DateTimeField(_("上传时间"), default=timezone.now)
    history = HistoricalRecords()

    class Meta:
        ordering = ["uploaded_at", "id"]
        verbose_name = _("外部评价附件")
        verbose_name_plural = _("外部评价附件")

    def __str__(self):
        return self.name
