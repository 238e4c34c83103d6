"""Consultation (征求意见): a comment period on a draft edition, and the comments it receives."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from qms.org.models import Department

from .edition import Edition


class CloseBasis(models.TextChoices):
    DEADLINE = "deadline", _("期满结束")
    ALL_ANSWERED = "all_answered", _("全部被征求人已反馈，提前结束")


class Consultation(models.Model):
    class Status(models.TextChoices):
        OPEN = "open", _("征求中")
        CLOSED = "closed", _("已结束")

    edition = models.ForeignKey(Edition, verbose_name=_("版本"), on_delete=models.CASCADE,
                                related_name="consultations")
    deadline = models.DateField(_("截止日期"))
    departments = models.ManyToManyField(Department, verbose_name=_("征求部门"), blank=True, related_name="+")
    people = models.ManyToManyField(settings.AUTH_USER_MODEL, verbose_name=_("征求人员"), blank=True,
                                    related_name="consultations_asked")
    note = models.TextField(_("说明"), blank=True)
    status = models.CharField(_("状态"), max_length=10, choices=Status.choices, default=Status.OPEN)
    opened_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("发起人"), on_delete=models.PROTECT,
                                  related_name="+")
    opened_at = models.DateTimeField(_("发起时间"), auto_now_add=True)
    closed_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("结束人"), on_delete=models.PROTECT,
                                  null=True, blank=True, related_name="+")
    closed_at = models.DateTimeField(_("结束时间"), null=True, blank=True)
    close_basis = models.CharField(_("结束依据"), max_length=20, choices=CloseBasis.choices, blank=True)
    history = HistoricalRecords(m2m_fields=[departments, people])

    class Meta:
        ordering = ["-opened_at"]
        verbose_name = _("征求意见")
        verbose_name_plural = _("征求意见")

    def __str__(self):
        return f"{self.edition.number} {_('征求意见')}"

    def get_absolute_url(self):
        return reverse("consultation-detail", kwargs={"pk": self.pk})


class Comment(models.Model):
    class Disposition(models.TextChoices):
        NONE = "", _("待处理")
        ACCEPTED = "accepted", _("采纳")
        PARTLY = "partly", _("部分采纳")
        REJECTED = "rejected", _("不采纳")

    consultation = models.ForeignKey(Consultation, verbose_name=_("征求意见"), on_delete=models.CASCADE,
                                     related_name="comments")
    seq = models.PositiveIntegerField(_("序号"))
    author = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("提出人"), on_delete=models.PROTECT,
                               related_name="+")
    department = models.ForeignKey(Department, verbose_name=_("单位"), on_delete=models.PROTECT, null=True,
                                   blank=True, related_name="+")
    clause = models.CharField(_("章条编号"), max_length=50, blank=True)
    quote = models.TextField(_("原文"), blank=True)
    text = models.TextField(_("意见内容"))
    submitted_at = models.DateTimeField(_("提出时间"), auto_now_add=True)
    disposition = models.CharField(_("处理意见"), max_length=20, choices=Disposition.choices, blank=True,
                                   default="")
    disposition_reason = models.TextField(_("处理说明"), blank=True)
    disposed_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("处理人"), on_delete=models.PROTECT,
                                    null=True, blank=True, related_name="+")
    disposed_at = models.DateTimeField(_("处理时间"), null=True, blank=True)
    no_objection = models.BooleanField(_("无意见"), default=False)
    changed_clause = models.CharField(_("修改的章条"), max_length=50, blank=True,
                                      help_text=_("采纳或部分采纳的意见在修订稿中改动的章条编号。"))
    no_change_reason = models.TextField(_("无需修改的理由"), blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["consultation", "seq"]
        verbose_name = _("意见")
        verbose_name_plural = _("意见")
        constraints = [models.UniqueConstraint(fields=["consultation", "seq"], name="comment_seq_unique")]

    def __str__(self):
        return f"{self.seq}. {self.text[:30]}"
