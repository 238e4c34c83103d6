"""Demo cases: about 30,000 over the twelve months up to today, drawn from the demo catalogue's
items with their promised limits (即办件 about 60 %), nearly all finished early, a few finished on
the last day, a handful late, and the last weeks' cases partly still open.

The rows are written as the hall system's CSV export and brought in through `cases_import`, the
same path as an office's own file. Idempotent: skipped when demo cases exist; without catalogue
items or an office user it does nothing."""

import csv
import datetime as dt
import io
import random

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from audits.cases.models import Case
from audits.cases.services import cases_import
from qms.core.calendar import calendar_ensure
from qms.core.models import CalendarDay
from qms.org.models import ROLE_GROUP_NAMES, Role, User
from standards.catalog.models import ServiceItem

PREFIX = "DEMO-BJ"
PER_WORKING_DAY = 120
HEADER = ["办件编号", "事项名称", "实施部门", "窗口", "受理时间", "办结时间", "办理状态", "承诺时限"]


def _elapsed(rng: random.Random, limit: int) -> int:
    """Working days taken: the immediate ones on the spot; of the others 0.4 % late, 1.6 % on the
    last day, the rest early."""
    if limit == 0:
        return 0
    draw = rng.random()
    if draw < 0.004:
        return limit + rng.randint(1, 3)
    return limit if draw < 0.02 else rng.randint(0, limit - 1)


def _weighted_items(items: list[ServiceItem]) -> list[ServiceItem]:
    """Immediate items are asked for more often (即办件 about 60 % of the cases)."""
    immediate = [i for i in items if i.promised_limit == 0]
    others = [i for i in items if i.promised_limit > 0]
    weight = max(1, round(1.5 * len(others) / max(len(immediate), 1)))
    return immediate * weight + others


def _rows(rng, items, working_days: list[dt.date], today: dt.date):
    index = {day: n for n, day in enumerate(working_days)}
    start = today - dt.timedelta(days=364)
    number = 0
    for day in (d for d in working_days if start <= d <= today):
        for _ in range(rng.randint(PER_WORKING_DAY - 30, PER_WORKING_DAY + 30)):
            number += 1
            item = rng.choice(items)
            accepted = dt.datetime.combine(day, dt.time(8, 30)) + dt.timedelta(minutes=rng.randint(0, 480))
            done_at = working_days[index[day] + _elapsed(rng, item.promised_limit)]
            finished = None if done_at > today else (
                accepted + dt.timedelta(minutes=rng.randint(5, 60)) if done_at == day
                else dt.datetime.combine(done_at, dt.time(9, 0)) + dt.timedelta(minutes=rng.randint(0, 450)))
            # whole minutes: isoformat writes them as the hall system does, 2026-03-02 09:15:00
            yield [f"{PREFIX}{day:%Y%m%d}{number:06d}", item.name, item.department.name, item.window,
                   accepted.isoformat(" "), finished.isoformat(" ") if finished else "",
                   "办结" if finished else "在办", item.promised_limit]


def _export(rows) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(HEADER)
    writer.writerows(rows)
    return buffer.getvalue().encode("utf-8")


def load(stdout) -> None:
    if Case.objects.filter(number__startswith=PREFIX).exists():
        stdout.write("  cases: demo cases present; kept")
        return
    office = User.objects.filter(groups__name=ROLE_GROUP_NAMES[Role.OFFICE], is_active=True).order_by("pk").first()
    items = list(ServiceItem.objects.filter(is_active=True, parent__isnull=True).select_related("department"))
    if office is None or not items:
        stdout.write("  cases: no office user or catalogue items yet; skipped")
        return
    today = timezone.localdate()
    calendar_ensure(today - dt.timedelta(days=400), today + dt.timedelta(days=120))
    working_days = list(CalendarDay.objects.filter(is_working=True).values_list("date", flat=True))
    data = _export(_rows(random.Random(2026), _weighted_items(items), working_days, today))
    report = cases_import(actor=office, upload=SimpleUploadedFile("办件明细（演示）.csv", data))
    stdout.write(f"  cases: {report.created} cases over twelve months")
