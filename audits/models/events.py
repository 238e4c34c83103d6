"""The timeline (status-change rows) and stored evidence files."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .audit import Audit, ChecklistItem


class StatusChange(models.Model):
    """One workflow move of an audit, a nonconformity or a corrective action (the UI timeline)."""

    audit = models.ForeignKey(Audit, on_delete=models.CASCADE, null=True, blank=True,
                              related_name="status_changes")
    nonconformity = models.ForeignKey("audits.Nonconformity", on_delete=models.CASCADE, null=True, blank=True,
                                      related_name="status_changes")
    corrective_action = models.ForeignKey("audits.CorrectiveAction", on_delete=models.CASCADE, null=True,
                                          blank=True, related_name="status_changes")
    from_status = models.CharField(_("原状态"), max_length=20, blank=True)
    to_status = models.CharField(_("新状态"), max_length=20)
    label = models.CharField(_("动作"), max_length=100, blank=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("操作人"), on_delete=models.PROTECT,
                              null=True, blank=True, related_name="+")
    at = models.DateTimeField(_("时间"), default=timezone.now)
    note = models.TextField(_("说明"), blank=True)

    class Meta:
        ordering = ["at", "id"]
        verbose_name = _("状态变更")
        verbose_name_plural = _("状态变更")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(audit__isnull=False) | models.Q(nonconformity__isnull=False),
                name="audits_status_change_has_subject",
            ),
        ]

    def __str__(self):
        return f"{self.from_status} -> {self.to_status}"


def attachment_upload_to(instance, filename):
    # Evidence files are immutable: the path carries the content hash.
    return f"audits/evidence/{instance.sha256[:2]}/{instance.sha256[:24]}.{instance.kind}"


class Attachment(models.Model):
    """A photo or file kept as evidence: on a checklist item, or on a corrective action."""

    checklist_item = models.ForeignKey(ChecklistItem, on_delete=models.CASCADE, null=True, blank=True,
                                       related_name="attachments")
    corrective_action = models.ForeignKey("audits.CorrectiveAction", on_delete=models.CASCADE, null=True,
                                          blank=True, related_name="attachments")
    file = models.FileField(_("文件"), upload_to=attachment_upload_to, max_length=200)
    name = models.CharField(_("原文件名"), max_length=200)
    kind = models.CharField(_("类型"), max_length=10)
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("上传人"), on_delete=models.PROTECT,
                                    related_name="+")
    uploaded_at = models.DateTimeField(_("上传时间"), default=timezone.now)

    class Meta:
        ordering = ["uploaded_at", "id"]
        verbose_name = _("证据文件")
        verbose_name_plural = _("证据文件")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(checklist_item__isnull=False) | models.Q(corrective_action__isnull=False),
                name="audits_attachment_has_owner",
            ),
        ]

    def __str__(self):
        return self.name
