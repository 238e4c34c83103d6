"""Window assessment (窗口考评): criteria and weights as data, a monthly scorecard per window,
a score per criterion, a ranking and the 流动红旗."""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from qms.org.models import Department


class CriterionSource(models.TextChoices):
    """Where a criterion's score comes from. Data-derived ones are filled from the records."""

    MANUAL = "manual", _("人工评分")
    SATISFACTION = "satisfaction", _("满意率（评价记录）")
    ON_TIME = "on_time", _("按时办结率（评价记录）")
    COMPLAINTS = "complaints", _("属实投诉（投诉记录）")
    ATTENDANCE = "attendance", _("出勤率（考勤导入）")
    LATENESS = "lateness", _("迟到早退（考勤导入）")
    CASES_ON_TIME = "cases_on_time", _("按期办结率（办件记录）")
    CASES_EARLY = "cases_early", _("提前办结率（办件记录）")


class CriterionScope(models.TextChoices):
    """Whom a criterion scores: windows (窗口考评) or staff (员工考核)."""

    WINDOW = "window", _("窗口考评")
    STAFF = "staff", _("员工考核")


def criterion_points(score: Decimal | None, weight: Decimal) -> Decimal | None:
    """A score (得分率, 0-100) in points on its criterion's own scale: 得分率 x weight / 100, to the
    cent; what the scorecards' cells show, so the points of a month's criteria add up to its total."""
    if score is None:
        return None
    return (score * weight / 100).quantize(Decimal("0.01"))


class ScoreCriterion(models.Model):
    """A criterion of the monthly scorecard. Scores are 0-100; the total is the weighted mean.
    `deduction`: points off per percentage point below target (satisfaction, on time, the case
    figures) or per substantiated complaint (complaints)."""

    code = models.SlugField(_("代码"), max_length=30, unique=True)
    name = models.CharField(_("考评项目"), max_length=50)
    source = models.CharField(_("数据来源"), max_length=20, choices=CriterionSource.choices,
                              default=CriterionSource.MANUAL)
    scope = models.CharField(_("考评对象"), max_length=10, choices=CriterionScope.choices,
                             default=CriterionScope.WINDOW)
    weight = models.DecimalField(_("权重"), max_digits=5, decimal_places=2,
                                 validators=[MinValueValidator(0), MaxValueValidator(100)])
    deduction = models.DecimalField(_("扣分标准"), max_digits=5, decimal_places=2, default=Decimal("0"),
                                    validators=[MinValueValidator(0)])
    description = models.CharField(_("评分说明"), max_length=300, blank=True)
    order = models.PositiveSmallIntegerField(_("排序"), default=0)
    is_active = models.BooleanField(_("在用"), default=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["order", "code"]
        verbose_name = _("考评项目")
        verbose_name_plural = _("考评项目")

    def __str__(self):
        return self.name


class Scorecard(models.Model):
    """One window's scorecard for one month (`month` is the first day of the month)."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("评分中")
        PUBLISHED = "published", _("已通报")

    month = models.DateField(_("月份"), db_index=True)
    department = models.ForeignKey(Department, verbose_name=_("窗口"), on_delete=models.PROTECT,
                                   related_name="scorecards")
    total = models.DecimalField(_("总分"), max_digits=6, decimal_places=2, null=True, blank=True)
    rank = models.PositiveSmallIntegerField(_("名次"), null=True, blank=True)
    red_flag = models.BooleanField(_("流动红旗"), default=False)
    ratings = models.PositiveIntegerField(_("评价数"), default=0)
    satisfaction_rate = models.DecimalField(_("满意率"), max_digits=5, decimal_places=2, null=True, blank=True)
    status = models.CharField(_("状态"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    computed_at = models.DateTimeField(_("计算时间"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-month", "rank", "department__order"]
        constraints = [models.UniqueConstraint(fields=["month", "department"], name="scorecard_month_dept_unique")]
        verbose_name = _("窗口考评")
        verbose_name_plural = _("窗口考评")

    def __str__(self):
        return f"{self.month:%Y-%m} {self.department}"


class Score(models.Model):
    """One criterion's score on a scorecard. `measured` holds the figure behind a data-derived
    score (a rate in %, or a count of complaints)."""

    scorecard = models.ForeignKey(Scorecard, on_delete=models.CASCADE, related_name="scores")
    criterion = models.ForeignKey(ScoreCriterion, on_delete=models.PROTECT, related_name="scores")
    measured = models.DecimalField(_("实测值"), max_digits=7, decimal_places=2, null=True, blank=True)
    score = models.DecimalField(_("得分"), max_digits=5, decimal_places=2, null=True, blank=True,
                                validators=[MinValueValidator(0), MaxValueValidator(100)])
    note = models.CharField(_("扣分说明"), max_length=300, blank=True)
    scored_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                  related_name="+")
    history = HistoricalRecords()

    class Meta:
        ordering = ["scorecard", "criterion__order"]
        constraints = [models.UniqueConstraint(fields=["scorecard", "criterion"], name="score_unique")]
        verbose_name = _("考评得分")
        verbose_name_plural = _("考评得分")

    def __str__(self):
        return f"{self.scorecard} {self.criterion}: {self.score}"

    @property
    def points(self) -> Decimal | None:
        """The score in points on the criterion's own scale (得分率 x weight / 100, at most the weight):
        what the scorecard's cells show; the points of a month's criteria add up to its total."""
        return criterion_points(self.score, self.criterion.weight)
