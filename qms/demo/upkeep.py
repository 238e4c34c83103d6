"""Demo: the year's routine upkeep a real centre's figures show, run after every other loader.

- Implementation checks of the standards in force that need one and have none in the last 12
  months (mostly the 办理规程 the catalogue published): a few stay unchecked, so 检查覆盖面 sits
  just under its target, as in the centres' reports.
- 复审 done on time: overdue in-house reviews are recorded as confirmed shortly after their due
  date, except the two most overdue (the self-assessment's "2 项自制标准逾期未复审")."""

import datetime as dt
import zlib

from django.db import transaction
from django.utils import timezone

from qms.core.history import checks_left_to_database
from qms.org.models import Department, Role
from standards import services
from standards.models import ImplementationCheck
from standards.selectors import reviews_due, standards_needing_checks, users_with_role
from standards.selectors.figures import twelve_months_before
from standards.services.checks import implementation_checks_record_many

LEFT_OVERDUE = 2
UNCHECKED_EVERY = 29  # about one standard in thirty is not checked this year


def _spread(code: str, modulus: int) -> int:
    return zlib.crc32(code.encode()) % modulus  # deterministic: the same on every run


@transaction.atomic
def load(stdout) -> None:
    office = users_with_role(Role.OFFICE).first()
    checker = users_with_role(Role.AUDITOR).first() or office
    windows = list(Department.objects.filter(kind="department", is_active=True).order_by("code"))
    if office is None or not windows:
        stdout.write("upkeep: skipped (no office user or windows)")
        return
    today = timezone.localdate()
    # Field rules per save, the constraints are the database's (as qms.demo.standards).
    with checks_left_to_database():
        checked = _checks(checker, windows, today)
        reviewed = _reviews(office, today)
    stdout.write(f"upkeep: {checked} implementation checks, {reviewed} reviews recorded")


def _checks(checker, windows, today) -> int:
    recent = ImplementationCheck.objects.filter(checked_on__gt=twelve_months_before(today)).values("standard_id")
    due = standards_needing_checks().exclude(pk__in=recent).prefetch_related("applicable_departments")
    checks = []
    for standard in due.order_by("code"):
        spread = _spread(standard.code, 997)
        if spread % UNCHECKED_EVERY == 0:
            continue
        where = list(standard.applicable_departments.all()) or windows
        result = "mostly" if spread % 9 == 0 else "conforming"
        checks.append({"actor": checker, "standard": standard, "department": where[spread % len(where)],
                       "checked_on": today - dt.timedelta(days=3 + spread % 150), "result": result,
                       "notes": "抽查办理记录和一次性告知单，符合办理规程要求。" if result == "conforming"
                       else "个别办件材料清单未按规程更新，已当场指出。"})
    implementation_checks_record_many(checks=checks)  # as one implementation_check_record after another
    return len(checks)


def _reviews(office, today) -> int:
    overdue = [row for row in reviews_due(today=today) if row.overdue][LEFT_OVERDUE:]
    for row in overdue:
        services.periodic_review_record(
            actor=office, standard=row.standard, outcome="confirm", reviewed_on=min(today, row.due_on + dt.timedelta(days=12)),
            reasons="经复审，标准内容与现行法规和中心实际一致，继续有效。")
    return len(overdue)
