"""Change requests (修订申请): anyone proposes a change to a standard in force; the office
accepts (starting a revision) or declines with reasons. Audit findings raise them too."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from .edition import Edition
from .standard import Standard


class ChangeRequest(models.Model):
    class Status(models.TextChoices):
        OPEN = "open", _("待处理")
        ACCEPTED = "accepted", _("已受理")
        DECLINED = "declined", _("不予采纳")

    class Source(models.TextChoices):
        PROPOSAL = "proposal", _("人员建议")
        AUDIT = "audit", _("内审发现")
        CHECK = "check", _("实施检查")
        REVIEW = "review", _("复审")
        COMPLAINT = "complaint", _("投诉")

    standard = models.ForeignKey(Standard, verbose_name=_("标准"), on_delete=models.PROTECT,
                                 related_name="change_requests")
    source = models.CharField(_("来源"), max_length=20, choices=Source.choices, default=Source.PROPOSAL)
    clause = models.CharField(_("条款"), max_length=100, blank=True)
    reason = models.TextField(_("修订理由"))
    proposal = models.TextField(_("修改建议"), blank=True)
    status = models.CharField(_("状态"), max_length=20, choices=Status.choices, default=Status.OPEN)
    decision_note = models.TextField(_("处理意见"), blank=True)
    revision = models.ForeignKey(Edition, verbose_name=_("修订版本"), on_delete=models.SET_NULL, null=True,
                                 blank=True, related_name="change_requests")
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("申请人"), on_delete=models.PROTECT,
                                     related_name="+")
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("处理人"), on_delete=models.PROTECT,
                                   null=True, blank=True, related_name="+")
    created_at = models.DateTimeField(_("提出时间"), auto_now_add=True)
    decided_at = models.DateTimeField(_("处理时间"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("修订申请")
        verbose_name_plural = _("修订申请")

    def __str__(self):
        return f"{self.standard.code} {self.get_status_display()}"
