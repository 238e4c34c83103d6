"""Audits bench: checklist generation and per-item saves, raising nonconformities, the figures,
and the three documents, on a throw-away SQLite database with its own data.

Run: python bench/bench_audits.py  (or import and call run() -> [(figure, value), ...])."""

import io
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DB = Path("/tmp/bench_audits.sqlite3")


def _setup():
    sys.path.insert(0, str(ROOT))
    os.environ["DATABASE_URL"] = f"sqlite:///{DB}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "qms.settings")
    os.environ.setdefault("AXES_ENABLED", "0")
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command

    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    for suffix in ("", "-wal", "-shm"):
        Path(f"{DB}{suffix}").unlink(missing_ok=True)
    call_command("migrate", verbosity=0)


def _data(departments=30, standards=280):
    from django.contrib.auth.models import Group

    from qms.org.models import ROLE_GROUP_NAMES, Department, Role, User
    from standards.models import Standard, SystemNode

    office = Department.objects.create(code="ZX-DCK", name="督查科", kind="office")
    windows = Department.objects.bulk_create(
        [Department(code=f"W{i:02d}", name=f"进驻部门{i:02d}窗口", order=i) for i in range(departments)])

    def user(name, role, dept):
        u = User.objects.create(username=name, department=dept, last_name="测", first_name=name)
        u.groups.add(Group.objects.get(name=ROLE_GROUP_NAMES[role]))
        return u

    auditor = user("auditor", Role.AUDITOR, office)
    heads = [user(f"head{i}", Role.DEPARTMENT_HEAD, w) for i, w in enumerate(windows)]
    nodes = list(SystemNode.objects.filter(parent__isnull=False))
    rows = Standard.objects.bulk_create([
        Standard(code=f"{nodes[i % len(nodes)].code}-{i:03d}", number=f"Q/XZFW {i:03d}-2024", name=f"服务标准{i}",
                 level="enterprise", origin="in_house", node=nodes[i % len(nodes)], status="in_force",
                 responsible_department=windows[i % departments]) for i in range(standards)])
    through = Standard.applicable_departments.through
    through.objects.bulk_create([through(standard_id=s.pk, department_id=windows[(k + j) % departments].pk)
                                 for k, s in enumerate(rows) for j in range(3)])
    return auditor, windows, heads, rows


def _timed(fn):
    start = time.perf_counter()
    result = fn()
    return result, time.perf_counter() - start


def run() -> list[tuple[str, str]]:
    _setup()
    from audits import services
    from audits.documents import build_audit_report_docx, build_nonconformity_report_docx, build_register_xlsx
    from audits.models import Grade, Nonconformity, Result, Source
    from audits.selectors.figures import audit_figures
    from audits.selectors.nonconformities import current_action_prefetch
    from audits.selectors.reports import audit_report_context, nonconformity_report_context, register_context

    auditor, windows, heads, standards = _data()
    lines = [("data", f"{len(windows)} departments, {len(standards)} standards in force")]
    audit = services.audit_create(actor=auditor, title="全面内审", lead_auditor=auditor, departments=windows[:10])
    count, took = _timed(lambda: services.checklist_generate(actor=auditor, audit=audit))
    lines.append(("checklist generation (10 departments)", f"{count} items in {took:.2f} s"))
    services.audit_start(actor=auditor, audit=audit)
    items = list(audit.items.select_related("department")[:100])
    _none, took = _timed(lambda: [services.checklist_item_record(
        actor=auditor, item=item, result=Result.NONCONFORM if i % 10 == 0 else Result.CONFORM, grade=Grade.MINOR,
        evidence="现场查看记录", clause="5.1") for i, item in enumerate(items)])
    lines.append(("checklist item save (one htmx request's service call)", f"{1000 * took / len(items):.1f} ms mean"))
    _none, took = _timed(lambda: [services.nonconformity_raise(
        actor=auditor, department=windows[i % len(windows)], standard=standards[i % 30],
        clause=f"{i % 9}.1", description="实施检查发现问题", grade=list(Grade)[i % 3], source=Source.IMPLEMENTATION_CHECK)
        for i in range(500)])
    lines.append(("nonconformity_raise (with first round and notification)", f"{1000 * took / 500:.1f} ms mean"))
    total = Nonconformity.objects.count()
    figures, took = _timed(lambda: audit_figures())
    lines.append((f"audit_figures over {total} nonconformities", f"{1000 * took:.0f} ms, {len(figures['repeats'])} repeats"))
    data, took = _timed(lambda: build_register_xlsx(register_context(
        Nonconformity.objects.select_related("department", "standard").prefetch_related(current_action_prefetch()))))
    lines.append((f"register .xlsx ({total} rows)", f"{took:.2f} s, {len(data) // 1024} KB"))
    data, took = _timed(lambda: build_audit_report_docx(audit_report_context(audit)))
    lines.append((f"audit report .docx ({audit.items.count()} items)", f"{1000 * took:.0f} ms, {len(data) // 1024} KB"))
    nc = Nonconformity.objects.first()
    _data_nc, took = _timed(lambda: build_nonconformity_report_docx(nonconformity_report_context(nc)))
    lines.append(("nonconformity report .docx", f"{1000 * took:.0f} ms"))
    return lines


if __name__ == "__main__":
    out = io.StringIO()
    for figure, value in run():
        print(f"{figure}: {value}", file=out)
    print(out.getvalue(), end="")
