"""The evaluation settings (one row). The holiday table moved to qms.core (the shared calendar)."""

from decimal import Decimal

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class EvaluationSettings(models.Model):
    """Targets and deadlines the office may change. One row (pk=1), see `evaluation_settings()`."""

    satisfaction_target = models.DecimalField(
        _("满意率目标（%）"), max_digits=5, decimal_places=2, default=Decimal("98.00"),
        validators=[MinValueValidator(0), MaxValueValidator(100)])
    complaint_reply_days = models.PositiveSmallIntegerField(
        _("投诉答复时限（工作日）"), default=5, validators=[MinValueValidator(1), MaxValueValidator(60)])
    complaint_escalate_again_days = models.PositiveSmallIntegerField(
        _("超期后再次升级（工作日）"), default=3, validators=[MinValueValidator(1), MaxValueValidator(30)],
        help_text=_("投诉超期后仍未答复满该工作日数，升级通知管理层。"))
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("评价设置")
        verbose_name_plural = _("评价设置")

    def __str__(self):
        return str(_("评价设置"))
