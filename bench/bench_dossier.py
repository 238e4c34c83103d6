"""The dossier's build time and peak memory, for the demo centre (`load_demo`: every app's demo
data, with the demo self-assessment) and for a centre with 1,000 standards (600 in-house
standards in force with full texts). Each centre is built in its own process and throw-away
SQLite database, so the memory figures are that build's alone.

The demo centre's dossier is the final one with the bound PDF (汇编成册: every file converted by
LibreOffice headless, the 目录 with page numbers); the other centre's is a draft, also bound.
Memory is the build process's peak RSS and, separately, the largest child (LibreOffice).

Run: python bench/bench_dossier.py   (aim for the demo centre: the bound PDF within 120 s and
1 GB peak memory in the worker). `load_demo` takes minutes: with BENCH_DEMO_DB set to a SQLite
database `load_demo` filled (and BENCH_DEMO_MEDIA to its media folder), a copy of it is used
instead, so builds can be measured again and again."""

import json
import os
import resource
import subprocess
import sys
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from bench.common import print_rows, setup_django  # noqa: E402

SIZES = {"demo": 280, "1000": 1000}
CLAUSES = ["范围", "规范性引用文件", "术语和定义", "基本要求", "服务要求", "服务流程", "监督与评价"]


def _rss_mb() -> float:
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return 0.0


def standard_text(i: int, name: str) -> str:
    lines = []
    for n, clause in enumerate(CLAUSES, start=1):
        lines.append(f"{n} {clause}")
        for k in range(1, 6):
            lines.append(f"{n}.{k} 窗口工作人员办理{name}相关事项时，应按本条第 {k} 款执行，"
                         f"做到一次性告知、限时办结，并如实记录办理过程（第 {i} 号标准）。")
    return "\n".join(lines)


def build_centre(total: int):
    """`total` standards spread over the tree: 60 % in-house in force with texts, 25 % adopted
    in force, the rest planned; plus the example template and a fully scored assessment."""
    from qms.assessment import services as assessment_services
    from qms.org.models import Role, User
    from qms.org.services import user_set_roles
    from standards import services
    from standards.models import Level, Origin, SystemNode

    actor, _created = User.objects.get_or_create(username="bench-office")
    user_set_roles(user=actor, roles=[Role.OFFICE, Role.MANAGER])
    nodes = list(SystemNode.objects.filter(parent__isnull=False))
    for i in range(total):
        node = nodes[i % len(nodes)]
        kind = i % 20
        origin = Origin.IN_HOUSE if kind < 12 or kind >= 17 else Origin.ADOPTED
        name = f"{node.name}第{i}项规范"
        standard = services.standard_create(actor=actor, name=name, origin=origin, node=node,
                                            level=Level.ENTERPRISE if origin == Origin.IN_HOUSE else Level.NATIONAL)
        if kind >= 17:
            continue  # planned
        number = f"Q/XZFW {node.code}.{i:03d}-2024" if origin == Origin.IN_HOUSE else f"GB/T {30000 + i}-2020"
        edition = services.edition_create(actor=actor, standard=standard, number=number,
                                          text=standard_text(i, name) if origin == Origin.IN_HOUSE else "")
        services.edition_publish(actor=actor, edition=edition, exempt_reason="基准测试")
    template = assessment_services.template_load_example(actor=actor)
    assessment = assessment_services.assessment_create(actor=actor, template=template, year=2026)
    for score in assessment.scores.select_related("item"):
        if score.item.max_points:
            assessment_services.score_set(actor=actor, assessment=assessment, item_id=score.item_id,
                                          points=score.item.max_points)
    return actor, assessment


def demo_centre(loaded: bool = False):
    """The demo centre as `make run` loads it; the dossier is asked for by the demo manager, for
    the self-assessment the demo's own dossier was built from."""
    from django.core.management import call_command

    from qms.assessment.models import Assessment
    from qms.dossier.models import Dossier
    from qms.org.models import User

    if not loaded:
        call_command("load_demo", verbosity=0)
    built = Dossier.objects.filter(kind=Dossier.Kind.FINAL).order_by("pk").first()
    assessment = built.assessment if built else Assessment.objects.order_by("-created_at").first()
    return User.objects.get(username="manager"), assessment


def _reuse_demo() -> bool:
    """A copy of the loaded demo database (BENCH_DEMO_DB), migrated: no `load_demo` run."""
    import shutil
    import tempfile

    if not os.environ.get("BENCH_DEMO_DB"):
        return False
    copy = os.path.join(tempfile.mkdtemp(prefix="bench_dossier_demo_"), "demo.sqlite3")
    shutil.copy(os.environ["BENCH_DEMO_DB"], copy)
    os.environ["BENCH_DATABASE_URL"] = f"sqlite:///{copy}"
    if os.environ.get("BENCH_DEMO_MEDIA"):
        os.environ["MEDIA_ROOT"] = os.environ["BENCH_DEMO_MEDIA"]
    return True


def measure(size: str) -> dict:
    """One centre, in this process: set up, then build the dossier once while sampling RSS."""
    reuse = size == "demo" and _reuse_demo()
    setup_django(f"dossier_{size}")
    from standards.models import Origin, Standard, StandardStatus

    started = time.perf_counter()
    actor, assessment = demo_centre(reuse) if size == "demo" else build_centre(SIZES[size])
    setup_s = time.perf_counter() - started
    from qms.dossier import services

    peak = [_rss_mb()]
    before = peak[0]
    done = threading.Event()

    def sample():
        while not done.wait(0.05):
            peak[0] = max(peak[0], _rss_mb())

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    started = time.perf_counter()
    from qms.dossier.models import Dossier

    kind = Dossier.Kind.FINAL if size == "demo" else Dossier.Kind.DRAFT
    dossier = services.dossier_request(actor=actor, assessment=assessment, kind=kind, queue=False)
    job = services.dossier_build(dossier_id=dossier.pk)
    build_s = time.perf_counter() - started
    done.set()
    sampler.join()
    assert job.status == "done", job.error
    in_house = Standard.objects.filter(status=StandardStatus.IN_FORCE, origin=Origin.IN_HOUSE).count()
    return {"standards": Standard.objects.count(), "in_house": in_house, "setup_s": setup_s, "build_s": build_s,
            "rss_before_mb": before, "rss_peak_mb": max(peak[0], _rss_mb()),
            "maxrss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, "zip_kb": job.file.size / 1024,
            "libreoffice_peak_mb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024,
            "bound_pages": _bound_pages(job), "kind": kind}


def _bound_pages(job) -> int:
    import io
    import zipfile

    from pypdf import PdfReader

    with job.file.open("rb") as handle:
        archive = zipfile.ZipFile(io.BytesIO(handle.read()))
    pdfs = [name for name in archive.namelist() if name.endswith(".pdf")]
    return len(PdfReader(io.BytesIO(archive.read(pdfs[0]))).pages) if pdfs else 0


def run():
    rows = []
    for size in os.environ.get("BENCH_DOSSIER_SIZES", ",".join(SIZES)).split(","):
        result = subprocess.run([sys.executable, os.path.abspath(__file__), "--one", size], check=True,
                                capture_output=True, text=True)
        figures = json.loads(result.stdout.strip().splitlines()[-1])
        label = f"{figures['standards']} standards ({figures['in_house']} in-house in force)"
        rows.append((f"{label}: {figures['kind']} dossier build time, bound PDF of {figures['bound_pages']} pages",
                     f"{figures['build_s']:.1f} s"))
        rows.append((f"{label}: LibreOffice peak RSS", f"{figures['libreoffice_peak_mb']:.0f} MB"))
        rows.append((f"{label}: peak RSS during build", f"{figures['rss_peak_mb']:.0f} MB "
                     f"(before build {figures['rss_before_mb']:.0f} MB)"))
        rows.append((f"{label}: zip size", f"{figures['zip_kb']:.0f} KB"))
    return rows


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "--one":
        print(json.dumps(measure(sys.argv[2])))
    else:
        print_rows("dossier (申请材料汇编)", run())
