"""Implementation checks (标准实施检查): is a standard followed in a department?"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from qms.org.models import Department

from .edition import Edition
from .standard import Standard


class CheckResult(models.TextChoices):
    CONFORMING = "conforming", _("符合")
    MOSTLY = "mostly", _("基本符合")
    NONCONFORMING = "nonconforming", _("不符合")


# Results that count as "implemented" for 实施率 (see selectors.implementation_rate).
CONFORMING_RESULTS = (CheckResult.CONFORMING, CheckResult.MOSTLY)


class ImplementationCheck(models.Model):
    standard = models.ForeignKey(Standard, verbose_name=_("标准"), on_delete=models.PROTECT,
                                 related_name="implementation_checks")
    edition = models.ForeignKey(Edition, verbose_name=_("检查时的现行版本"), on_delete=models.PROTECT,
                                related_name="+")
    department = models.ForeignKey(Department, verbose_name=_("受检部门"), on_delete=models.PROTECT,
                                   related_name="implementation_checks")
    checked_on = models.DateField(_("检查日期"))
    checker = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("检查人"), on_delete=models.PROTECT,
                                related_name="+")
    result = models.CharField(_("检查结果"), max_length=20, choices=CheckResult.choices)
    notes = models.TextField(_("检查情况"), blank=True)
    # Filled once a nonconformity has been raised from a 不符合 check (its number, e.g. NC-2026-003).
    nonconformity_ref = models.CharField(_("不符合项编号"), max_length=40, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-checked_on", "-id"]
        verbose_name = _("实施检查")
        verbose_name_plural = _("实施检查")

    def __str__(self):
        return f"{self.standard.code} {self.department} {self.checked_on} {self.get_result_display()}"

    @property
    def needs_nonconformity(self) -> bool:
        return self.result == CheckResult.NONCONFORMING and not self.nonconformity_ref


def evidence_upload_to(instance, filename):
    suffix = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    return f"checks/{instance.check_record_id}/{instance.sha256[:16]}.{suffix}"


class CheckEvidence(models.Model):
    check_record = models.ForeignKey(ImplementationCheck, verbose_name=_("实施检查"), on_delete=models.CASCADE,
                                     related_name="evidence")
    file = models.FileField(_("证据文件"), upload_to=evidence_upload_to, max_length=200)
    name = models.CharField(_("原文件名"), max_length=200)
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["id"]
        verbose_name = _("检查证据")
        verbose_name_plural = _("检查证据")

    def __str__(self):
        return self.name
