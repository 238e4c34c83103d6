"""Cross-cutting records: per-year counters, generated-file jobs, in-app notifications."""

import uuid

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.db import models
from django.utils import timezone
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
    heartbeat_at = models.DateTimeField(null=True, blank=True)  # written by the running worker
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


class WorkflowEvent(models.Model):
    """One row on a record's timeline: a workflow move (from -> to) or another step worth showing
    (created, acknowledged, replied). Every stateful record writes here, through
    `qms.core.workflow.transition` and `event_record`; every detail page shows these rows with the
    same timeline component."""

    content_type = models.ForeignKey("contenttypes.ContentType", on_delete=models.CASCADE, related_name="+")
    object_id = models.PositiveBigIntegerField()
    subject = GenericForeignKey("content_type", "object_id")
    workflow = models.CharField(_("流程"), max_length=40)
    move = models.CharField(_("操作"), max_length=40, blank=True)
    from_status = models.CharField(_("原状态"), max_length=30, blank=True)
    to_status = models.CharField(_("新状态"), max_length=30, blank=True)
    label = models.CharField(_("动作"), max_length=100, blank=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("操作人"), on_delete=models.PROTECT,
                              null=True, blank=True, related_name="+")
    at = models.DateTimeField(_("时间"), default=timezone.now)
    note = models.TextField(_("说明"), blank=True)

    class Meta:
        ordering = ["at", "id"]
        indexes = [models.Index(fields=["content_type", "object_id", "at"], name="workflow_event_subject"),
                   models.Index(fields=["workflow", "at"], name="workflow_event_workflow")]
        verbose_name = _("状态变更")
        verbose_name_plural = _("状态变更")

    def __str__(self):
        return f"{self.workflow}#{self.object_id}: {self.from_status} -> {self.to_status}"

    def _status_label(self, status: str) -> str:
        from .workflow import workflow_get

        try:
            return workflow_get(self.workflow).status_label(status)
        except LookupError:
            return status

    @property
    def from_label(self) -> str:
        return self._status_label(self.from_status)

    @property
    def to_label(self) -> str:
        return self._status_label(self.to_status)

    @property
    def round_label(self) -> str:
        """On a nonconformity's timeline, which corrective-action round a row belongs to."""
        if self.workflow != "corrective_action":
            return ""
        return str(_("第 %(r)s 轮") % {"r": self.subject.round}) if self.subject else ""


class Holiday(models.Model):
    """The office's own exception to the working-day calendar, on top of the State Council's
    published schedule (see qms.core.calendar): a local day off on a weekday (放假), or a day
    worked in exchange (调休上班). An entry overrides the national schedule for its date."""

    class Kind(models.TextChoices):
        OFF = "off", _("放假")
        WORK = "work", _("调休上班")

    date = models.DateField(_("日期"), unique=True)
    name = models.CharField(_("名称"), max_length=50)
    kind = models.CharField(_("类别"), max_length=10, choices=Kind.choices, default=Kind.OFF)
    history = HistoricalRecords()

    class Meta:
        ordering = ["date"]
        verbose_name = _("节假日")
        verbose_name_plural = _("节假日")

    def __str__(self):
        return f"{self.date} {self.name}"


class CalendarDay(models.Model):
    """The working-day calendar materialised, one row per date (derived from the national schedule
    and `Holiday`; rebuilt by `calendar_rebuild`, never edited). `ordinal` counts the working days
    from the table's first date up to and including this one, so the working days after day A up
    to and including day B are `ordinal(B) - ordinal(A)`: one join, in the database."""

    date = models.DateField(primary_key=True)
    is_working = models.BooleanField()
    ordinal = models.PositiveIntegerField()

    class Meta:
        ordering = ["date"]
        verbose_name = _("工作日历")
        verbose_name_plural = _("工作日历")

    def __str__(self):
        return f"{self.date} {self.ordinal}"


class ImportBatch(models.Model):
    """One uploaded import file and what became of it: who, when, its hash, the preview's plan,
    the errors, the outcome. The file itself is kept only while it waits for confirmation."""

    class Outcome(models.TextChoices):
        WAITING = "waiting", _("待确认")
        REFUSED = "refused", _("已拒绝")
        IMPORTED = "imported", _("已导入")
        ABANDONED = "abandoned", _("已放弃")

    importer = models.CharField(_("导入类型"), max_length=50)
    filename = models.CharField(_("文件名"), max_length=200)
    file = models.FileField(_("文件"), upload_to="imports/", blank=True)
    sha256 = models.CharField(max_length=64, blank=True)
    size = models.PositiveIntegerField(default=0)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                    related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    outcome = models.CharField(_("结果"), max_length=10, choices=Outcome.choices, default=Outcome.WAITING)
    plan = models.JSONField(_("预览"), default=dict, blank=True)
    errors = models.JSONField(_("错误"), default=list, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("导入记录")
        verbose_name_plural = _("导入记录")

    def __str__(self):
        return f"{self.importer} {self.filename} {self.get_outcome_display()}"


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
