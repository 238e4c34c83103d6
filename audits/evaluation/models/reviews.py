"""Management review (管理评审, GB/T 19001-2016 9.3): a planned review, its compiled inputs, each
department's written input, attendees, minutes, decisions, and actions tracked to closure."""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericRelation
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from qms.org.models import Department


class ReviewStatus(models.TextChoices):
    PLANNED = "planned", _("计划")
    HELD = "held", _("已召开")
    CLOSED = "closed", _("已关闭")


class ManagementReview(models.Model):
    number = models.CharField(_("编号"), max_length=20, unique=True)
    title = models.CharField(_("名称"), max_length=200)
    period_start = models.DateField(_("评审期间起"))
    period_end = models.DateField(_("评审期间止"))
    planned_on = models.DateField(_("计划日期"))
    held_on = models.DateField(_("召开日期"), null=True, blank=True)
    location = models.CharField(_("地点"), max_length=100, blank=True)
    chair = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("主持人"), on_delete=models.SET_NULL,
                              null=True, blank=True, related_name="+")
    attendees = models.ManyToManyField(settings.AUTH_USER_MODEL, verbose_name=_("参加人员"), blank=True,
                                       related_name="management_reviews")
    other_attendees = models.CharField(_("其他参加人员"), max_length=300, blank=True)
    minutes = models.TextField(_("会议纪要"), blank=True)
    conclusion = models.TextField(_("评审结论"), blank=True,
                                  help_text=_("质量管理体系和标准体系的适宜性、充分性和有效性。"))
    status = models.CharField(_("状态"), max_length=10, choices=ReviewStatus.choices, default=ReviewStatus.PLANNED)
    version = models.PositiveIntegerField(default=1, editable=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords(m2m_fields=[attendees])

    class Meta:
        ordering = ["-planned_on", "-id"]
        verbose_name = _("管理评审")
        verbose_name_plural = _("管理评审")
        constraints = [models.CheckConstraint(condition=models.Q(period_end__gte=models.F("period_start")),
                                              name="review_period_ordered")]

    def __str__(self):
        return f"{self.number} {self.title}"


class ReviewInput(models.Model):
    """A department's written input to the review (one per department)."""

    review = models.ForeignKey(ManagementReview, on_delete=models.CASCADE, related_name="department_inputs")
    department = models.ForeignKey(Department, verbose_name=_("部门"), on_delete=models.PROTECT, related_name="+")
    text = models.TextField(_("输入内容"))
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["department__order", "department__code"]
        constraints = [models.UniqueConstraint(fields=["review", "department"], name="review_input_unique")]
        verbose_name = _("部门评审输入")
        verbose_name_plural = _("部门评审输入")

    def __str__(self):
        return f"{self.review_id} {self.department}"


class ReviewDecision(models.Model):
    review = models.ForeignKey(ManagementReview, on_delete=models.CASCADE, related_name="decisions")
    text = models.TextField(_("决定"))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["review", "id"]
        verbose_name = _("评审决定")
        verbose_name_plural = _("评审决定")

    def __str__(self):
        return self.text[:50]


class ActionStatus(models.TextChoices):
    OPEN = "open", _("进行中")
    DONE = "done", _("已完成待验证")
    CLOSED = "closed", _("已验证关闭")


class ReviewAction(models.Model):
    """An action decided by the review: owner, due date, then completion and verification,
    like a corrective action. Its timeline is `core.WorkflowEvent` rows."""

    decision = models.ForeignKey(ReviewDecision, on_delete=models.CASCADE, related_name="actions")
    review = models.ForeignKey(ManagementReview, on_delete=models.CASCADE, related_name="actions")
    description = models.TextField(_("措施"))
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("责任人"), on_delete=models.PROTECT,
                              related_name="review_actions")
    department = models.ForeignKey(Department, verbose_name=_("责任部门"), on_delete=models.PROTECT,
                                   null=True, blank=True, related_name="+")
    due_on = models.DateField(_("完成期限"))
    status = models.CharField(_("状态"), max_length=10, choices=ActionStatus.choices, default=ActionStatus.OPEN,
                              db_index=True)
    completion_note = models.TextField(_("完成情况"), blank=True)
    completed_on = models.DateField(_("完成日期"), null=True, blank=True)
    verification_note = models.TextField(_("验证意见"), blank=True)
    verified_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("验证人"), on_delete=models.SET_NULL,
                                    null=True, blank=True, related_name="+")
    verified_on = models.DateField(_("验证日期"), null=True, blank=True)
    events = GenericRelation("core.WorkflowEvent", related_query_name="review_action")
    history = HistoricalRecords()

    class Meta:
        ordering = ["due_on", "id"]
        verbose_name = _("评审措施")
        verbose_name_plural = _("评审措施")

    def __str__(self):
        return self.description[:50]
