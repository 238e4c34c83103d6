"""Bench set-up: a throw-away SQLite database (or BENCH_DATABASE_URL), migrated, Django ready."""

import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def setup_django(name: str, *, migrate_apart: bool = False) -> None:
    """`migrate_apart`: migrate in a process of its own, as `make run` does before `load_demo`
    (the migrations' model states otherwise stay in this process's memory and slow what follows)."""
    sys.path.insert(0, str(ROOT))
    if "BENCH_DATABASE_URL" in os.environ:
        os.environ["DATABASE_URL"] = os.environ["BENCH_DATABASE_URL"]
    else:
        path = Path(tempfile.gettempdir()) / f"bench_{name}.sqlite3"
        for suffix in ("", "-wal", "-shm"):  # SQLite runs in WAL mode
            Path(f"{path}{suffix}").unlink(missing_ok=True)
        os.environ["DATABASE_URL"] = f"sqlite:///{path}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "qms.settings")
    os.environ.setdefault("MEDIA_ROOT", tempfile.mkdtemp(prefix=f"bench_{name}_media_"))
    os.environ["AXES_ENABLED"] = "0"
    if migrate_apart:
        import subprocess

        subprocess.run([sys.executable, str(ROOT / "manage.py"), "migrate", "--noinput", "-v", "0"], check=True)
    import django

    django.setup()
    if not migrate_apart:
        from django.core.management import call_command

        call_command("migrate", verbosity=0)


def median_ms(fn, runs: int = 7) -> float:
    fn()  # warm-up
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def print_rows(title: str, rows) -> None:
    print(f"\n== {title}")
    width = max(len(label) for label, _ in rows)
    for label, value in rows:
        print(f"  {label.ljust(width)}  {value}")
