"""Training (宣贯) sessions and acknowledgements (已阅知悉) of published editions."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from qms.org.models import Department

from .edition import Edition


class TrainingSession(models.Model):
    """`expected` is fixed when the session is planned (the departments' active staff plus the
    people named), so later moves of staff do not change a past session's rate."""

    title = models.CharField(_("培训主题"), max_length=200)
    held_on = models.DateField(_("培训日期"))
    trainer = models.CharField(_("授课人"), max_length=100)
    location = models.CharField(_("地点"), max_length=100, blank=True)
    editions = models.ManyToManyField(Edition, verbose_name=_("培训标准"), related_name="training_sessions")
    departments = models.ManyToManyField(Department, verbose_name=_("参训部门"), blank=True, related_name="+")
    expected = models.ManyToManyField(settings.AUTH_USER_MODEL, verbose_name=_("应参训人员"), blank=True,
                                      related_name="trainings_expected")
    attendees = models.ManyToManyField(settings.AUTH_USER_MODEL, verbose_name=_("实际参训人员"), blank=True,
                                       related_name="trainings_attended")
    notes = models.TextField(_("备注"), blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("登记人"), on_delete=models.PROTECT,
                                   related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords(m2m_fields=[editions, departments, expected, attendees])

    class Meta:
        ordering = ["-held_on", "-id"]
        verbose_name = _("培训")
        verbose_name_plural = _("培训")

    def __str__(self):
        return f"{self.held_on} {self.title}"


class Acknowledgement(models.Model):
    edition = models.ForeignKey(Edition, verbose_name=_("版本"), on_delete=models.CASCADE,
                                related_name="acknowledgements")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("人员"), on_delete=models.CASCADE,
                             related_name="acknowledgements")
    department = models.ForeignKey(Department, verbose_name=_("部门"), on_delete=models.SET_NULL, null=True,
                                   blank=True, related_name="+")
    requested_at = models.DateTimeField(_("要求时间"), auto_now_add=True)
    acknowledged_at = models.DateTimeField(_("确认时间"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-requested_at", "id"]
        verbose_name = _("学习确认")
        verbose_name_plural = _("学习确认")
        constraints = [models.UniqueConstraint(fields=["edition", "user"], name="ack_edition_user_unique")]

    def __str__(self):
        return f"{self.user} · {self.edition.number}"
