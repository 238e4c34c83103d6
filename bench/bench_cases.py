"""Cases at a centre's scale: 300,000 cases over a year, 30 departments, 300 items. Measures the
import of a 30,000-row export (dry run, then the import: plan in memory, bulk_insert in batches), the month's figures (totals,
by department, by item) computed in the database with the working-day calendar, the twelve-month
figure, and the figures page. Set BENCH_DATABASE_URL to run it on PostgreSQL.

Run: python bench/bench_cases.py"""

import csv
import datetime as dt
import io
import os
import random
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from bench.common import median_ms, print_rows, setup_django  # noqa: E402

N_CASES = 300_000
N_IMPORT = 30_000
N_DEPARTMENTS = 30
YEAR = 2025


def _actor():
    from qms.org.models import Role, User
    from qms.org.services import user_set_roles

    actor, created = User.objects.get_or_create(username="bench-office")
    if created:
        user_set_roles(user=actor, roles=[Role.OFFICE])
    return actor


def _case(rng, n, day, depts, working, index):
    from django.utils import timezone

    from audits.cases.models import Case

    limit = rng.choice([0, 0, 0, 1, 3, 5, 10])
    elapsed = limit + 1 if rng.random() < 0.01 else rng.randint(0, max(limit, 0))
    done = working[min(index[day] + elapsed, len(working) - 1)]
    at = timezone.make_aware(dt.datetime.combine(day, dt.time(9)))
    dept = depts[n % len(depts)]
    return Case(number=f"BC{n:08d}", item_name=f"事项{n % 300:03d}", department=dept, department_name=dept.name,
                window=dept.window, accepted_at=at, accepted_day_id=day, promised_limit=limit, status="finished",
                finished_at=at + dt.timedelta(days=(done - day).days, hours=3), finished_day_id=done)


def build():
    from django.db import transaction

    from audits.cases.models import Case
    from qms.core.bulk import bulk_insert
    from qms.core.calendar import calendar_ensure
    from qms.core.models import CalendarDay
    from qms.org.models import Department

    depts = Department.objects.bulk_create(
        [Department(code=f"BD{i:02d}", name=f"基准部门{i:02d}窗口", window=f"{i + 1}号窗口") for i in range(N_DEPARTMENTS)])
    calendar_ensure(dt.date(YEAR, 1, 1), dt.date(YEAR + 1, 3, 31))
    working = list(CalendarDay.objects.filter(is_working=True).values_list("date", flat=True))
    index = {d: i for i, d in enumerate(working)}
    days = [d for d in working if d.year == YEAR]
    rng = random.Random(1)
    start = time.perf_counter()
    rows = [_case(rng, n, days[n % len(days)], depts, working, index) for n in range(N_CASES)]
    with transaction.atomic():
        bulk_insert(Case, rows)
    return time.perf_counter() - start


def export_file() -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(["办件编号", "事项名称", "实施部门", "受理时间", "办结时间", "办理状态", "承诺时限"])
    for n in range(N_IMPORT):
        writer.writerow([f"IM{n:08d}", f"事项{n % 300:03d}", f"基准部门{n % N_DEPARTMENTS:02d}窗口",
                         f"{YEAR + 1}-02-{n % 27 + 1:02d} 09:{n % 60:02d}", f"{YEAR + 1}-03-02 10:00", "办结", n % 4])
    return buffer.getvalue().encode("utf-8")


def run():
    setup_django("cases")
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from audits.cases.selectors import case_figures
    from audits.cases.services import cases_import
    from qms.core.figures import figure_value

    actor = _actor()
    rows = [(f"insert {N_CASES:,} cases (bulk_insert)", f"{build():.1f} s")]
    data = export_file()
    for dry_run in (True, False):
        with CaptureQueriesContext(connection) as queries:
            start = time.perf_counter()
            report = cases_import(actor=actor, upload=SimpleUploadedFile("cases.csv", data), dry_run=dry_run)
            seconds = time.perf_counter() - start
        rows.append((f"import a {N_IMPORT:,}-row CSV export{': dry run' if dry_run else ''} "
                     f"({report.created:,} {'to create' if dry_run else 'created'})",
                     f"{seconds:.1f} s, {len(queries) / N_IMPORT:.4f} queries/row"))
    june = {"start": dt.date(YEAR, 6, 1), "end": dt.date(YEAR, 6, 30)}
    rows.append(("month's figures (totals): median", f"{median_ms(lambda: case_figures(**june)):.1f} ms"))
    for group in ("department", "item", "month"):
        rows.append((f"month's figures by {group}: median",
                     f"{median_ms(lambda g=group: case_figures(**june, group=g)):.1f} ms"))
    rows.append(("按期办结率, twelve months: median",
                 f"{median_ms(lambda: figure_value('cases_on_time_rate', as_of=dt.date(YEAR, 12, 31)), runs=3):.1f} ms"))
    client = Client()
    client.force_login(actor)
    rows.append(("figures page, one month by department: median",
                 f"{median_ms(lambda: client.get('/cases/?month=2025-06&by=department'), runs=3):.1f} ms"))
    return rows


if __name__ == "__main__":
    print_rows(f"cases ({N_CASES:,} a year)", run())
