"""Staff assessment (员工考核): attendance (出勤) imported from the attendance system, a monthly
card per person scored on the staff criteria (ScoreCriterion with scope 员工考核), and the
month's 服务之星."""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from qms.org.models import Department

from .scorecards import ScoreCriterion, criterion_points


class Attendance(models.Model):
    """One person's attendance for one month (`month` is the first day), as the attendance
    system exported it."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("人员"), on_delete=models.CASCADE,
                             related_name="attendance")
    month = models.DateField(_("月份"), db_index=True)
    days_due = models.PositiveSmallIntegerField(_("应出勤天数"), validators=[MaxValueValidator(31)])
    days_present = models.PositiveSmallIntegerField(_("实际出勤天数"), validators=[MaxValueValidator(31)])
    late = models.PositiveSmallIntegerField(_("迟到早退次数"), default=0)
    absent = models.PositiveSmallIntegerField(_("缺勤次数"), default=0)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-month", "user__username"]
        constraints = [models.UniqueConstraint(fields=["user", "month"], name="attendance_user_month_unique")]
        verbose_name = _("出勤")
        verbose_name_plural = _("出勤")

    def __str__(self):
        return f"{self.month:%Y-%m} {self.user}"

    @property
    def rate(self) -> Decimal | None:
        """出勤率 = days present ÷ days due, in %, two decimals."""
        if not self.days_due:
            return None
        return (Decimal(100) * self.days_present / self.days_due).quantize(Decimal("0.01"))


class StaffScorecard(models.Model):
    """One person's card for one month; `star` marks the month's 服务之星 (one person)."""

    month = models.DateField(_("月份"), db_index=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("人员"), on_delete=models.PROTECT,
                             related_name="staff_scorecards")
    department = models.ForeignKey(Department, verbose_name=_("部门"), on_delete=models.SET_NULL, null=True,
                                   blank=True, related_name="+")
    total = models.DecimalField(_("总分"), max_digits=6, decimal_places=2, null=True, blank=True)
    rank = models.PositiveSmallIntegerField(_("名次"), null=True, blank=True)
    star = models.BooleanField(_("服务之星"), default=False)
    attendance_rate = models.DecimalField(_("出勤率"), max_digits=5, decimal_places=2, null=True, blank=True)
    satisfaction_rate = models.DecimalField(_("满意率"), max_digits=5, decimal_places=2, null=True, blank=True)
    favourable = models.PositiveIntegerField(_("好评数"), default=0, help_text=_("本月点名评价为“满意”的件数"))
    computed_at = models.DateTimeField(_("计算时间"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-month", "rank"]
        constraints = [models.UniqueConstraint(fields=["month", "user"], name="staff_scorecard_month_user_unique")]
        verbose_name = _("员工考核")
        verbose_name_plural = _("员工考核")

    def __str__(self):
        return f"{self.month:%Y-%m} {self.user}"


class StaffScore(models.Model):
    """One staff criterion's score on a person's card (0-100; `measured` the figure behind it)."""

    card = models.ForeignKey(StaffScorecard, on_delete=models.CASCADE, related_name="scores")
    criterion = models.ForeignKey(ScoreCriterion, on_delete=models.PROTECT, related_name="staff_scores")
    measured = models.DecimalField(_("实测值"), max_digits=7, decimal_places=2, null=True, blank=True)
    score = models.DecimalField(_("得分"), max_digits=5, decimal_places=2, null=True, blank=True,
                                validators=[MinValueValidator(0), MaxValueValidator(100)])
    note = models.CharField(_("扣分说明"), max_length=300, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["card", "criterion__order"]
        constraints = [models.UniqueConstraint(fields=["card", "criterion"], name="staff_score_unique")]
        verbose_name = _("员工考核得分")
        verbose_name_plural = _("员工考核得分")

    def __str__(self):
        return f"{self.card} {self.criterion}: {self.score}"

    @property
    def points(self) -> Decimal | None:
        return criterion_points(self.score, self.criterion.weight)
