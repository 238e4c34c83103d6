"""Validity of adopted external standards (标准有效性确认, ISO 9001 7.5.3).

`AdoptedStatus` is what the outside world says of an adopted standard's number (现行, 即将实施,
被代替 by which number from which date, 废止 from which date), where that came from and when it
was last confirmed. `ValidityConfirmation` is one confirmation (who, when, from what source) and
`ValidityFinding` its outcome per standard."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from .standard import Standard


class ExternalState(models.TextChoices):
    CURRENT = "current", _("现行")
    UPCOMING = "upcoming", _("即将实施")
    REPLACED = "replaced", _("被代替")
    ABOLISHED = "abolished", _("废止")


OBSOLETE_STATES = (ExternalState.REPLACED, ExternalState.ABOLISHED)


class AdoptedStatus(models.Model):
    standard = models.OneToOneField(Standard, verbose_name=_("标准"), on_delete=models.CASCADE,
                                    related_name="adopted_status")
    number = models.CharField(_("标准编号"), max_length=80, help_text=_("状态所指的标准编号。"))
    state = models.CharField(_("标准状态"), max_length=20, choices=ExternalState.choices,
                             default=ExternalState.CURRENT)
    effective_on = models.DateField(_("实施日期"), null=True, blank=True)
    ends_on = models.DateField(_("废止日期"), null=True, blank=True,
                               help_text=_("被代替或废止的日期。"))
    replaced_by = models.CharField(_("代替标准号"), max_length=80, blank=True,
                                   help_text=_("被代替时，代替它的标准编号。"))
    source = models.CharField(_("状态来源"), max_length=200, blank=True)
    confirmed_on = models.DateField(_("最近确认日期"), null=True, blank=True)
    confirmed_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("确认人"), on_delete=models.PROTECT,
                                     null=True, blank=True, related_name="+")
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("采用标准状态")
        verbose_name_plural = _("采用标准状态")
        constraints = [
            models.CheckConstraint(condition=~models.Q(state="replaced") | ~models.Q(replaced_by=""),
                                   name="adopted_status_replaced_has_number"),
        ]

    def __str__(self):
        return f"{self.number} {self.get_state_display()}"

    @property
    def is_obsolete(self) -> bool:
        return self.state in OBSOLETE_STATES


class ValidityConfirmation(models.Model):
    confirmed_on = models.DateField(_("确认日期"))
    confirmed_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("确认人"), on_delete=models.PROTECT,
                                     related_name="+")
    source = models.CharField(_("依据"), max_length=200,
                              help_text=_("如：全国标准信息公共服务平台查询结果 2026-03-01.xlsx"))
    notes = models.TextField(_("说明"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-confirmed_on", "-id"]
        verbose_name = _("标准有效性确认")
        verbose_name_plural = _("标准有效性确认")

    def __str__(self):
        return f"{self.confirmed_on} {self.source}"


class ValidityFinding(models.Model):
    confirmation = models.ForeignKey(ValidityConfirmation, on_delete=models.CASCADE, related_name="findings")
    standard = models.ForeignKey(Standard, verbose_name=_("标准"), on_delete=models.CASCADE,
                                 related_name="validity_findings")
    number = models.CharField(_("标准编号"), max_length=80)
    state = models.CharField(_("确认结果"), max_length=20, choices=ExternalState.choices)
    replaced_by = models.CharField(_("代替标准号"), max_length=80, blank=True)
    ends_on = models.DateField(_("废止日期"), null=True, blank=True)

    class Meta:
        ordering = ["confirmation", "number"]
        verbose_name = _("有效性确认结果")
        verbose_name_plural = _("有效性确认结果")
        constraints = [models.UniqueConstraint(fields=["confirmation", "standard"], name="finding_once")]

    def __str__(self):
        return f"{self.number} {self.get_state_display()}"
