"""Departments (部门/窗口) and users. Roles are auth groups named by `Role` labels."""

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class Role(models.TextChoices):
    """The roles of the system; each is an auth group whose name is the label."""

    OFFICE = "office", _("标准化办公室")
    AUDITOR = "auditor", _("内审员")
    MANAGER = "manager", _("管理层")
    DEPARTMENT_HEAD = "head", _("部门负责人")
    ADMIN = "admin", _("系统管理员")


# Group names are stored untranslated so that switching the UI language never renames a group.
ROLE_GROUP_NAMES = {
    Role.OFFICE: "标准化办公室",
    Role.AUDITOR: "内审员",
    Role.MANAGER: "管理层",
    Role.DEPARTMENT_HEAD: "部门负责人",
    Role.ADMIN: "系统管理员",
}


class Department(models.Model):
    class Kind(models.TextChoices):
        DEPARTMENT = "department", _("进驻部门窗口")
        OFFICE = "office", _("中心内设机构")

    code = models.CharField(_("编码"), max_length=20, unique=True)
    name = models.CharField(_("名称"), max_length=100, unique=True)
    kind = models.CharField(_("类别"), max_length=20, choices=Kind.choices, default=Kind.DEPARTMENT)
    window = models.CharField(_("窗口号"), max_length=50, blank=True)
    phone = models.CharField(_("咨询电话"), max_length=50, blank=True)
    order = models.PositiveIntegerField(_("排序"), default=0)
    is_active = models.BooleanField(_("在用"), default=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["order", "code"]
        verbose_name = _("部门")
        verbose_name_plural = _("部门")

    def __str__(self):
        return self.name


class User(AbstractUser):
    department = models.ForeignKey(
        Department,
        verbose_name=_("部门"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="users",
    )
    title = models.CharField(_("职务"), max_length=50, blank=True)
    phone = models.CharField(_("电话"), max_length=50, blank=True)

    class Meta:
        verbose_name = _("用户")
        verbose_name_plural = _("用户")
        ordering = ["username"]

    def __str__(self):
        return self.display_name

    @property
    def display_name(self):
        """Chinese order: family name first, no space."""
        return f"{self.last_name}{self.first_name}".strip() or self.username


class OrganisationProfile(models.Model):
    """The centre's own details, used on covers and forms. One row (pk=1)."""

    name = models.CharField(_("单位名称"), max_length=200, default="示例县政务服务中心")
    short_name = models.CharField(_("简称"), max_length=50, blank=True)
    address = models.CharField(_("地址"), max_length=200, blank=True)
    postcode = models.CharField(_("邮编"), max_length=10, blank=True)
    legal_representative = models.CharField(_("法定代表人"), max_length=50, blank=True)
    contact_person = models.CharField(_("联系人"), max_length=50, blank=True)
    phone = models.CharField(_("联系电话"), max_length=50, blank=True)
    email = models.EmailField(_("电子邮箱"), blank=True)
    document_code = models.CharField(
        _("发文机关代字"), max_length=20, blank=True,
        help_text=_("发文字号中的机关代字，如 青政服〔2026〕3号 中的“青政服”；留空则用简称。"))
    standard_prefix = models.CharField(_("企业标准代号"), max_length=30, default="Q/XZFW",
                                       help_text=_("自制标准编号前缀，如 Q/XZFW 301.02-2024 中的 Q/XZFW。"))
    pilot_project = models.CharField(_("试点项目名称"), max_length=200, blank=True)
    pilot_start = models.DateField(_("试点开始"), null=True, blank=True)
    pilot_end = models.DateField(_("试点结束"), null=True, blank=True)
    project_lead = models.CharField(_("项目负责人"), max_length=50, blank=True)
    competent_authority = models.CharField(_("主管部门"), max_length=200, blank=True)
    consultation_min_working_days = models.PositiveSmallIntegerField(
        _("征求意见最短期限（工作日）"), default=10,
        help_text=_("按本单位日历（节假日、调休）计算；全部被征求人反馈后方可提前结束。"))
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("单位信息")
        verbose_name_plural = _("单位信息")

    def __str__(self):
        return self.name
