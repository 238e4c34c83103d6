"""规范性引用文件: the standards an edition cites, read from its text when the text is set."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from .edition import Edition


class EditionReference(models.Model):
    """Derived from the edition's text (which has history); rewritten whenever the text changes."""

    edition = models.ForeignKey(Edition, on_delete=models.CASCADE, related_name="references")
    position = models.PositiveSmallIntegerField(_("序号"))
    number = models.CharField(_("引用标准编号"), max_length=80)
    base = models.CharField(max_length=80, db_index=True, help_text=_("不含年代号的编号，用于对应。"))
    title = models.CharField(_("引用标准名称"), max_length=300, blank=True)
    dated = models.BooleanField(_("注日期引用"))

    class Meta:
        ordering = ["edition", "position"]
        verbose_name = _("规范性引用文件")
        verbose_name_plural = _("规范性引用文件")
        constraints = [models.UniqueConstraint(fields=["edition", "number"], name="reference_once_per_edition")]

    def __str__(self):
        return self.number
