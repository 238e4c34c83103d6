"""Satisfaction: one rating per finished case (一事一评), bulk imports, and periodic surveys.

Ratings carry no per-row history: there are tens of thousands a year, they are written once
(entered at the window or imported) and never edited; an imported rating points at its
`ImportBatch` (the shared import record: who brought it in, from which file, when). Surveys and their questions keep history."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from qms.core.models import ImportBatch
from qms.org.models import Department

RATING_IMPORTER = "rating_import"  # ImportBatch.importer of the rating imports


class Grade(models.TextChoices):
    SATISFIED = "satisfied", _("满意")
    BASIC = "basic", _("基本满意")
    DISSATISFIED = "dissatisfied", _("不满意")


class Rating(models.Model):
    """A rating of one finished case. `case_number` is the hall's own case (办件) number."""

    class Source(models.TextChoices):
        WINDOW = "window", _("窗口录入")
        IMPORT = "import", _("系统导入")

    case_number = models.CharField(_("办件编号"), max_length=64, unique=True)
    rated_on = models.DateField(_("评价日期"), db_index=True)
    department = models.ForeignKey(Department, verbose_name=_("窗口"), on_delete=models.PROTECT,
                                   related_name="ratings")
    item_name = models.CharField(_("服务事项"), max_length=200, blank=True)
    staff = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("工作人员"), on_delete=models.SET_NULL,
                              null=True, blank=True, related_name="ratings")
    staff_name = models.CharField(_("工作人员姓名"), max_length=50, blank=True)
    grade = models.CharField(_("评价"), max_length=20, choices=Grade.choices)
    reason = models.CharField(_("原因"), max_length=500, blank=True)
    finished_on_time = models.BooleanField(_("按时办结"), null=True, blank=True)
    source = models.CharField(_("来源"), max_length=10, choices=Source.choices, default=Source.WINDOW)
    batch = models.ForeignKey(ImportBatch, verbose_name=_("导入记录"), on_delete=models.PROTECT, null=True,
                              blank=True, related_name="ratings")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                   related_name="+")

    class Meta:
        ordering = ["-rated_on", "-id"]
        verbose_name = _("满意度评价")
        verbose_name_plural = _("满意度评价")
        indexes = [
            models.Index(fields=["department", "rated_on"], name="rating_dept_date"),
            # Covers the rate aggregates (period, window, grade) without reading the rows' text.
            models.Index(fields=["rated_on", "department", "grade", "finished_on_time"], name="rating_rate_cover"),
        ]

    def __str__(self):
        return f"{self.case_number} {self.get_grade_display()}"


class Scale(models.TextChoices):
    """Answer scales of survey questions; the points of each are in SCALE_POINTS."""

    SATISFACTION = "satisfaction", _("满意 / 基本满意 / 不满意")
    FIVE = "five", _("五级（非常满意 … 非常不满意）")
    YES_NO = "yes_no", _("是 / 否")
    TEXT = "text", _("文字题（填写意见）")


SCALE_POINTS: dict[str, list[tuple[int, str]]] = {
    Scale.SATISFACTION: [(3, "满意"), (2, "基本满意"), (1, "不满意")],
    Scale.FIVE: [(5, "非常满意"), (4, "满意"), (3, "一般"), (2, "不满意"), (1, "非常不满意")],
    Scale.YES_NO: [(1, "是"), (0, "否")],
    Scale.TEXT: [],  # answered in words: listed, never averaged, not in any 满意率
}
# The answers counted as favourable on each satisfaction scale (for a question's 满意率). A yes/no
# question is not a satisfaction scale: it is reported as the share answering 是, on its own.
SCALE_FAVOURABLE = {Scale.SATISFACTION: {3, 2}, Scale.FIVE: {5, 4}}
SATISFACTION_SCALES = frozenset(SCALE_FAVOURABLE)


class Survey(models.Model):
    """A periodic questionnaire (评议表), e.g. the quarterly review of windows by enterprises."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("设计中")
        OPEN = "open", _("收集中")
        CLOSED = "closed", _("已结束")

    title = models.CharField(_("标题"), max_length=200)
    audience = models.CharField(_("调查对象"), max_length=200, blank=True)
    starts_on = models.DateField(_("开始日期"))
    ends_on = models.DateField(_("结束日期"))
    status = models.CharField(_("状态"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    history = HistoricalRecords()

    class Meta:
        ordering = ["-starts_on", "-id"]
        verbose_name = _("评议调查")
        verbose_name_plural = _("评议调查")

    def __str__(self):
        return self.title


class SurveyQuestion(models.Model):
    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="questions")
    order = models.PositiveSmallIntegerField(_("序号"))
    text = models.CharField(_("题目"), max_length=300)
    scale = models.CharField(_("答案量表"), max_length=20, choices=Scale.choices, default=Scale.SATISFACTION)
    history = HistoricalRecords()

    class Meta:
        ordering = ["survey", "order"]
        constraints = [models.UniqueConstraint(fields=["survey", "order"], name="survey_question_order_unique")]
        verbose_name = _("调查题目")
        verbose_name_plural = _("调查题目")

    def __str__(self):
        return f"{self.order}. {self.text}"

    @property
    def is_satisfaction_scale(self) -> bool:
        """A satisfaction-scale question counts towards the survey's 满意率; a yes/no or text one does not."""
        return self.scale in SATISFACTION_SCALES

    @property
    def is_text(self) -> bool:
        """A text question is answered in words (`SurveyAnswer.text`): listed, not averaged."""
        return self.scale == Scale.TEXT


class SurveyResponse(models.Model):
    """One filled-in form. Responses are written once (entered or imported); no per-row history."""

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="responses")
    respondent = models.CharField(_("填表单位/人"), max_length=100, blank=True)
    submitted_on = models.DateField(_("填表日期"))
    comment = models.TextField(_("意见建议"), blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["-submitted_on", "-id"]
        verbose_name = _("调查答卷")
        verbose_name_plural = _("调查答卷")

    def __str__(self):
        return f"{self.survey_id}/{self.pk}"


class SurveyAnswer(models.Model):
    """A point on the question's scale (`value`), or for a text question the words (`text`)."""

    response = models.ForeignKey(SurveyResponse, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(SurveyQuestion, on_delete=models.CASCADE, related_name="answers")
    value = models.SmallIntegerField(_("得分"), null=True, blank=True)
    text = models.TextField(_("文字答案"), blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["response", "question"], name="survey_answer_unique")]

    def __str__(self):
        return f"{self.question_id}={self.value}"
