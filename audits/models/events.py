"""Stored evidence files. (Timeline rows are `core.WorkflowEvent`.)"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .audit import ChecklistItem


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
