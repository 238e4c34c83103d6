"""A standard: the stable identity that editions hang from."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.db.models.functions import Length
from django.utils.translation import gettext_lazy as _

from qms.org.models import Department

from .history import BatchableHistory
from .tree import SystemNode

# Table order: by node, then by code with 301-9 before 301-10 before 301-100 (natural order
# within a node, whose codes share one prefix).
TABLE_ORDERING = ("node__order", "node__code", Length("code").asc(), "code")


class Level(models.TextChoices):
    NATIONAL = "national", _("国家标准")
    SECTOR = "sector", _("行业标准")
    LOCAL = "local", _("地方标准")
    GROUP = "group", _("团体标准")
    ENTERPRISE = "enterprise", _("企业标准")


class Origin(models.TextChoices):
    ADOPTED = "adopted", _("采用")
    IN_HOUSE = "in_house", _("自制")


class Plan(models.TextChoices):
    """What the system still has to do with a standard (shown in the table's 备注)."""

    NONE = "", _("—")
    TO_DRAFT = "to_draft", _("待制定")
    TO_ADOPT = "to_adopt", _("待采用")
    TO_REVISE = "to_revise", _("待修订")


class StandardStatus(models.TextChoices):
    """Summary of a standard's editions, kept by the services (never set by hand)."""

    PLANNED = "planned", _("计划")
    DRAFT = "draft", _("起草中")
    IN_FORCE = "in_force", _("现行")
    WITHDRAWN = "withdrawn", _("废止")


class Standard(models.Model):
    code = models.CharField(_("体系表编号"), max_length=30, db_index=True)
    former_code = models.CharField(_("原编号"), max_length=30, blank=True, db_index=True,
                                   help_text=_("体系迁移前的体系表编号。"))
    number = models.CharField(_("标准编号"), max_length=80, blank=True, db_index=True,
                              help_text=_("现行（或最新）版本的标准编号，如 GB/T 19001-2016。"))
    name = models.CharField(_("标准名称"), max_length=200)
    level = models.CharField(_("级别"), max_length=20, choices=Level.choices)
    origin = models.CharField(_("来源"), max_length=20, choices=Origin.choices)
    node = models.ForeignKey(SystemNode, verbose_name=_("体系节点"), on_delete=models.PROTECT,
                             related_name="standards")
    status = models.CharField(_("状态"), max_length=20, choices=StandardStatus.choices,
                              default=StandardStatus.PLANNED, db_index=True)
    plan = models.CharField(_("计划"), max_length=20, choices=Plan.choices, blank=True, default="")
    target_date = models.DateField(_("计划完成日期"), null=True, blank=True)
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("负责人"), on_delete=models.SET_NULL,
                              null=True, blank=True, related_name="owned_standards")
    responsible_department = models.ForeignKey(
        Department, verbose_name=_("归口部门"), on_delete=models.PROTECT, null=True, blank=True,
        related_name="responsible_standards",
    )
    drafting_department = models.ForeignKey(
        Department, verbose_name=_("起草部门"), on_delete=models.PROTECT, null=True, blank=True,
        related_name="drafted_standards",
    )
    drafters = models.CharField(_("起草人"), max_length=200, blank=True)
    applicable_departments = models.ManyToManyField(
        Department, verbose_name=_("适用部门"), blank=True, related_name="applicable_standards"
    )
    review_cycle_years = models.PositiveSmallIntegerField(_("复审周期（年）"), default=3)
    checked_through_others = models.BooleanField(
        _("通过其他标准检查"), default=False,
        help_text=_("基础类采用标准（术语、符号、量和单位等）不单独做实施检查，而是随使用它们的标准一并检查；"
                    "勾选后不计入“检查覆盖面”的应检查标准。"))
    intl_relation = models.CharField(_("国际国外标准号及采用关系"), max_length=200, blank=True)
    notes = models.TextField(_("备注"), blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    history = BatchableHistory(m2m_fields=[applicable_departments])

    class Meta:
        ordering = list(TABLE_ORDERING)
        verbose_name = _("标准")
        verbose_name_plural = _("标准")
        constraints = [
            models.UniqueConstraint(
                fields=["code"], condition=Q(status="in_force"), name="standard_code_unique_in_force"
            ),
        ]

    def __str__(self):
        return f"{self.code} {self.number} {self.name}".strip()
