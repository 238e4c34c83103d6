"""Sign-offs (审核/批准): who signed what, and exactly which text they saw.

A sign-off records the edition's document hash and a hash of its extracted text. It counts
only while both still match the edition: any change of document or text voids it."""

import hashlib

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .edition import Edition
from .history import BatchableHistory


def text_sha256(text: str) -> str:
    return hashlib.sha256((text or "").encode("utf-8")).hexdigest()


class SignOff(models.Model):
    class Kind(models.TextChoices):
        REVIEW = "review", _("审核")
        APPROVAL = "approval", _("批准")

    class Decision(models.TextChoices):
        APPROVED = "approved", _("同意")
        RETURNED = "returned", _("退回修改")

    edition = models.ForeignKey(Edition, verbose_name=_("版本"), on_delete=models.CASCADE, related_name="signoffs")
    kind = models.CharField(_("类别"), max_length=20, choices=Kind.choices)
    decision = models.CharField(_("结论"), max_length=20, choices=Decision.choices)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("签署人"), on_delete=models.PROTECT,
                              related_name="+")
    at = models.DateTimeField(_("签署时间"), auto_now_add=True)
    note = models.TextField(_("意见"), blank=True)
    document_sha256 = models.CharField(_("文件摘要"), max_length=64, blank=True)
    text_sha256 = models.CharField(_("文本摘要"), max_length=64)
    voided_at = models.DateTimeField(_("失效时间"), null=True, blank=True)
    void_reason = models.CharField(_("失效原因"), max_length=200, blank=True)
    history = BatchableHistory()

    class Meta:
        ordering = ["at", "id"]
        verbose_name = _("签署")
        verbose_name_plural = _("签署")

    def __str__(self):
        return f"{self.get_kind_display()} {self.get_decision_display()} {self.actor}"

    def matches(self, edition: Edition) -> bool:
        """True while the edition still has the document and text this sign-off saw."""
        return (self.document_sha256 == (edition.document_sha256 or "")
                and self.text_sha256 == text_sha256(edition.text))

    @property
    def is_valid(self) -> bool:
        return self.voided_at is None and self.decision == self.Decision.APPROVED and self.matches(self.edition)
