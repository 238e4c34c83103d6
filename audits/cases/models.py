"""Cases (办件) as the hall's case system exports them.

Cases carry no per-row history: a centre handles some 300,000 a year, they are imported, never
edited here; each case points at its import's `ImportBatch` (the shared import record: who
imported which file, when, with what counts). A case keeps the department and item text of the
export and links to the department and catalogue item where the names match. Its days point at the shared calendar (`CalendarDay`, keyed by date, no database
constraint: the calendar is rebuilt whole) so that elapsed working days are one join."""

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from qms.core.models import CalendarDay, ImportBatch
from qms.org.models import Department
from standards.catalog.models import ServiceItem

CASE_IMPORTER = "case_import"  # ImportBatch.importer of the case imports


class CaseStatus(models.TextChoices):
    OPEN = "open", _("在办")
    FINISHED = "finished", _("办结")
    TERMINATED = "terminated", _("退件或终止")


def _day(column: str, label: str, *, null: bool = False) -> models.ForeignKey:
    return models.ForeignKey(CalendarDay, verbose_name=label, on_delete=models.DO_NOTHING, db_constraint=False,
                             db_column=column, related_name="+", null=null, blank=null)


class Case(models.Model):
    """One case. `promised_limit` is in working days (0 = 即办件); None when neither the export nor
    a matching catalogue item gives one (such cases are left out of the on-time figures)."""

    number = models.CharField(_("办件编号"), max_length=64, unique=True)
    item_name = models.CharField(_("事项名称"), max_length=200)
    item = models.ForeignKey(ServiceItem, verbose_name=_("服务事项"), on_delete=models.SET_NULL, null=True,
                             blank=True, related_name="cases")
    department_name = models.CharField(_("实施部门"), max_length=100, blank=True)
    department = models.ForeignKey(Department, verbose_name=_("部门"), on_delete=models.SET_NULL, null=True,
                                   blank=True, related_name="cases")
    window = models.CharField(_("窗口"), max_length=50, blank=True)
    accepted_at = models.DateTimeField(_("受理时间"))
    accepted_day = _day("accepted_on", _("受理日期"))
    finished_at = models.DateTimeField(_("办结时间"), null=True, blank=True)
    finished_day = _day("finished_on", _("办结日期"), null=True)
    status = models.CharField(_("办理状态"), max_length=12, choices=CaseStatus.choices)
    promised_limit = models.PositiveSmallIntegerField(_("承诺时限（工作日）"), null=True, blank=True)
    batch = models.ForeignKey(ImportBatch, verbose_name=_("导入记录"), on_delete=models.PROTECT, null=True, blank=True,
                              related_name="cases")

    class Meta:
        ordering = ["-accepted_at", "-id"]
        verbose_name = _("办件")
        verbose_name_plural = _("办件")
        indexes = [
            models.Index(fields=["finished_day", "status", "department"], name="case_finished_cover"),
            models.Index(fields=["accepted_day", "department"], name="case_accepted_dept"),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(finished_at__isnull=True) | Q(finished_at__gte=F("accepted_at")),
                                   name="case_finished_after_accepted"),
            models.CheckConstraint(condition=~Q(status="finished") | Q(finished_at__isnull=False),
                                   name="case_finished_has_time"),
        ]

    def __str__(self):
        return f"{self.number} {self.item_name}"
