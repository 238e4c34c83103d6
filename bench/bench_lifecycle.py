"""The standards' life at the scale of a large centre: publication to 600 staff, the three
figures (实施率, 参训率, acknowledgement rate) over 300 standards, the periodic-review list,
and the 意见汇总处理表 with 500 comments. Runs in a throw-away SQLite database.

    python bench/bench_lifecycle.py
"""

import datetime as dt
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
N_STANDARDS, N_STAFF, N_DEPARTMENTS, N_COMMENTS, N_SESSIONS = 300, 600, 30, 500, 40


def _setup() -> None:
    sys.path.insert(0, str(ROOT))
    path = Path(tempfile.gettempdir()) / "bench_lifecycle.sqlite3"
    path.unlink(missing_ok=True)
    os.environ["DATABASE_URL"] = f"sqlite:///{path}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "qms.settings")
    os.environ["MEDIA_ROOT"] = tempfile.mkdtemp(prefix="bench_lifecycle_media_")
    os.environ["AXES_ENABLED"] = "0"
    os.environ["EMAIL_BACKEND"] = "django.core.mail.backends.locmem.EmailBackend"
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def _timed(fn):
    start = time.perf_counter()
    result = fn()
    return result, (time.perf_counter() - start) * 1000


def _median_ms(fn, runs=5):
    times = sorted(_timed(fn)[1] for _ in range(runs))
    return times[len(times) // 2]


def _queries(fn) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as ctx:
        fn()
    return len(ctx.captured_queries)


def _people():
    from qms.org.models import Department, Role, User
    from qms.org.services import user_set_roles

    office = User.objects.create(username="bench-office")
    user_set_roles(user=office, roles=[Role.OFFICE])
    reviewer = User.objects.create(username="bench-reviewer")
    user_set_roles(user=reviewer, roles=[Role.OFFICE])
    manager = User.objects.create(username="bench-manager")
    user_set_roles(user=manager, roles=[Role.MANAGER])
    departments = [Department.objects.create(code=f"B{i:02d}", name=f"基准部门{i}") for i in range(N_DEPARTMENTS)]
    User.objects.bulk_create([User(username=f"staff{i}", department=departments[i % N_DEPARTMENTS])
                              for i in range(N_STAFF)])
    return office, reviewer, manager, departments


def _standards(office, departments):
    from standards import services
    from standards.models import Level, Origin, SystemNode

    nodes = list(SystemNode.objects.filter(parent__isnull=False))
    standards = []
    for i in range(N_STANDARDS):
        standard = services.standard_create(actor=office, name=f"基准标准{i}", level=Level.GROUP,
                                            origin=Origin.ADOPTED, node=nodes[i % len(nodes)])
        edition = services.edition_create(actor=office, standard=standard, number=f"T/BENCH {i}-2023",
                                          text="正文")
        services.edition_publish(actor=office, edition=edition, effective_on=dt.date(2023, 1 + i % 12, 1))
        standards.append(standard)
    return standards


def run() -> list[tuple[str, str]]:
    _setup()
    from django.utils import timezone

    from standards import selectors, services
    from standards.documents import build_comment_summary_docx, build_comment_summary_xlsx
    from standards.models import Edition

    rows = []
    office, reviewer, manager, departments = _people()
    standards, ms = _timed(lambda: _standards(office, departments))
    rows.append((f"register {N_STANDARDS} adopted standards (create + publish)", f"{ms / N_STANDARDS:.1f} ms each"))

    target = standards[0]
    target.applicable_departments.set(departments)
    revision = services.edition_revision_start(actor=office, standard=target, reason="基准")
    services.edition_submit(actor=office, edition=revision)
    services.edition_review_sign(actor=reviewer, edition=revision, approve=True)
    _, ms = _timed(lambda: services.edition_approve(actor=manager, edition=revision, approve=True,
                                                    effective_on=timezone.localdate()))
    acks = revision.acknowledgements.count()
    rows.append((f"approve + publish to {acks} staff (acknowledgements, notifications)", f"{ms:.0f} ms"))

    auditor_checks = [(s, departments[i % N_DEPARTMENTS], "conforming" if i % 20 else "nonconforming")
                      for i, s in enumerate(standards) if i % 25]
    today = timezone.localdate()
    _, ms = _timed(lambda: [services.implementation_check_record(
        actor=office, standard=s, department=d, checked_on=today - dt.timedelta(days=i % 300), result=r,
        notes="" if r == "conforming" else "抽查发现问题") for i, (s, d, r) in enumerate(auditor_checks)])
    rows.append((f"record {len(auditor_checks)} implementation checks", f"{ms / len(auditor_checks):.1f} ms each"))

    editions = list(Edition.objects.filter(status="in_force")[:N_SESSIONS])
    for i in range(N_SESSIONS):
        session = services.training_session_create(actor=office, title=f"宣贯{i}", held_on=today, trainer="讲师",
                                                   editions=[editions[i]], departments=departments[i % 30:i % 30 + 2])
        services.training_attendance_record(actor=office, session=session, attendees=list(session.expected.all())[1:])

    for label, fn in (("实施率 (implementation_rate)", selectors.implementation_rate),
                      ("参训率 (participation_rate, year)", selectors.participation_rate),
                      ("acknowledgement_rate", selectors.acknowledgement_rate),
                      ("reviews_due (90 days)", selectors.reviews_due)):
        value = fn()
        shown = f"{value}" if not isinstance(value, list) else f"{len(value)} rows"
        rows.append((f"{label} = {shown}", f"{_median_ms(fn):.1f} ms, {_queries(fn)} queries"))

    context = {"organisation": "基准中心", "title": "基准标准", "number": "Q/B 1-2026", "opened": "2026-01-01",
               "deadline": "2026-01-15", "asked": "全部门", "total": N_COMMENTS, "pending": 0,
               "counts": {"采纳": N_COMMENTS, "部分采纳": 0, "不采纳": 0},
               "rows": [{"seq": i + 1, "clause": f"{i % 9}.{i % 5}", "quote": "原文" * 10, "text": "意见" * 30,
                         "author": "某人", "department": "某部门", "disposition": "采纳", "reason": ""}
                        for i in range(N_COMMENTS)]}
    data, ms = _timed(lambda: build_comment_summary_docx(context))
    rows.append((f"意见汇总处理表 .docx, {N_COMMENTS} comments", f"{ms:.0f} ms, {len(data) // 1024} KiB"))
    data, ms = _timed(lambda: build_comment_summary_xlsx(context))
    rows.append((f"意见汇总处理表 .xlsx, {N_COMMENTS} comments", f"{ms:.0f} ms, {len(data) // 1024} KiB"))
    return rows


if __name__ == "__main__":
    results = run()
    width = max(len(label) for label, _ in results)
    print("\n== standards lifecycle")
    for label, value in results:
        print(f"  {label.ljust(width)}  {value}")
