"""Training (宣贯) sessions and acknowledgements (已阅知悉) of published editions; the yearly
training plan (年度培训计划) whose items sessions carry out; tests (考核) at a session; training
attended outside (外部培训)."""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from qms.org.models import Department

from .edition import Edition


class TrainingPlan(models.Model):
    """年度培训计划: one per year; its items are the trainings due, month by month."""

    year = models.PositiveSmallIntegerField(_("年度"), unique=True)
    title = models.CharField(_("计划名称"), max_length=200)
    notes = models.TextField(_("备注"), blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("编制人"), on_delete=models.PROTECT,
                                   related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-year"]
        verbose_name = _("年度培训计划")
        verbose_name_plural = _("年度培训计划")

    def __str__(self):
        return self.title


class TrainingPlanItem(models.Model):
    """One planned training: topic, audience (departments and/or a roles text), the month it is
    due, the standards it covers. It is held when a session carrying it took place."""

    plan = models.ForeignKey(TrainingPlan, verbose_name=_("培训计划"), on_delete=models.CASCADE, related_name="items")
    topic = models.CharField(_("培训内容"), max_length=200)
    month = models.PositiveSmallIntegerField(_("计划月份"), validators=[MinValueValidator(1), MaxValueValidator(12)])
    departments = models.ManyToManyField(Department, verbose_name=_("参训部门"), blank=True, related_name="+")
    audience = models.CharField(_("参训对象"), max_length=200, blank=True,
                                help_text=_("岗位或人员范围，如“全体窗口人员”“新入职人员”"))
    editions = models.ManyToManyField(Edition, verbose_name=_("涉及标准"), blank=True, related_name="+")
    trainer = models.CharField(_("授课人"), max_length=100, blank=True)
    history = HistoricalRecords(m2m_fields=[departments, editions])

    class Meta:
        ordering = ["plan", "month", "id"]
        verbose_name = _("培训计划项目")
        verbose_name_plural = _("培训计划项目")

    def __str__(self):
        return f"{self.plan.year}年{self.month}月 {self.topic}"


class TrainingSession(models.Model):
    """`expected` is fixed when the session is planned (the departments' active staff plus the
    people named), so later moves of staff do not change a past session's rate."""

    title = models.CharField(_("培训主题"), max_length=200)
    held_on = models.DateField(_("培训日期"))
    trainer = models.CharField(_("授课人"), max_length=100)
    location = models.CharField(_("地点"), max_length=100, blank=True)
    editions = models.ManyToManyField(Edition, verbose_name=_("培训标准"), related_name="training_sessions")
    departments = models.ManyToManyField(Department, verbose_name=_("参训部门"), blank=True, related_name="+")
    expected = models.ManyToManyField(settings.AUTH_USER_MODEL, verbose_name=_("应参训人员"), blank=True,
                                      related_name="trainings_expected")
    attendees = models.ManyToManyField(settings.AUTH_USER_MODEL, verbose_name=_("实际参训人员"), blank=True,
                                       related_name="trainings_attended")
    notes = models.TextField(_("备注"), blank=True)
    plan_item = models.ForeignKey(TrainingPlanItem, verbose_name=_("计划项目"), on_delete=models.SET_NULL, null=True,
                                  blank=True, related_name="sessions")
    pass_mark = models.DecimalField(_("考核合格分"), max_digits=5, decimal_places=1, null=True, blank=True,
                                    validators=[MinValueValidator(0), MaxValueValidator(100)],
                                    help_text=_("有考核的培训填写（百分制）；不填表示本场不考核"))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("登记人"), on_delete=models.PROTECT,
                                   related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords(m2m_fields=[editions, departments, expected, attendees])

    class Meta:
        ordering = ["-held_on", "-id"]
        verbose_name = _("培训")
        verbose_name_plural = _("培训")

    def __str__(self):
        return f"{self.held_on} {self.title}"


class Acknowledgement(models.Model):
    edition = models.ForeignKey(Edition, verbose_name=_("版本"), on_delete=models.CASCADE,
                                related_name="acknowledgements")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("人员"), on_delete=models.CASCADE,
                             related_name="acknowledgements")
    department = models.ForeignKey(Department, verbose_name=_("部门"), on_delete=models.SET_NULL, null=True,
                                   blank=True, related_name="+")
    requested_at = models.DateTimeField(_("要求时间"), auto_now_add=True)
    acknowledged_at = models.DateTimeField(_("确认时间"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-requested_at", "id"]
        verbose_name = _("学习确认")
        verbose_name_plural = _("学习确认")
        constraints = [models.UniqueConstraint(fields=["edition", "user"], name="ack_edition_user_unique")]

    def __str__(self):
        return f"{self.user} · {self.edition.number}"


class TrainingScore(models.Model):
    """A participant's score in a session's test (考核); passed when at least the session's pass mark."""

    session = models.ForeignKey(TrainingSession, verbose_name=_("培训"), on_delete=models.CASCADE,
                                related_name="scores")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("人员"), on_delete=models.CASCADE,
                             related_name="test_scores")
    score = models.DecimalField(_("考核成绩"), max_digits=5, decimal_places=1,
                                validators=[MinValueValidator(0), MaxValueValidator(100)])
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                    related_name="+")
    history = HistoricalRecords()

    class Meta:
        ordering = ["session", "user__username"]
        verbose_name = _("考核成绩")
        verbose_name_plural = _("考核成绩")
        constraints = [models.UniqueConstraint(fields=["session", "user"], name="test_score_session_user_unique")]

    def __str__(self):
        return f"{self.session} · {self.user}: {self.score}"

    @property
    def passed(self) -> bool:
        return self.score >= (self.session.pass_mark if self.session.pass_mark is not None else Decimal(0))


class ExternalTraining(models.Model):
    """Training attended outside the centre (外部培训: provincial courses, certificates)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("人员"), on_delete=models.CASCADE,
                             related_name="external_trainings")
    course = models.CharField(_("培训名称"), max_length=200)
    organiser = models.CharField(_("主办单位"), max_length=200)
    started_on = models.DateField(_("开始日期"))
    ended_on = models.DateField(_("结束日期"))
    hours = models.DecimalField(_("学时"), max_digits=5, decimal_places=1, validators=[MinValueValidator(0)])
    certificate_number = models.CharField(_("证书编号"), max_length=100, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("登记人"), on_delete=models.PROTECT,
                                   related_name="+")
    history = HistoricalRecords()

    class Meta:
        ordering = ["-started_on", "-id"]
        verbose_name = _("外部培训")
        verbose_name_plural = _("外部培训")

    def __str__(self):
        return f"{self.user} · {self.course}"
