"""A dossier (申请材料汇编) request: who asked, when, for which self-assessment, the data
snapshot it was built from, its kind (final: from a submitted self-assessment that passed
the pre-flight checks; draft: for checking, marked 草稿 on every page), and its generated-file job (status, progress, file, error).

The dossier's status follows its job (declared in workflows.py, moved by the services as the
job runs): a job is `done` only with its complete zip, so a dossier is never done without one.
A re-run gives the dossier a new job (the old job row is kept)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from qms.assessment.models import Assessment
from qms.core.models import GeneratedFile


class Dossier(models.Model):
    Status = GeneratedFile.Status

    class Kind(models.TextChoices):
        FINAL = "final", _("正式")
        DRAFT = "draft", _("草稿")

    kind = models.CharField(_("类别"), max_length=10, choices=Kind.choices, default=Kind.DRAFT,
                            help_text=_("正式汇编只能依据已提交的自评且通过生成前检查；草稿每页标“草稿”，仅供检查。"))
    assessment = models.ForeignKey(Assessment, verbose_name=_("自评"), on_delete=models.PROTECT, null=True,
                                   blank=True, related_name="dossiers")
    job = models.OneToOneField(GeneratedFile, verbose_name=_("生成任务"), on_delete=models.SET_NULL, null=True,
                               blank=True, related_name="dossier")
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("申请人"), on_delete=models.PROTECT,
                                     null=True, blank=True, related_name="+")
    requested_at = models.DateTimeField(_("申请时间"), auto_now_add=True)
    as_of = models.DateField(_("数据日期"))
    snapshot = models.JSONField(_("数据快照"), default=dict, blank=True)
    runs = models.PositiveSmallIntegerField(_("生成次数"), default=1)
    status = models.CharField(_("状态"), max_length=10, choices=Status.choices, default=Status.QUEUED)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-requested_at", "-id"]
        verbose_name = _("申请材料汇编")
        verbose_name_plural = _("申请材料汇编")

    def __str__(self):
        return f"申请材料汇编 #{self.pk}（{self.get_kind_display()}）"

    def get_absolute_url(self):
        from django.urls import reverse

        return reverse("dossier-detail", args=[self.pk])

    @property
    def status_label(self) -> str:
        return self.get_status_display()

    @property
    def is_final(self) -> bool:
        return self.kind == self.Kind.FINAL
