"""Demo bench: how long `manage.py load_demo` takes on a fresh database, and a second (idempotent)
load. The load's speed is measured here, never asserted in a test (a loaded machine is slower).

Run: python bench/bench_demo.py  (BENCH_DATABASE_URL=postgres://… for PostgreSQL)."""

import io
import os
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from bench.common import print_rows, setup_django  # noqa: E402

TARGET_SECONDS = 120


def _load() -> float:
    from django.core.management import call_command

    started = time.perf_counter()
    call_command("load_demo", stdout=io.StringIO())
    return time.perf_counter() - started


def run():
    setup_django("demo")
    first, again = _load(), _load()
    return [
        ("load_demo, fresh database (s)", f"{first:.1f}  (target < {TARGET_SECONDS})"),
        ("load_demo again, nothing new (s)", f"{again:.1f}"),
    ]


if __name__ == "__main__":
    print_rows("demo centre", run())
