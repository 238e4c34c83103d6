"""Benchmark of the standard-system table: export of 1,000 standards to .xlsx and .docx against
floors measured in the same run (the same detail rows written with bare openpyxl write-only mode,
and as a bare python-docx table), and the dry-run import of a 1,000-row office workbook.

    python bench/bench_system_table.py

Creates its own data in a throw-away SQLite database (/tmp/bench_system_table.sqlite3)."""

import datetime as dt
import io
import os
import sys
import time
from pathlib import Path

DB_PATH = Path("/tmp/bench_system_table.sqlite3")
ROOT = Path(__file__).resolve().parent.parent
STANDARDS = 1000
REPEAT = 5


def setup_django():
    DB_PATH.unlink(missing_ok=True)
    os.environ["DATABASE_URL"] = f"sqlite:///{DB_PATH}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "qms.settings")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def make_data():
    """1,000 standards over the sub-systems: 85 % in force with one edition, the rest planned."""
    from simple_history.utils import bulk_create_with_history

    from qms.org.models import ROLE_GROUP_NAMES, Role, User
    from standards.models import Edition, Level, Origin, Plan, Standard, StandardStatus, SystemNode

    leaves = list(SystemNode.objects.exclude(parent=None).order_by("order"))
    kinds = [("GB/T {n}-2016", Level.NATIONAL, Origin.ADOPTED), ("DB41/T {n}-2019", Level.LOCAL, Origin.ADOPTED),
             ("MZ/T {n}-2013", Level.SECTOR, Origin.ADOPTED), ("Q/XZFW {c}-2024", Level.ENTERPRISE, Origin.IN_HOUSE)]
    standards, numbers = [], {}
    for i in range(STANDARDS):
        node = leaves[i % len(leaves)]
        code = f"{node.code}-{i // len(leaves) + 1:02d}"
        pattern, level, origin = kinds[i % len(kinds)]
        planned = i % 7 == 0
        standards.append(Standard(
            code=code, name=f"政务服务窗口第{i + 1}项工作规范（试行）", level=level, origin=origin, node=node,
            status=StandardStatus.PLANNED if planned else StandardStatus.IN_FORCE,
            plan=Plan.TO_DRAFT if planned else Plan.NONE, number="" if planned else pattern.format(
                n=10000 + i, c=code.replace("-", ".")),
            notes="每三年复审" if i % 5 == 0 else ""))
        numbers[code] = standards[-1].number
    standards = bulk_create_with_history(standards, Standard, batch_size=500)
    editions = [Edition(standard=s, seq=1, number=s.number, title=s.name, status="in_force",
                        effective_on=dt.date(2019, 1, 1) + dt.timedelta(days=s.pk % 1500),
                        replaces="GB/T 100-2009" if s.pk % 9 == 0 else "")
                for s in Standard.objects.filter(status=StandardStatus.IN_FORCE)]
    bulk_create_with_history(editions, Edition, batch_size=500)
    user = User.objects.create(username="bench-office", last_name="基准")
    from django.contrib.auth.models import Group

    user.groups.add(Group.objects.get(name=ROLE_GROUP_NAMES[Role.OFFICE]))
    return user


def timed(fn) -> tuple[float, object]:
    runs, result = [], None
    for _ in range(REPEAT):
        start = time.perf_counter()
        result = fn()
        runs.append(time.perf_counter() - start)
    return min(runs), result  # the least disturbed run: the machine is shared


def xlsx_floor(context) -> bytes:
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    ws = workbook.create_sheet("标准明细表")
    ws.append([c.label for c in context.columns])
    for group in context.groups:
        ws.append([group.heading])
        for row in group.rows:
            ws.append([row.values[c.key] for c in context.columns])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def docx_floor(context) -> bytes:
    from docx import Document

    document = Document()
    table = document.add_table(rows=1, cols=len(context.columns))
    for cell, column in zip(table.rows[0].cells, context.columns, strict=True):
        cell.text = column.label
    for group in context.groups:
        table.add_row().cells[0].text = group.heading
        for row in group.rows:
            for cell, column in zip(table.add_row().cells, context.columns, strict=True):
                value = row.values[column.key]
                cell.text = value.isoformat() if isinstance(value, dt.date) else str(value or "")
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def office_workbook(context) -> bytes:
    """The same rows as an office keeps them: title rows, section rows, full-width digits in some
    codes, dates typed as text in several forms."""
    from openpyxl import Workbook

    workbook = Workbook()
    ws = workbook.active
    ws.append(["示例县政务服务中心标准明细表"])
    ws.append(["编制：标准化办公室"])
    ws.append(["序号", "体系编号", "标准号", "名称", "宜定级别", "实施时间", "被代替标准号或作废", "备注"])
    forms = ["{d:%Y-%m-%d}", "{d:%Y.%m.%d}", "{d.year}/{d.month}/{d.day}", "{d.year}年{d.month}月{d.day}日"]
    seq = 0
    for group in context.groups:
        ws.append([group.heading])
        for row in group.rows:
            seq += 1
            v = row.values
            date = v["effective_on"]
            code = v["code"].translate(str.maketrans("0123456789-", "０１２３４５６７８９－")) if seq % 4 == 0 else v["code"]
            ws.append([seq, code, v["number"], v["name"], v["level"],
                       forms[seq % 4].format(d=date) if date else "", v["replaces"], v["notes"]])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def run() -> list[tuple[str, str]]:
    setup_django()
    actor = make_data()
    from django.core.files.uploadedfile import SimpleUploadedFile

    from standards.documents.system_table_docx import build_system_table_docx
    from standards.documents.system_table_xlsx import build_system_table_xlsx
    from standards.imports import standard_import
    from standards.system_table import system_table_context

    gather, context = timed(lambda: system_table_context(organisation="示例县政务服务中心"))
    rows = context.row_count
    xlsx_render, xlsx = timed(lambda: build_system_table_xlsx(context))
    docx_render, docx = timed(lambda: build_system_table_docx(context))
    xlsx_base, _ = timed(lambda: xlsx_floor(context))
    docx_base, _ = timed(lambda: docx_floor(context))
    workbook = office_workbook(context)
    as_of, _ = timed(lambda: system_table_context(organisation="中心", as_of=dt.date.today()))

    def dry_run():
        return standard_import(actor=actor, upload=SimpleUploadedFile("明细表.xlsx", workbook),
                               filename="明细表.xlsx", dry_run=True)

    import_time, plan = timed(dry_run)
    assert not plan.errors, plan.errors[:3]
    ms = lambda seconds: f"{seconds * 1000:.0f} ms"  # noqa: E731
    return [
        ("standards (detail rows)", str(rows)),
        ("context gathered from the database (now)", ms(gather)),
        ("context gathered from the history (--as-of)", ms(as_of)),
        ("xlsx export: render", f"{ms(xlsx_render)} ({len(xlsx) // 1024} KB, 4 sheets)"),
        ("xlsx floor: bare openpyxl write-only, same detail rows", ms(xlsx_base)),
        ("xlsx export / floor (render only)", f"{xlsx_render / xlsx_base:.2f}x"),
        ("xlsx export / floor (context + render)", f"{(gather + xlsx_render) / xlsx_base:.2f}x"),
        ("docx export: render", f"{ms(docx_render)} ({len(docx) // 1024} KB)"),
        ("docx floor: bare python-docx table, same detail rows", ms(docx_base)),
        ("docx export / floor (render only)", f"{docx_render / docx_base:.2f}x"),
        ("docx export / floor (context + render)", f"{(gather + docx_render) / docx_base:.2f}x"),
        (f"import dry run of a {rows}-row office workbook", ms(import_time)),
        ("import dry run plan", f"create {plan.count('create')}, update {plan.count('update')}, "
                                f"unchanged {plan.count('unchanged')}"),
    ]


if __name__ == "__main__":
    for figure, value in run():
        print(f"{figure:58s} {value}")
