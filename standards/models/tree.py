"""The standard-system tree (标准体系结构): an adjacency list, read whole in one query."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class SystemNode(models.Model):
    code = models.CharField(_("节点编码"), max_length=20, unique=True)
    name = models.CharField(_("名称"), max_length=100)
    parent = models.ForeignKey(
        "self", verbose_name=_("上级节点"), on_delete=models.PROTECT, null=True, blank=True,
        related_name="children",
    )
    order = models.PositiveIntegerField(_("排序"), default=0)
    description = models.TextField(_("说明"), blank=True)
    source = models.CharField(_("依据"), max_length=100, blank=True)
    is_active = models.BooleanField(_("在用"), default=True)
    replaced_by = models.ForeignKey(
        "self", verbose_name=_("迁移至"), on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        help_text=_("体系迁移后，原节点的标准所归入的新节点（导入按原编号编制的明细表时据此对应）。"),
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["order", "code"]
        verbose_name = _("体系节点")
        verbose_name_plural = _("体系节点")

    def __str__(self):
        return f"{self.code} {self.name}"
