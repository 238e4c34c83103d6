"""Demo bench: how long `manage.py load_demo` takes on a fresh database, step by step (the loaders
of qms.demo.registry, in order) with each step's SQL statements and peak memory (RSS), then the
final dossier they leave queued (built in a process of its own under `make run`, which does not
wait for it), then a second, idempotent load; also `migrate`. On SQLite (the default set-up: WAL, synchronous=NORMAL,
checked and printed) and on PostgreSQL when a server answers at 127.0.0.1:5432. The load's speed
is measured here, never asserted in a test (a loaded machine is slower).

Run: python bench/bench_demo.py [sqlite] [postgres]   (BENCH_DATABASE_URL=postgres://… for one URL)."""

import argparse
import contextlib
import gc
import importlib
import io
import json
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from bench.common import print_rows  # noqa: E402

TARGET_SECONDS = 20  # on SQLite, on an idle machine (issue #17)
PG = "postgres://postgres@127.0.0.1:5432"


def _peak_reset() -> None:
    """Start a new peak (Linux: VmHWM); elsewhere the peak stays the process's so far."""
    with contextlib.suppress(OSError):
        Path("/proc/self/clear_refs").write_text("5")


def _peak_mb() -> float:
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _cpu() -> float:
    """CPU seconds of this process and the programs it ran (LibreOffice): a measure that a machine
    busy with other work disturbs much less than the elapsed time."""
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def _one() -> dict:
    """In this process: migrate, then every loader timed, as `load_demo` runs them."""
    from bench.common import setup_django

    started = time.perf_counter()
    setup_django("demo", migrate_apart=True)  # as `make run`: migrate, then load_demo in a process of its own
    migrate = time.perf_counter() - started
    from django.db import connection
    from django.test.utils import override_settings

    from qms.demo.registry import LOADERS

    pragmas = ""
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            mode = cursor.execute("PRAGMA journal_mode").fetchone()[0]
            sync = {0: "OFF", 1: "NORMAL", 2: "FULL", 3: "EXTRA"}[cursor.execute("PRAGMA synchronous").fetchone()[0]]
        pragmas = f"journal_mode={mode}, synchronous={sync}"
    queries = [0]

    def count(execute, sql, params, many, context):
        queries[0] += 1
        return execute(sql, params, many, context)

    steps, total = [], 0.0
    with override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend"), \
            connection.execute_wrapper(count):
        for path in LOADERS:
            module = importlib.import_module(path)
            queries[0] = 0
            _peak_reset()
            step, cpu = time.perf_counter(), _cpu()
            module.load(io.StringIO())
            gc.freeze()  # as load_demo does after each step
            seconds = time.perf_counter() - step
            total += seconds
            steps.append((path.rsplit(".", 1)[1], seconds, _cpu() - cpu, queries[0], _peak_mb()))
        from qms.dossier.services import dossiers_build_queued

        queries[0] = 0
        _peak_reset()
        step, cpu = time.perf_counter(), _cpu()
        dossiers_build_queued()  # in load_demo's process; in one of its own under make run
        dossier = (time.perf_counter() - step, _cpu() - cpu, queries[0], _peak_mb())
        again = time.perf_counter()
        for path in LOADERS:
            importlib.import_module(path).load(io.StringIO())
        again = time.perf_counter() - again
    return {"vendor": connection.vendor, "pragmas": pragmas, "migrate": migrate, "steps": steps, "total": total,
            "dossier": dossier, "again": again}


def _rows(result: dict) -> list:
    rows = [("migrate (s)", f"{result['migrate']:.1f}")]
    if result["pragmas"]:
        rows.append(("SQLite during the load", result["pragmas"]))
    for name, seconds, cpu, queries, peak in result["steps"]:
        rows.append((f"  {name}", f"{seconds:6.1f} s  (CPU {cpu:5.1f} s)  {queries:6d} queries  peak RSS {peak:4.0f} MB"))
    target = f"  (target ≤ {TARGET_SECONDS} on an idle machine)" if result["vendor"] == "sqlite" else ""
    cpu = sum(step[2] for step in result["steps"])
    seconds, dossier_cpu, queries, peak = result["dossier"]
    rows.append(("loaders: the centre usable (s)", f"{result['total']:.1f}  (CPU {cpu:.1f}){target}"))
    rows.append(("  final dossier, built after", f"{seconds:6.1f} s  (CPU {dossier_cpu:5.1f} s)  {queries:6d} queries  "
                                                  f"peak RSS {peak:4.0f} MB  (apart, under make run)"))
    rows.append(("load_demo with the dossier (s)", f"{result['total'] + seconds:.1f}  (CPU {cpu + dossier_cpu:.1f})"))
    rows.append(("load_demo again, nothing new (s)", f"{result['again']:.1f}"))
    return rows


def _in_child(database_url: str | None) -> dict:
    env = {**os.environ}
    env.pop("BENCH_DATABASE_URL", None)
    if database_url:
        env["BENCH_DATABASE_URL"] = database_url
    out = subprocess.run([sys.executable, __file__, "--one"], env=env, check=True, capture_output=True, text=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def _postgres_database():
    try:
        import psycopg

        name = f"qms_bench_demo_{os.getpid()}"
        with psycopg.connect(f"{PG}/postgres", autocommit=True, connect_timeout=3) as db:
            db.execute(f'DROP DATABASE IF EXISTS "{name}"')
            db.execute(f'CREATE DATABASE "{name}"')
        return name
    except Exception as error:  # no server: the SQLite figures alone
        print(f"  (PostgreSQL skipped: {error})")
        return None


def _drop(name: str) -> None:
    import psycopg

    with psycopg.connect(f"{PG}/postgres", autocommit=True) as db:
        db.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("backends", nargs="*", default=["sqlite", "postgres"])
    parser.add_argument("--one", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        print(json.dumps(_one()))
        return
    if "BENCH_DATABASE_URL" in os.environ:
        print_rows("demo centre (BENCH_DATABASE_URL)", _rows(_in_child(os.environ["BENCH_DATABASE_URL"])))
        return
    if "sqlite" in args.backends:
        print_rows("demo centre, SQLite", _rows(_in_child(None)))
    if "postgres" in args.backends:
        name = _postgres_database()
        if name:
            try:
                print_rows("demo centre, PostgreSQL", _rows(_in_child(f"{PG}/{name}")))
            finally:
                _drop(name)


if __name__ == "__main__":
    main()
