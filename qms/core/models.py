"""Cross-cutting records: per-year counters, generated-file jobs, in-app notifications."""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class Counter(models.Model):
    """One row per (key, year); locked for update by `number_next` so numbers never collide."""

    key = models.CharField(max_length=20)
    year = models.PositiveIntegerField()
    value = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["key", "year"], name="counter_key_year_unique")]

    def __str__(self):
        return f"{self.key}-{self.year}:{self.value}"


class GeneratedFile(models.Model):
    """A long document job and its output. Only `done` rows have a complete file."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("排队")
        RUNNING = "running", _("生成中")
        DONE = "done", _("完成")
        FAILED = "failed", _("失败")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    kind = models.CharField(_("类型"), max_length=50)
    params = models.JSONField(_("参数"), default=dict, blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    status = models.CharField(_("状态"), max_length=10, choices=Status.choices, default=Status.QUEUED)
    progress = models.PositiveSmallIntegerField(_("进度"), default=0)
    step = models.CharField(_("步骤"), max_length=200, blank=True)
    file = models.FileField(_("文件"), upload_to="generated/%Y/%m/", blank=True)
    filename = models.CharField(_("文件名"), max_length=200, blank=True)
    sha256 = models.CharField(max_length=64, blank=True)
    error = models.TextField(_("错误"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("生成文件")
        verbose_name_plural = _("生成文件")

    def __str__(self):
        return f"{self.kind} {self.get_status_display()}"


class Notification(models.Model):
    """An in-app notification; e-mail is sent alongside by `notification_send`."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    verb = models.CharField(_("类型"), max_length=50)
    message = models.CharField(_("内容"), max_length=500)
    url = models.CharField(_("链接"), max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["recipient", "read_at"])]
        verbose_name = _("通知")
        verbose_name_plural = _("通知")

    def __str__(self):
        return self.message


class IssuedDocument(models.Model):
    """发文登记: one row per 发文字号 the centre has issued. Numbers run per year from 1 without
    gaps (`qms.core.issuing.document_number_issue` takes them under a row lock, inside the
    transaction of the act that issues the document, so a rolled-back act returns its number)."""

    class Kind(models.TextChoices):
        PUBLICATION = "publication", _("标准发布通知")
        MONTHLY_NOTICE = "monthly_notice", _("窗口考评月通报")
        OTHER = "other", _("其他通知")

    year = models.PositiveIntegerField(_("年度"))
    seq = models.PositiveIntegerField(_("顺序号"))
    number = models.CharField(_("发文字号"), max_length=60, unique=True)
    kind = models.CharField(_("类别"), max_length=20, choices=Kind.choices)
    title = models.CharField(_("标题"), max_length=300)
    subject = models.CharField(_("所发记录"), max_length=100, blank=True,
                               help_text=_("发文所依据的记录，如 edition:12、month:2026-03。"))
    issued_on = models.DateField(_("成文日期"))
    issued_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("经办人"), null=True, blank=True,
                                  on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-year", "-seq"]
        verbose_name = _("发文登记")
        verbose_name_plural = _("发文登记")
        constraints = [
            models.UniqueConstraint(fields=["year", "seq"], name="issued_document_year_seq_unique"),
            models.UniqueConstraint(fields=["subject"], condition=~models.Q(subject=""),
                                    name="issued_document_subject_unique"),
        ]

    def __str__(self):
        return self.number
