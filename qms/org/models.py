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
