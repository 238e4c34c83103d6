"""The yearly plan page (targets beside live figures, twelve month ends each) and the office's home
page (我的待办 with 计划目标未达成) on the loaded demo centre: median server time and SQL queries.

Build the demo database once (a few minutes):
  DATABASE_URL=sqlite:////tmp/polish_demo.sqlite3 .venv/bin/python manage.py migrate
  DATABASE_URL=sqlite:////tmp/polish_demo.sqlite3 .venv/bin/python manage.py load_demo
Run: python bench/bench_leadership.py  (BENCH_DATABASE_URL=… for another loaded database)."""

import os
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from bench.common import median_ms, print_rows  # noqa: E402

DEFAULT_DB = "sqlite:////tmp/polish_demo.sqlite3"


def setup() -> None:
    os.environ["DATABASE_URL"] = os.environ.get("BENCH_DATABASE_URL", DEFAULT_DB)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "qms.settings")
    os.environ.setdefault("MEDIA_ROOT", tempfile.mkdtemp(prefix="bench_leadership_media_"))
    os.environ["AXES_ENABLED"] = "0"
    import django

    django.setup()


def measure(client, url) -> tuple[int, float]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return len(ctx.captured_queries), median_ms(lambda: client.get(url), runs=5)


def run():
    setup()
    from django.conf import settings
    from django.test import Client
    from django.utils import timezone

    from qms.leadership.services.targets import approved_plan
    from qms.org.models import User
    from qms.org.roles import is_office

    settings.ALLOWED_HOSTS = ["*"]
    plan = approved_plan(timezone.localdate().year)
    assert plan is not None, "no approved plan for this year: load the demo first"
    office = next(u for u in User.objects.filter(is_active=True, is_superuser=False).order_by("pk") if is_office(u))
    client = Client()
    client.force_login(office)
    rows = []
    for label, url in (("plan page", plan.get_absolute_url()), ("home page (office)", "/")):
        queries, ms = measure(client, url)
        rows.append((f"{label}: {url}", f"{ms:.0f} ms median, {queries} queries"))
    return rows


if __name__ == "__main__":
    print_rows("leadership: plan page and home page on the demo centre", run())
