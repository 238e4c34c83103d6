"""Editions (版本): what users cite and print. Status lives here; moves are `core.WorkflowEvent` rows
(declared in `standards.workflows`)."""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericRelation
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .history import BatchableHistory
from .standard import Standard


class EditionStatus(models.TextChoices):
    DRAFT = "draft", _("草稿")
    CONSULTATION = "consultation", _("征求意见")
    REVIEW = "review", _("审核")
    PENDING_APPROVAL = "pending_approval", _("待批准")
    APPROVED = "approved", _("已批准")
    IN_FORCE = "in_force", _("现行")
    SUPERSEDED = "superseded", _("被代替")
    WITHDRAWN = "withdrawn", _("废止")


def edition_upload_to(instance, filename):
    # Uploaded files are immutable: the path carries the content hash.
    suffix = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    return f"standards/{instance.standard_id}/{instance.document_sha256[:16]}.{suffix}"


class Edition(models.Model):
    standard = models.ForeignKey(Standard, verbose_name=_("标准"), on_delete=models.CASCADE,
                                 related_name="editions")
    seq = models.PositiveIntegerField(_("版次"))
    number = models.CharField(_("标准编号"), max_length=80)
    title = models.CharField(_("标准名称"), max_length=200, blank=True)
    status = models.CharField(_("状态"), max_length=20, choices=EditionStatus.choices,
                              default=EditionStatus.DRAFT, db_index=True)
    published_on = models.DateField(_("发布日期"), null=True, blank=True)
    effective_on = models.DateField(_("实施日期"), null=True, blank=True)
    replaces = models.CharField(_("代替标准号"), max_length=200, blank=True)
    document = models.FileField(_("标准文本"), upload_to=edition_upload_to, blank=True, max_length=200)
    document_name = models.CharField(_("原文件名"), max_length=200, blank=True)
    document_sha256 = models.CharField(max_length=64, blank=True)
    text = models.TextField(_("文本内容"), blank=True)
    withdrawn_on = models.DateField(_("废止日期"), null=True, blank=True)
    withdrawn_reason = models.TextField(_("废止原因"), blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("创建人"), on_delete=models.PROTECT,
                                   null=True, blank=True, related_name="+")
    reviewer = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("指定审核人"), on_delete=models.PROTECT,
                                 null=True, blank=True, related_name="+",
                                 help_text=_("留空则由管理层或标准化办公室中起草人以外的任一人审核。"))
    text_authors = models.JSONField(_("文本编写人"), default=list, blank=True,
                                    help_text=_("起草或更换过文本的人员（用户编号）：他们不能审核或批准本版本。"))
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    status_changes = GenericRelation("core.WorkflowEvent", related_query_name="edition")
    history = BatchableHistory()

    class Meta:
        ordering = ["standard", "-seq"]
        verbose_name = _("标准版本")
        verbose_name_plural = _("标准版本")
        constraints = [
            models.UniqueConstraint(fields=["standard", "seq"], name="edition_seq_unique"),
            models.UniqueConstraint(
                fields=["standard"], condition=Q(status="in_force"), name="edition_one_in_force"
            ),
        ]

    def __str__(self):
        return f"{self.number} ({self.get_status_display()})"
