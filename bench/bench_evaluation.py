"""100,000 ratings over 30 windows and a year: the satisfaction page's SQL queries and median
server time, the 满意率 figure, and the monthly scorecard computation time."""

import datetime as dt
import os
import random
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from bench.common import median_ms, print_rows, setup_django  # noqa: E402

N_RATINGS = 100_000
N_WINDOWS = 30
YEAR = 2025


def build():
    from audits.evaluation.models import Grade, Rating
    from qms.org.models import Department, Role, User
    from qms.org.services import user_set_roles

    actor, created = User.objects.get_or_create(username="bench-office")
    if created:
        user_set_roles(user=actor, roles=[Role.OFFICE])
    windows = [Department.objects.create(code=f"BW{i:02d}", name=f"基准窗口{i:02d}") for i in range(N_WINDOWS)]
    rng = random.Random(1)
    days = [dt.date(YEAR, 1, 1) + dt.timedelta(days=d) for d in range(365)]
    grades = [Grade.SATISFIED, Grade.BASIC, Grade.DISSATISFIED]
    rows = [Rating(case_number=f"B{i:07d}", rated_on=rng.choice(days), department=rng.choice(windows),
                   item_name=f"事项{rng.randint(1, 300):03d}", staff_name=f"员工{rng.randint(1, 150):03d}",
                   grade=rng.choices(grades, [97, 2.2, 0.8])[0], finished_on_time=rng.random() > 0.01,
                   reason="等候时间长" if rng.random() < 0.01 else "")
            for i in range(N_RATINGS)]
    start = time.perf_counter()
    Rating.objects.bulk_create(rows, batch_size=5000)
    return actor, windows[0], time.perf_counter() - start


def measure_page(client, url):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get(url)
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, response.status_code
    return len(ctx.captured_queries), median_ms(lambda: client.get(url))


def run():
    setup_django("evaluation")
    from django.test import Client

    from audits.evaluation.models import Scorecard
    from audits.evaluation.services.scorecards import scorecards_compute
    from qms.core.figures import figure_value

    actor, window, insert_s = build()
    rows = [("insert 100,000 ratings (bulk_create, batches of 5,000)", f"{insert_s:.1f} s")]
    client = Client()
    client.force_login(actor)
    for label, url in (("satisfaction page, year", f"/evaluation/satisfaction/?year={YEAR}"),
                       ("satisfaction page, one window", f"/evaluation/satisfaction/?year={YEAR}&department={window.pk}")):
        queries, ms = measure_page(client, url)
        rows.append((f"{label}: SQL queries", str(queries)))
        rows.append((f"{label}: median server time", f"{ms:.1f} ms"))
    rows.append(("满意率 figure (12 months): median time",
                 f"{median_ms(lambda: figure_value('satisfaction_rate', as_of=dt.date(YEAR, 12, 31))):.1f} ms"))

    def compute():
        Scorecard.objects.filter(month=dt.date(YEAR, 6, 1)).delete()
        scorecards_compute(actor=actor, month=dt.date(YEAR, 6, 1))

    rows.append((f"monthly scorecard computation ({N_WINDOWS} windows, June): median", f"{median_ms(compute, runs=5):.1f} ms"))
    start = time.perf_counter()
    for month in range(1, 13):
        Scorecard.objects.filter(month=dt.date(YEAR, month, 1)).delete()
        scorecards_compute(actor=actor, month=dt.date(YEAR, month, 1))
    rows.append(("twelve monthly scorecards, computed one after another", f"{time.perf_counter() - start:.2f} s"))
    return rows


if __name__ == "__main__":
    print_rows("evaluation (100,000 ratings)", run())
