"""Periodic review (复审): a standard in force is looked at again every `review_cycle_years`."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from .edition import Edition
from .standard import Standard


class PeriodicReview(models.Model):
    class Outcome(models.TextChoices):
        CONFIRM = "confirm", _("继续有效")
        REVISE = "revise", _("修订")
        WITHDRAW = "withdraw", _("废止")

    standard = models.ForeignKey(Standard, verbose_name=_("标准"), on_delete=models.CASCADE,
                                 related_name="periodic_reviews")
    edition = models.ForeignKey(Edition, verbose_name=_("复审版本"), on_delete=models.PROTECT, related_name="+")
    due_on = models.DateField(_("应复审日期"))
    reviewed_on = models.DateField(_("复审日期"))
    outcome = models.CharField(_("复审结论"), max_length=20, choices=Outcome.choices)
    reasons = models.TextField(_("理由"))
    revision = models.ForeignKey(Edition, verbose_name=_("修订版本"), on_delete=models.SET_NULL, null=True,
                                 blank=True, related_name="+")
    reviewed_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("复审人"), on_delete=models.PROTECT,
                                    related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-reviewed_on", "-id"]
        verbose_name = _("复审记录")
        verbose_name_plural = _("复审记录")

    def __str__(self):
        return f"{self.standard.code} {self.reviewed_on} {self.get_outcome_display()}"
