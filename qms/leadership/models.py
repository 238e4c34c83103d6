"""The leading group (标准化工作领导小组) and its office (办公室): their members over time, their
meetings with minutes and decisions tracked to closure; the 实施方案 and the yearly 工作计划 with
tasks and figure targets."""

import datetime as dt

from django.conf import settings
from django.contrib.contenttypes.fields import GenericRelation
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from qms.org.models import Department


class Body(models.Model):
    """A standing body: the leading group, or its office (which belongs to the group)."""

    class Kind(models.TextChoices):
        GROUP = "group", _("领导小组")
        OFFICE = "office", _("领导小组办公室")

    kind = models.CharField(_("类别"), max_length=10, choices=Kind.choices)
    name = models.CharField(_("名称"), max_length=100)
    parent = models.ForeignKey("self", verbose_name=_("所属领导小组"), on_delete=models.PROTECT, null=True,
                               blank=True, related_name="offices")
    established_on = models.DateField(_("成立日期"), null=True, blank=True)
    document_number = models.CharField(_("成立文件文号"), max_length=60, blank=True)
    duties = models.TextField(_("职责"), blank=True)
    order = models.PositiveSmallIntegerField(_("排序"), default=0)
    history = HistoricalRecords()

    class Meta:
        ordering = ["order", "id"]
        verbose_name = _("领导机构")
        verbose_name_plural = _("领导机构")

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("leadership-home") + f"#body-{self.pk}"


class MemberRole(models.TextChoices):
    LEADER = "leader", _("组长")
    DEPUTY = "deputy", _("副组长")
    MEMBER = "member", _("成员")
    OFFICE_DIRECTOR = "office_director", _("办公室主任")
    OFFICE_DEPUTY = "office_deputy", _("办公室副主任")
    OFFICE_MEMBER = "office_member", _("办公室成员")
    LIAISON = "liaison", _("联络员")


class Membership(models.Model):
    """One person's place in a body for a term. A member who leaves keeps the row with its end date."""

    body = models.ForeignKey(Body, on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("人员"), on_delete=models.PROTECT,
                             null=True, blank=True, related_name="leadership_memberships")
    person_name = models.CharField(_("姓名（非系统用户）"), max_length=50, blank=True)
    position = models.CharField(_("职务"), max_length=100, blank=True)
    role = models.CharField(_("小组职务"), max_length=20, choices=MemberRole.choices)
    term_start = models.DateField(_("任期起"))
    term_end = models.DateField(_("任期止"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["body", "term_end", "id"]
        verbose_name = _("领导机构成员")
        verbose_name_plural = _("领导机构成员")
        constraints = [
            models.CheckConstraint(condition=models.Q(user__isnull=False) | ~models.Q(person_name=""),
                                   name="membership_has_person"),
            models.CheckConstraint(condition=models.Q(term_end__isnull=True) | models.Q(term_end__gte=models.F("term_start")),
                                   name="membership_term_ordered"),
        ]

    def __str__(self):
        return f"{self.name} {self.get_role_display()}"

    @property
    def name(self) -> str:
        return self.user.display_name if self.user_id else self.person_name

    def current(self, day: dt.date) -> bool:
        return self.term_start <= day and (self.term_end is None or self.term_end >= day)


class Meeting(models.Model):
    """A meeting of a body: attendees, minutes, and the decisions it took."""

    body = models.ForeignKey(Body, verbose_name=_("会议机构"), on_delete=models.PROTECT, related_name="meetings")
    title = models.CharField(_("会议名称"), max_length=200)
    held_on = models.DateField(_("召开日期"))
    location = models.CharField(_("地点"), max_length=100, blank=True)
    chair = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("主持人"), on_delete=models.SET_NULL,
                              null=True, blank=True, related_name="+")
    attendees = models.ManyToManyField(settings.AUTH_USER_MODEL, verbose_name=_("参加人员"), blank=True,
                                       related_name="leadership_meetings")
    other_attendees = models.CharField(_("其他参加人员"), max_length=300, blank=True)
    minutes = models.TextField(_("会议纪要"))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords(m2m_fields=[attendees])

    class Meta:
        ordering = ["-held_on", "-id"]
        verbose_name = _("领导小组会议")
        verbose_name_plural = _("领导小组会议")

    def __str__(self):
        return f"{self.held_on:%Y-%m-%d} {self.title}"

    def get_absolute_url(self):
        return reverse("leadership-meeting-detail", args=[self.pk])


class DecisionStatus(models.TextChoices):
    OPEN = "open", _("落实中")
    DONE = "done", _("已落实待验证")
    CLOSED = "closed", _("已验证关闭")


class Decision(models.Model):
    """A decision (决议) of a meeting, with its owner and due date, tracked to closure like a
    management review's action. Its timeline is `core.WorkflowEvent` rows."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="decisions")
    text = models.TextField(_("决议事项"))
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("责任人"), on_delete=models.PROTECT,
                              related_name="leadership_decisions")
    department = models.ForeignKey(Department, verbose_name=_("责任部门"), on_delete=models.PROTECT,
                                   null=True, blank=True, related_name="+")
    due_on = models.DateField(_("完成期限"))
    status = models.CharField(_("状态"), max_length=10, choices=DecisionStatus.choices, default=DecisionStatus.OPEN,
                              db_index=True)
    completion_note = models.TextField(_("落实情况"), blank=True)
    completed_on = models.DateField(_("落实日期"), null=True, blank=True)
    verification_note = models.TextField(_("验证意见"), blank=True)
    verified_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("验证人"), on_delete=models.SET_NULL,
                                    null=True, blank=True, related_name="+")
    verified_on = models.DateField(_("验证日期"), null=True, blank=True)
    events = GenericRelation("core.WorkflowEvent", related_query_name="leadership_decision")
    history = HistoricalRecords()

    class Meta:
        ordering = ["due_on", "id"]
        verbose_name = _("会议决议")
        verbose_name_plural = _("会议决议")

    def __str__(self):
        return self.text[:50]

    def get_absolute_url(self):
        return reverse("leadership-meeting-detail", args=[self.meeting_id])


class Plan(models.Model):
    """The 实施方案 (for the whole pilot) or a yearly 工作计划, as approved."""

    class Kind(models.TextChoices):
        SCHEME = "scheme", _("实施方案")
        YEARLY = "yearly", _("年度工作计划")

    kind = models.CharField(_("类别"), max_length=10, choices=Kind.choices)
    year = models.PositiveSmallIntegerField(_("年度"), validators=[MinValueValidator(2000), MaxValueValidator(2100)])
    title = models.CharField(_("标题"), max_length=200)
    document_number = models.CharField(_("文号"), max_length=60, blank=True)
    summary = models.TextField(_("主要内容"), blank=True)
    approved_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("批准人"), on_delete=models.SET_NULL,
                                    null=True, blank=True, related_name="+")
    approved_on = models.DateField(_("批准日期"), null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-year", "kind", "-id"]
        verbose_name = _("实施方案与工作计划")
        verbose_name_plural = _("实施方案与工作计划")
        constraints = [models.UniqueConstraint(fields=["year"], condition=models.Q(kind="yearly"),
                                               name="one_yearly_plan_per_year")]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("leadership-plan-detail", args=[self.pk])

    @property
    def approved(self) -> bool:
        return self.approved_on is not None


class TaskStatus(models.TextChoices):
    PENDING = "pending", _("未开始")
    ACTIVE = "active", _("进行中")
    DONE = "done", _("已完成")


class PlanTask(models.Model):
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="tasks")
    text = models.CharField(_("工作任务"), max_length=300)
    department = models.ForeignKey(Department, verbose_name=_("责任部门"), on_delete=models.PROTECT, null=True,
                                   blank=True, related_name="+")
    due_month = models.PositiveSmallIntegerField(_("完成月份"), validators=[MinValueValidator(1), MaxValueValidator(12)])
    status = models.CharField(_("状态"), max_length=10, choices=TaskStatus.choices, default=TaskStatus.PENDING)
    order = models.PositiveSmallIntegerField(_("排序"), default=0)
    history = HistoricalRecords()

    class Meta:
        ordering = ["plan", "due_month", "order", "id"]
        verbose_name = _("计划任务")
        verbose_name_plural = _("计划任务")

    def __str__(self):
        return self.text[:50]


class Comparator(models.TextChoices):
    AT_LEAST = "ge", "≥"
    AT_MOST = "le", "≤"


class PlanTarget(models.Model):
    """A target of the plan for one registered figure (qms.core.figures), for the centre or with a
    responsible department."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="targets")
    figure_key = models.CharField(_("指标"), max_length=60)
    department = models.ForeignKey(Department, verbose_name=_("责任部门"), on_delete=models.PROTECT, null=True,
                                   blank=True, related_name="+")
    comparator = models.CharField(_("比较"), max_length=2, choices=Comparator.choices, default=Comparator.AT_LEAST)
    value = models.DecimalField(_("目标值"), max_digits=8, decimal_places=2)
    history = HistoricalRecords()

    class Meta:
        ordering = ["plan", "figure_key", "department__order", "id"]
        verbose_name = _("计划目标")
        verbose_name_plural = _("计划目标")
        constraints = [
            models.UniqueConstraint(fields=["plan", "figure_key", "department"], name="plan_target_unique"),
            models.UniqueConstraint(fields=["plan", "figure_key"], condition=models.Q(department__isnull=True),
                                    name="plan_target_centre_unique"),
        ]

    def __str__(self):
        return f"{self.figure_key} {self.get_comparator_display()} {self.value}"
