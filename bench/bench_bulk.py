"""Bulk writes at the speed of the reads (issue 17), in one run:
- the 1,000-row 标准明细表 import, the 1,000-row 事项清单 import and a 1,000-item scoring sheet
  (自评计分表): dry run and real import, median time over BENCH_RUNS runs (default 3; each run
  rolled back) and SQL queries per row, and the real import's multiple of its own dry run
  (target ≤ 10×, ≤ 5 queries a row);
- 10,000 ratings imported (target ≤ 5 s) and 30,000 cases (target ≤ 15 s on PostgreSQL): dry
  run and real import, medians of 3, and SQL queries per row, on SQLite and, when
  BENCH_POSTGRES_URL is set, again on PostgreSQL (part imports_pg);
- generating 1,000 procedure standards (target ≤ 30 s);
- `load_demo --dossier-in-background` (as `make run` runs it: until it returns, and until the final
  dossier it leaves to a process of its own is built) into a fresh database, on SQLite (target ≤ 20 s) and, when BENCH_POSTGRES_URL is
  set (a server URL; the bench creates and drops its own database), on PostgreSQL.
Run: python bench/bench_bulk.py (BENCH_BULK_PARTS=standards,items,scoring for some parts only)"""

import contextlib
import datetime as dt
import io
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from bench.common import print_rows, setup_django  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
LEAVES = ["101", "102", "201", "203", "205", "207", "208", "301", "302", "303", "304", "305"]


def _office():
    from qms.org.models import Department, Role, User
    from qms.org.services import user_set_roles

    department, _ = Department.objects.get_or_create(code="BENCH", defaults={"name": "基准办公室"})
    actor, created = User.objects.get_or_create(username="bench-office", defaults={"department": department})
    if created:
        user_set_roles(user=actor, roles=[Role.OFFICE, Role.MANAGER])
    return actor


def _standards_workbook(n: int) -> bytes:
    """An office's 明细表 of n rows: in force (adopted and in-house), planned, drafting."""
    from openpyxl import Workbook

    workbook = Workbook()
    ws = workbook.active
    ws.append(["序号", "标准体系表编号", "标准编号", "标准名称", "级别", "实施日期", "代替标准号", "备注"])
    for i in range(n):
        node, kind = LEAVES[i % len(LEAVES)], i % 10
        code = f"{node}-{i // len(LEAVES) + 1:02d}"
        number = f"GB/T {30000 + i}-2016" if kind < 5 else f"Q/XZFW {node}.{i:03d}-2024"
        marker = {7: "待修订", 8: "起草中", 9: "待制定"}.get(kind, "")
        ws.append([i + 1, code, "" if kind == 9 else number, f"基准标准{i}", "", dt.date(2024, 1, 1) if kind < 8
                   else None, "", marker])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _timed_queries(fn):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as ctx:
        start = time.perf_counter()
        result = fn()
        seconds = time.perf_counter() - start
    return result, seconds, len(ctx.captured_queries)


def _median_runs(fn, runs: int | None = None, measure=lambda result: result):
    """(`measure` of the last run's result, median seconds, queries of one run); each run rolled
    back (after `measure`, untimed), so every run starts from the same database."""
    from django.db import transaction

    runs = runs or int(os.environ.get("BENCH_RUNS", "3"))
    times, queries, result = [], 0, None
    for _ in range(runs):
        with transaction.atomic():
            result, seconds, queries = _timed_queries(fn)
            result = measure(result)
            transaction.set_rollback(True)
        times.append(seconds)
    return result, statistics.median(times), queries


def _import_rows(label: str, n: int, dry_run, write, created) -> list:
    """Median dry run and real import of n rows; the writes' multiple of the dry run."""
    _plan, dry, dry_q = _median_runs(dry_run)
    made, real, real_q = _median_runs(write, measure=created)
    runs = os.environ.get("BENCH_RUNS", "3")
    return [
        (f"{label} {n:,} rows: dry run (median of {runs})", f"{dry:.2f} s, {dry_q / n:.2f} queries/row"),
        (f"{label} {n:,} rows: with writes (median of {runs})",
         f"{real:.2f} s, {real_q / n:.2f} queries/row ({made} created)"),
        (f"{label}: writes ÷ dry run (target ≤ 10×, ≤ 5 queries/row)", f"{real / dry:.1f}×"),
    ]


def standards_import(actor, n=1000):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from standards.imports import standard_import

    data = _standards_workbook(n)

    def run(dry_run):
        return standard_import(actor=actor, upload=SimpleUploadedFile("明细表.xlsx", data), filename="明细表.xlsx",
                               dry_run=dry_run)

    return _import_rows("标准明细表 import", n, lambda: run(True), lambda: run(False),
                        lambda plan: plan.counts["create"])


def _items_workbook(actor, n: int) -> bytes:
    """A 1,000-row 事项清单 as the export writes it (every column, parts in their text forms):
    the items are made through the services, exported, and rolled back."""
    from django.db import transaction

    from bench.bench_catalog import DEPARTMENTS, _thousand_items
    from qms.org.models import Department
    from standards.catalog import selectors
    from standards.catalog.documents.workbook import render_items_workbook

    for index, name in enumerate(DEPARTMENTS):
        Department.objects.get_or_create(code=f"D{index:02d}", defaults={"name": f"{name}窗口"})
    with transaction.atomic():
        items = _thousand_items(actor, count=n)
        data = render_items_workbook(title="基准事项清单", subtitle="", rows=[selectors.item_row(i) for i in items])
        transaction.set_rollback(True)
    return data


def items_import(actor, n=1000):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from standards.catalog.services import items_import as run_import

    data = _items_workbook(actor, n)

    def run(dry_run):
        return run_import(actor=actor, upload=SimpleUploadedFile("事项清单.xlsx", data), dry_run=dry_run)

    return _import_rows("事项清单 import", n, lambda: run(True), lambda: run(False), lambda report: report.created)


def items_reimport(actor, n=1000):
    """The same list imported again with every row changed (申请条件 edited, one material added):
    items updated and their material lists replaced, with history rows for both."""
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.db import transaction

    from bench.bench_catalog import _thousand_items
    from standards.catalog import selectors
    from standards.catalog.documents.workbook import render_items_workbook
    from standards.catalog.services import items_import as run_import

    with transaction.atomic():
        rows = [selectors.item_row(item) for item in _thousand_items(actor, count=n)]
        for row in rows:
            row["conditions"] = f"{row['conditions']}（修订）"
            row["materials"] = f"{row['materials']}\n情况说明（原件，1份）"
        data = render_items_workbook(title="基准事项清单", subtitle="", rows=rows)

        def run(dry_run):
            return run_import(actor=actor, upload=SimpleUploadedFile("事项清单.xlsx", data), dry_run=dry_run)

        figures = _import_rows("事项清单 re-import, every row changed", n, lambda: run(True), lambda: run(False),
                               lambda report: f"0 created, {report.updated}")
        transaction.set_rollback(True)
    return [(label, value.replace("created)", "updated)")) for label, value in figures]


def _scoring_workbook(sections: int = 20, per_section: int = 50) -> bytes:
    """A scoring sheet of sections × items (one-level-indicator column layout), 100 points."""
    from openpyxl import Workbook

    workbook = Workbook()
    ws = workbook.active
    ws.append(["一级指标", "序号", "评价项目", "评价要求", "分值", "评分标准", "备查材料"])
    points = 100 / sections
    for s_no in range(1, sections + 1):
        for i_no in range(1, per_section + 1):
            ws.append([f"部分{s_no}（{points:g}分）", f"{s_no}.{i_no}", f"评价项目{s_no}-{i_no}", "按要求落实",
                       f"{points / per_section:g}", "未落实不得分", "工作记录"])
    ws.append(["", "合计", "", "", 100, "", ""])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def scoring_import(actor, sections=20, per_section=50):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from qms.assessment.models import ScoringItem
    from qms.assessment.services import template_import, template_import_preview

    data, n = _scoring_workbook(sections, per_section), sections * per_section

    def upload():
        return SimpleUploadedFile("计分表.xlsx", data)

    return _import_rows(
        "自评计分表 import", n, lambda: template_import_preview(upload=upload(), name="基准计分表"),
        lambda: template_import(actor=actor, upload=upload(), name="基准计分表"),
        lambda template: ScoringItem.objects.filter(section__template=template).count())


def _median_import(run, reset, n: int, runs: int) -> tuple[float, float, float, float, object]:
    """Median seconds and queries per row of a dry run (read and plan) and of the whole import
    (read, plan, write), each on the same data from an emptied table."""
    import statistics

    dry, real, dry_q, real_q, result = [], [], 0, 0, None
    for _ in range(runs):
        reset()
        _result, seconds, dry_q = _timed_queries(lambda: run(True))
        dry.append(seconds)
        result, seconds, real_q = _timed_queries(lambda: run(False))
        real.append(seconds)
    return statistics.median(dry), statistics.median(real), dry_q / n, real_q / n, result


def _median_import_rows(label: str, target: str, n: int, figures) -> list:
    dry, real, dry_q, real_q, result = figures
    return [
        (f"{label} {n:,} rows: dry run (read and plan), median", f"{dry:.2f} s, {dry_q:.4f} queries/row"),
        (f"{label} {n:,} rows: with writes ({target}), median",
         f"{real:.2f} s, {real_q:.4f} queries/row ({result.created:,} created)"),
        (f"{label}: write phase (with writes − dry run)", f"{real - dry:.2f} s"),
    ]


def ratings_import(actor, n=10_000, runs=3):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from audits.evaluation.models import Rating
    from audits.evaluation.services.rating_import import ratings_import as run_import
    from qms.core.models import ImportBatch
    from qms.org.models import Department

    names = [d.name for d in Department.objects.all()]
    lines = ["办件编号,评价结果,评价时间,窗口"] + [
        f"BENCH{i:06d},{['满意', '基本满意', '不满意'][i % 3]},2026-{i % 12 + 1:02d}-{i % 28 + 1:02d},{names[i % len(names)]}"
        for i in range(n)]
    data = "\n".join(lines).encode("utf-8")

    def reset():
        Rating.objects.filter(case_number__startswith="BENCH").delete()
        ImportBatch.objects.filter(importer="rating_import").delete()

    def run(dry_run):
        upload = SimpleUploadedFile("评价.csv", data, content_type="text/csv")
        return run_import(actor=actor, upload=upload, dry_run=dry_run)

    return _median_import_rows("ratings import", "target ≤ 5 s", n, _median_import(run, reset, n, runs))


def cases_import(actor, runs=3):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from audits.cases.models import Case
    from audits.cases.services import cases_import as run_import
    from bench.bench_cases import N_DEPARTMENTS, N_IMPORT, export_file
    from qms.core.models import ImportBatch
    from qms.org.models import Department

    for i in range(N_DEPARTMENTS):
        Department.objects.get_or_create(code=f"BD{i:02d}", defaults={"name": f"基准部门{i:02d}窗口"})
    data = export_file()

    def reset():
        Case.objects.filter(number__startswith="IM").delete()
        ImportBatch.objects.filter(importer="case_import").delete()

    def run(dry_run):
        return run_import(actor=actor, upload=SimpleUploadedFile("cases.csv", data), dry_run=dry_run)

    return _median_import_rows("cases import", "target ≤ 15 s on PostgreSQL", N_IMPORT,
                        _median_import(run, reset, N_IMPORT, runs))


def procedure_generation(actor, n=1000):
    from bench.bench_catalog import DEPARTMENTS
    from qms.org.models import Department
    from standards.catalog import services

    for index, name in enumerate(DEPARTMENTS):
        Department.objects.get_or_create(code=f"D{index:02d}", defaults={"name": f"{name}窗口"})
    from bench.bench_catalog import _thousand_items

    _thousand_items(actor, count=n)  # the bench database holds no other items
    _results, seconds, queries = _timed_queries(lambda: services.procedure_standards_generate_all(actor=actor))
    return [(f"generate {n:,} procedure standards (target ≤ 30 s)",
             f"{seconds:.1f} s, {1000 * seconds / n:.0f} ms/item, {queries / n:.1f} queries/item")]


def _dossier_status(database_url: str) -> str:
    """The demo's final dossier's status, read directly from the database."""
    query = "SELECT status FROM dossier_dossier WHERE kind = 'final' ORDER BY id DESC LIMIT 1"
    if database_url.startswith("sqlite:///"):
        import sqlite3

        with contextlib.closing(sqlite3.connect(database_url.removeprefix("sqlite:///"))) as db:
            row = db.execute(query).fetchone()
    else:
        import psycopg

        with psycopg.connect(database_url) as db:
            row = db.execute(query).fetchone()
    return row[0] if row else ""


def _load_demo(database_url: str) -> tuple[float, float]:
    """`load_demo --dossier-in-background` as `make run` runs it: (seconds until the command
    returns, seconds until its final dossier is built in the process it started)."""
    env = {**os.environ, "DATABASE_URL": database_url, "MEDIA_ROOT": tempfile.mkdtemp(prefix="bench_demo_")}
    manage = [sys.executable, str(ROOT / "manage.py")]
    subprocess.run([*manage, "migrate", "-v0"], env=env, check=True)
    start = time.perf_counter()
    subprocess.run([*manage, "load_demo", "--dossier-in-background"], env=env, check=True, stdout=subprocess.DEVNULL)
    returned = time.perf_counter() - start
    while (status := _dossier_status(database_url)) in ("queued", "running"):
        time.sleep(0.2)
    if status != "done":
        raise RuntimeError(f"the demo's final dossier ended {status!r}: see var/log/demo-dossier.log")
    return returned, time.perf_counter() - start


def _demo_rows(label: str, seconds: tuple[float, float]) -> list:
    returned, built = seconds
    return [(f"load_demo on {label}, as make run runs it", f"{returned:.1f} s"),
            ("  its final dossier done (built apart) at", f"{built:.1f} s")]


def load_demo():
    path = Path(tempfile.gettempdir()) / "bench_bulk_demo.sqlite3"
    path.unlink(missing_ok=True)
    rows = _demo_rows("SQLite (target ≤ 20 s)", _load_demo(f"sqlite:///{path}"))
    server = os.environ.get("BENCH_POSTGRES_URL")
    if not server:
        return [*rows, ("load_demo on PostgreSQL", "set BENCH_POSTGRES_URL to measure")]
    import psycopg

    name = "bench_bulk_demo"
    with psycopg.connect(server, autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {name}")
        conn.execute(f"CREATE DATABASE {name}")
    try:
        seconds = _load_demo(server.rsplit("/", 1)[0] + f"/{name}")
    finally:
        with psycopg.connect(server, autocommit=True) as conn:
            conn.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
    return [*rows, *_demo_rows("PostgreSQL", seconds)]


def imports_on_postgres():
    """The ratings and cases imports again on PostgreSQL, in a database of their own (created and
    dropped here), when BENCH_POSTGRES_URL names a server; run in a child process."""
    server = os.environ.get("BENCH_POSTGRES_URL")
    if not server:
        return [("ratings and cases imports on PostgreSQL", "set BENCH_POSTGRES_URL to measure")]
    import psycopg

    name = "bench_bulk_imports"
    with psycopg.connect(server, autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {name}")
        conn.execute(f"CREATE DATABASE {name}")
    env = {**os.environ, "BENCH_DATABASE_URL": server.rsplit("/", 1)[0] + f"/{name}",
           "BENCH_BULK_PARTS": "ratings,cases", "BENCH_POSTGRES_URL": ""}
    try:
        subprocess.run([sys.executable, __file__], env=env, check=True)
    finally:
        with psycopg.connect(server, autocommit=True) as conn:
            conn.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
    return [("ratings and cases imports on PostgreSQL", "printed above")]


def run():
    """Every part, or those named in BENCH_BULK_PARTS (standards,items,items-update,scoring,ratings,
    cases,imports_pg,procedures,demo). The figures are on SQLite unless BENCH_DATABASE_URL says otherwise."""
    setup_django("bulk")
    from django.db import connection

    actor = _office()
    parts = {"standards": lambda: standards_import(actor), "items": lambda: items_import(actor),
             "items-update": lambda: items_reimport(actor), "scoring": lambda: scoring_import(actor),
             "ratings": lambda: ratings_import(actor),
             "cases": lambda: cases_import(actor), "imports_pg": imports_on_postgres,
             "procedures": lambda: procedure_generation(actor), "demo": load_demo}
    wanted = [p for p in os.environ.get("BENCH_BULK_PARTS", "").split(",") if p] or list(parts)
    rows = []
    for name in wanted:
        part = parts[name]()
        print_rows(f"bulk writes: {name} ({connection.vendor})", part)  # as each part ends: the run is long
        rows += part
    return rows


if __name__ == "__main__":
    print_rows("bulk writes (issue 17), all parts", run())
