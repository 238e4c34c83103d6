"""The register of internal auditors (内审员名册: each qualification certificate, renewals kept as
new rows) and the library of audit points (审核要点) per standard clause."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from standards.models import Standard


class AuditorQualification(models.Model):
    """One qualification certificate of an internal auditor. A renewal is a new row; the old one
    stays (with its history) so the register shows who was qualified when."""

    auditor = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("内审员"), on_delete=models.PROTECT,
                                related_name="auditor_qualifications")
    course = models.CharField(_("培训课程"), max_length=200)
    issuer = models.CharField(_("发证机构"), max_length=200)
    certificate_number = models.CharField(_("证书编号"), max_length=80)
    obtained_on = models.DateField(_("取得日期"))
    expires_on = models.DateField(_("有效期至"))
    note = models.CharField(_("备注"), max_length=200, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("登记人"), on_delete=models.PROTECT,
                                   null=True, blank=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["auditor", "-expires_on", "-id"]
        verbose_name = _("内审员资格")
        verbose_name_plural = _("内审员资格")
        constraints = [
            models.CheckConstraint(condition=models.Q(expires_on__gte=models.F("obtained_on")),
                                   name="qualification_expires_after_obtained"),
        ]

    def __str__(self):
        return f"{self.auditor} {self.certificate_number}"


class AuditPoint(models.Model):
    """What an auditor checks against one clause of a standard, and how."""

    standard = models.ForeignKey(Standard, verbose_name=_("标准"), on_delete=models.PROTECT,
                                 related_name="audit_points")
    edition_number = models.CharField(_("适用版本"), max_length=80, blank=True,
                                      help_text=_("留空则适用于该标准的现行版本。"))
    clause = models.CharField(_("条款"), max_length=100)
    text = models.TextField(_("审核要点"))
    method = models.TextField(_("检查方法"), blank=True)
    order = models.PositiveIntegerField(_("序号"), default=0)
    is_active = models.BooleanField(_("启用"), default=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("编写人"), on_delete=models.PROTECT,
                                   null=True, blank=True, related_name="+")
    history = HistoricalRecords()

    class Meta:
        ordering = ["standard", "order", "id"]
        verbose_name = _("审核要点")
        verbose_name_plural = _("审核要点")

    def __str__(self):
        return f"{self.standard.code} {self.clause}"
