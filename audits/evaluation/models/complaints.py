"""Complaints (投诉): intake from any channel, handling against a working-day deadline, the reply,
the complainant's feedback, and whether it was substantiated. Its moves are declared in
`audits.evaluation.workflows`; its timeline is `core.WorkflowEvent` rows."""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericRelation
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from qms.org.models import Department


class ComplaintStatus(models.TextChoices):
    RECEIVED = "received", _("已受理")
    INVESTIGATING = "investigating", _("调查中")
    REPLIED = "replied", _("已答复")
    CLOSED = "closed", _("已办结")


OPEN_STATUSES = (ComplaintStatus.RECEIVED, ComplaintStatus.INVESTIGATING)


class Channel(models.TextChoices):
    WINDOW = "window", _("窗口现场")
    PHONE = "phone", _("投诉电话")
    HOTLINE = "hotline", _("12345热线")
    WEB = "web", _("网上投诉")
    LETTER = "letter", _("来信")
    OTHER = "other", _("其他")


class Feedback(models.TextChoices):
    NONE = "", _("未反馈")
    SATISFIED = "satisfied", _("满意")
    BASIC = "basic", _("基本满意")
    DISSATISFIED = "dissatisfied", _("不满意")


class Complaint(models.Model):
    number = models.CharField(_("投诉编号"), max_length=20, unique=True)
    channel = models.CharField(_("渠道"), max_length=10, choices=Channel.choices)
    received_on = models.DateField(_("受理日期"), db_index=True)
    complainant_name = models.CharField(_("投诉人"), max_length=50)
    complainant_phone = models.CharField(_("联系电话"), max_length=30, blank=True)
    complainant_contact = models.CharField(_("其他联系方式"), max_length=200, blank=True,
                                           help_text=_("地址、邮箱等。"))
    department = models.ForeignKey(Department, verbose_name=_("被投诉窗口"), on_delete=models.PROTECT,
                                    related_name="complaints")
    item_name = models.CharField(_("涉及事项"), max_length=200, blank=True)
    staff = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("涉及工作人员"), on_delete=models.SET_NULL,
                              null=True, blank=True, related_name="complaints_concerning")
    staff_name = models.CharField(_("涉及工作人员姓名"), max_length=50, blank=True)
    description = models.TextField(_("投诉内容"))
    status = models.CharField(_("状态"), max_length=20, choices=ComplaintStatus.choices,
                              default=ComplaintStatus.RECEIVED, db_index=True)
    due_on = models.DateField(_("答复期限"))
    handler = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("承办人"), on_delete=models.SET_NULL,
                                null=True, blank=True, related_name="complaints_handled")
    investigation = models.TextField(_("调查情况"), blank=True)
    reply = models.TextField(_("答复内容"), blank=True)
    replied_on = models.DateField(_("答复日期"), null=True, blank=True)
    substantiated = models.BooleanField(_("投诉属实"), null=True, blank=True)
    feedback = models.CharField(_("投诉人反馈"), max_length=20, choices=Feedback.choices, blank=True, default="")
    feedback_note = models.TextField(_("反馈说明"), blank=True)
    escalation_level = models.PositiveSmallIntegerField(_("升级级别"), default=0)
    escalated_on = models.DateField(_("最近升级日期"), null=True, blank=True)
    nonconformity_ref = models.CharField(_("不符合项编号"), max_length=30, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    events = GenericRelation("core.WorkflowEvent", related_query_name="complaint")
    history = HistoricalRecords()

    class Meta:
        ordering = ["-received_on", "-id"]
        verbose_name = _("投诉")
        verbose_name_plural = _("投诉")
        constraints = [
            models.CheckConstraint(condition=models.Q(replied_on__isnull=True) | models.Q(substantiated__isnull=False),
                                   name="complaint_replied_has_finding"),
        ]

    def __str__(self):
        return self.number

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES
