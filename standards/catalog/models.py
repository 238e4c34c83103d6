"""The catalogue: service items (事项) and sub-items (办理项) with their legal bases, materials,
steps and fees; posts (岗位) with their work standards; facilities (物) with their management
standard; and the record of each procedure-standard edition generated from an item's data."""

from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from qms.org.models import Department
from standards.models import Edition, Standard


class ItemType(models.TextChoices):
    LICENSING = "licensing", _("行政许可")
    CONFIRMATION = "confirmation", _("行政确认")
    BENEFIT = "benefit", _("行政给付")
    LEVY = "levy", _("行政征收")
    ADJUDICATION = "adjudication", _("行政裁决")
    OTHER_POWER = "other_power", _("其他行政权力")
    PUBLIC_SERVICE = "public_service", _("公共服务")


class CaseKind(models.TextChoices):
    IMMEDIATE = "immediate", _("即办件")
    PROMISED = "promised", _("承诺件")
    JOINT = "joint", _("联办件")
    FORWARDED = "forwarded", _("上报件")


class ServiceItem(models.Model):
    department = models.ForeignKey(Department, verbose_name=_("实施部门"), on_delete=models.PROTECT,
                                   related_name="service_items")
    parent = models.ForeignKey("self", verbose_name=_("所属事项"), on_delete=models.PROTECT, null=True,
                               blank=True, related_name="sub_items")
    code = models.CharField(_("事项编码"), max_length=40, unique=True)
    name = models.CharField(_("事项名称"), max_length=200)
    item_type = models.CharField(_("事项类型"), max_length=20, choices=ItemType.choices)
    implementing_body = models.CharField(_("实施主体"), max_length=200, blank=True)
    authorisation = models.CharField(_("授权形式"), max_length=100, default="窗口受理",
                                     help_text=_("如：窗口受理、首席代表授权、网上办理。"))
    conditions = models.TextField(_("申请条件"), blank=True)
    case_kind = models.CharField(_("办件类型"), max_length=20, choices=CaseKind.choices,
                                 default=CaseKind.PROMISED)
    statutory_limit = models.PositiveSmallIntegerField(_("法定时限（工作日）"), null=True, blank=True,
                                                       help_text=_("法律法规规定的办结时限；无规定时留空。"))
    promised_limit = models.PositiveSmallIntegerField(_("承诺时限（工作日）"), default=0,
                                                      help_text=_("0 表示当场办结。"))
    window = models.CharField(_("办理窗口"), max_length=100, blank=True)
    advice_phone = models.CharField(_("咨询电话"), max_length=50, blank=True)
    complaint_phone = models.CharField(_("投诉电话"), max_length=50, blank=True)
    order = models.PositiveIntegerField(_("排序"), default=0)
    is_active = models.BooleanField(_("在用"), default=True)
    procedure_standard = models.OneToOneField(
        Standard, verbose_name=_("项目办理规程"), on_delete=models.SET_NULL, null=True, blank=True,
        related_name="service_item",
    )
    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["department__order", "department__code", "order", "code"]
        verbose_name = _("服务事项")
        verbose_name_plural = _("服务事项")
        constraints = [
            models.CheckConstraint(
                condition=Q(statutory_limit__isnull=True) | Q(promised_limit__lte=F("statutory_limit")),
                name="item_promised_within_statutory",
            ),
        ]

    def __str__(self):
        return f"{self.code} {self.name}"

    def get_absolute_url(self):
        return reverse("item-detail", args=[self.pk])


class _ItemPart(models.Model):
    order = models.PositiveIntegerField(_("序号"), default=0)

    class Meta:
        abstract = True
        ordering = ["order", "id"]


class LegalBasis(_ItemPart):
    item = models.ForeignKey(ServiceItem, on_delete=models.CASCADE, related_name="bases")
    name = models.CharField(_("法律法规名称"), max_length=200)
    article = models.CharField(_("条款"), max_length=200, blank=True)
    history = HistoricalRecords()

    class Meta(_ItemPart.Meta):
        verbose_name = _("设定依据")
        verbose_name_plural = _("设定依据")

    def __str__(self):
        return f"《{self.name}》{self.article}"


class MaterialForm(models.TextChoices):
    ORIGINAL = "original", _("原件")
    COPY = "copy", _("复印件")
    BOTH = "both", _("原件及复印件")
    ELECTRONIC = "electronic", _("电子材料")


def material_form_upload_to(instance, filename):
    suffix = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    return f"catalog/forms/{instance.item_id}/{instance.blank_form_sha256[:16]}.{suffix}"


class Material(_ItemPart):
    item = models.ForeignKey(ServiceItem, on_delete=models.CASCADE, related_name="materials")
    name = models.CharField(_("材料名称"), max_length=200)
    form = models.CharField(_("材料形式"), max_length=20, choices=MaterialForm.choices,
                            default=MaterialForm.ORIGINAL)
    copies = models.PositiveSmallIntegerField(_("份数"), default=1)
    source = models.CharField(_("来源渠道"), max_length=100, default="申请人自备")
    required = models.BooleanField(_("必要材料"), default=True,
                                   help_text=_("不勾选表示视情形提交（容缺或特定情形才需要）。"))
    condition = models.CharField(_("提交情形"), max_length=200, blank=True)
    blank_form = models.FileField(_("空白表格"), upload_to=material_form_upload_to, blank=True, max_length=200)
    blank_form_sha256 = models.CharField(max_length=64, blank=True)
    history = HistoricalRecords()

    class Meta(_ItemPart.Meta):
        verbose_name = _("申请材料")
        verbose_name_plural = _("申请材料")

    def __str__(self):
        return self.name


class ProcedureStep(_ItemPart):
    item = models.ForeignKey(ServiceItem, on_delete=models.CASCADE, related_name="steps")
    name = models.CharField(_("环节名称"), max_length=100)
    description = models.CharField(_("办理要求"), max_length=300, blank=True)
    post = models.ForeignKey("Post", verbose_name=_("责任岗位"), on_delete=models.SET_NULL, null=True,
                             blank=True, related_name="steps")
    responsible = models.CharField(_("责任岗位（名称）"), max_length=100, blank=True,
                                   help_text=_("未关联岗位记录时填写岗位名称。"))
    time_limit = models.PositiveSmallIntegerField(_("时限（工作日）"), default=0)
    history = HistoricalRecords()

    class Meta(_ItemPart.Meta):
        verbose_name = _("办理环节")
        verbose_name_plural = _("办理环节")

    def __str__(self):
        return self.name

    @property
    def responsible_name(self) -> str:
        return self.post.name if self.post_id else self.responsible


class Fee(_ItemPart):
    item = models.ForeignKey(ServiceItem, on_delete=models.CASCADE, related_name="fees")
    name = models.CharField(_("收费项目"), max_length=100)
    standard = models.CharField(_("收费标准"), max_length=200)
    basis = models.CharField(_("收费依据"), max_length=300, blank=True)
    history = HistoricalRecords()

    class Meta(_ItemPart.Meta):
        verbose_name = _("收费")
        verbose_name_plural = _("收费")

    def __str__(self):
        return f"{self.name} {self.standard}"


class Post(models.Model):
    """A post (岗位) of a department or of the centre's own offices, with its work standards."""

    department = models.ForeignKey(Department, verbose_name=_("部门"), on_delete=models.PROTECT,
                                   related_name="posts")
    name = models.CharField(_("岗位名称"), max_length=100)
    duties = models.TextField(_("岗位职责"), blank=True)
    work_standards = models.ManyToManyField(Standard, verbose_name=_("工作标准"), blank=True,
                                            related_name="posts")
    order = models.PositiveIntegerField(_("排序"), default=0)
    is_active = models.BooleanField(_("在用"), default=True)
    history = HistoricalRecords(m2m_fields=[work_standards])

    class Meta:
        ordering = ["department__order", "department__code", "order", "name"]
        verbose_name = _("岗位")
        verbose_name_plural = _("岗位")
        constraints = [models.UniqueConstraint(fields=["department", "name"], name="post_name_unique_in_dept")]

    def __str__(self):
        return f"{self.department} · {self.name}"


class Facility(models.Model):
    """A facility or thing (物) the office lists, with the standard that manages it."""

    department = models.ForeignKey(Department, verbose_name=_("使用部门"), on_delete=models.PROTECT, null=True,
                                   blank=True, related_name="facilities",
                                   help_text=_("留空表示中心公共设施。"))
    name = models.CharField(_("设施设备名称"), max_length=100)
    location = models.CharField(_("位置"), max_length=100, blank=True)
    management_standard = models.ForeignKey(Standard, verbose_name=_("管理标准"), on_delete=models.SET_NULL,
                                            null=True, blank=True, related_name="facilities")
    notes = models.TextField(_("备注"), blank=True)
    is_active = models.BooleanField(_("在用"), default=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["department__order", "name"]
        verbose_name = _("设施设备")
        verbose_name_plural = _("设施设备")

    def __str__(self):
        return self.name


class GeneratedEdition(models.Model):
    """An edition of an item's procedure standard rendered from the item's data, with the hash
    of that data: generation is skipped while the latest edition's hash still matches."""

    item = models.ForeignKey(ServiceItem, on_delete=models.CASCADE, related_name="generated_editions")
    edition = models.OneToOneField(Edition, on_delete=models.CASCADE, related_name="generated_from")
    content_hash = models.CharField(max_length=64)
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("生成的规程版本")
        verbose_name_plural = _("生成的规程版本")

    def __str__(self):
        return f"{self.item.code} → {self.edition.number}"


class NoticeIssue(models.Model):
    """一次性告知记录: a 一次性告知单 given to an applicant at the window, with each material's state
    (已提交 / 需补正 and what is wrong) and the deadline for 补正. The centre counts them."""

    number = models.CharField(_("告知单编号"), max_length=30, unique=True)
    item = models.ForeignKey(ServiceItem, verbose_name=_("服务事项"), on_delete=models.PROTECT,
                             related_name="notice_issues")
    applicant = models.CharField(_("申请人"), max_length=100)
    contact = models.CharField(_("联系电话"), max_length=50, blank=True)
    materials = models.JSONField(_("材料情况"), default=list,
                                 help_text=_("[{name, submitted, problem}]，按事项材料顺序。"))
    deadline = models.DateField(_("补正期限"), null=True, blank=True)
    issued_on = models.DateField(_("告知日期"))
    issued_by = models.ForeignKey("org.User", verbose_name=_("告知人"), on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-issued_on", "-id"]
        verbose_name = _("一次性告知记录")
        verbose_name_plural = _("一次性告知记录")

    def __str__(self):
        return f"{self.number} {self.applicant}"

    @property
    def missing(self) -> list[dict]:
        return [m for m in self.materials if not m.get("submitted")]
