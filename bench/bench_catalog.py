"""Benchmark: generating procedure standards (项目办理规程) and one-time notices (一次性告知单).

Builds its own throw-away SQLite database with the demo catalogue (items over 23 departments),
then measures, each with wall time and the process's peak resident memory so far:
- rendering every demo item's procedure standard and notice (pure renderers, no database);
- generating every demo item's procedure standard through the service (standard, edition, file,
  text extraction) and the idempotent re-run;
- creating items one at a time (item_create) and 1,000 at once (items_create);
- generating procedure standards one item at a time (procedure_standard_generate, the UI's path)
  and for 1,000 items at once (procedure_standards_generate, batched: what the demo and the
  "generate all" job use); and the coverage figure over all of them.
Run: python bench/bench_catalog.py"""

import os
import resource
import sys
import tempfile
import time
from io import StringIO
from pathlib import Path

DB = Path(os.environ.get("BENCH_CATALOG_DB", "/tmp/bench_catalog.sqlite3"))
PER_ITEM = 200  # items created and generated one at a time (the UI's path), for comparison
ROOT = Path(__file__).resolve().parent.parent
DEPARTMENTS = ["市场监督管理局", "税务局", "人力资源和社会保障局", "医疗保障局", "住房公积金管理中心", "住房和城乡建设局",
               "民政局", "公安局", "不动产登记中心", "交通运输局", "卫生健康委员会", "教育局", "农业农村局", "水利局",
               "生态环境分局", "文化广电和旅游局", "退役军人事务局", "残疾人联合会", "司法局", "发展和改革委员会",
               "应急管理局", "林业局", "供电公司"]


def _setup():
    os.environ["DATABASE_URL"] = f"sqlite:///{DB}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "qms.settings")
    os.environ["MEDIA_ROOT"] = tempfile.mkdtemp(prefix="bench-catalog-media-")
    sys.path.insert(0, str(ROOT))
    DB.unlink(missing_ok=True)
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def _rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _measure(fn):
    """Wall time, and the process's peak resident memory after the phase (tracemalloc is not used:
    it slows python-docx several times over and would distort the times)."""
    start, cpu = time.perf_counter(), time.process_time()
    result = fn()
    seconds = time.perf_counter() - start
    print(f"  ({seconds:.1f} s wall, {time.process_time() - cpu:.1f} s CPU)", file=sys.stderr, flush=True)
    return result, seconds, _rss_mb()


def _centre():
    from qms.org.models import Department, Role, User
    from qms.org.services import user_set_roles

    for index, name in enumerate(DEPARTMENTS):
        Department.objects.get_or_create(code=f"D{index:02d}", defaults={"name": f"{name}窗口",
                                                                         "window": f"{index + 1}号窗口"})
    office, _ = User.objects.get_or_create(username="office", defaults={"last_name": "标", "first_name": "办"})
    user_set_roles(user=office, roles=[Role.OFFICE])
    return office


def _render_all(items):
    from standards.catalog.documents.notice import render_notice
    from standards.catalog.documents.procedure import render_procedure_standard
    from standards.catalog.selectors import item_document_context

    contexts = [item_document_context(i, number="Q/XZFW 302.01-2026") for i in items]

    def render():
        return sum(len(render_procedure_standard(c)) + len(render_notice(c)) for c in contexts)

    return render


def _item_specs(count: int, tag: str) -> list[dict]:
    from qms.demo.catalog import THEMES, _item_kwargs
    from qms.org.models import Department

    departments = list(Department.objects.all())
    specs = [(t, s) for t in THEMES for s in t["items"]]
    made = []
    for n in range(count):
        theme, spec = specs[n % len(specs)]
        department = departments[n % len(departments)]
        kwargs = _item_kwargs(department, spec, theme)
        kwargs.update(name=f"{spec[0]}（{tag}{n:04d}）", department=department, code=f"{tag}-{n:04d}")
        made.append(kwargs)
    return made


def _thousand_items(actor, count=1000):
    from standards.catalog import services

    return [services.item_create(actor=actor, **kwargs) for kwargs in _item_specs(count, "BULK")]


def _thousand_items_batched(actor, count=1000):
    from standards.catalog import services

    return services.items_create(actor=actor, items=_item_specs(count, "BATCH"))


def run() -> list[tuple[str, str]]:
    _setup()
    from qms.demo import catalog
    from standards.catalog import selectors, services
    from standards.catalog.models import ServiceItem

    actor = _centre()
    catalog._load_items(actor, StringIO())
    demo = list(ServiceItem.objects.select_related("department", "parent").order_by("code"))
    lines = [("demo items (incl. sub-items)", str(len(demo)))]

    size, seconds, peak = _measure(_render_all(demo))
    lines.append(("render procedure standard + notice, demo items", f"{seconds:.1f} s, peak RSS {peak:.0f} MB, "
                                                                    f"{size / len(demo) / 1024:.0f} KB/item"))
    results, seconds, peak = _measure(lambda: services.procedure_standards_generate_all(actor=actor))
    lines.append(("generate procedure standards (service, DB, files), demo items",
                  f"{seconds:.1f} s, peak RSS {peak:.0f} MB ({sum(r.outcome == 'created' for r in results)} editions)"))
    results, seconds, _peak = _measure(lambda: services.procedure_standards_generate_all(actor=actor))
    lines.append(("re-run, data unchanged (idempotent)",
                  f"{seconds:.1f} s, {sum(r.outcome == 'unchanged' for r in results)} unchanged"))

    bulk, seconds, _peak = _measure(lambda: _thousand_items(actor, PER_ITEM))
    lines.append((f"create {PER_ITEM} items through item_create (one at a time)",
                  f"{seconds:.1f} s, {1000 * seconds / PER_ITEM:.0f} ms/item"))
    batch, seconds, _peak = _measure(lambda: _thousand_items_batched(actor))
    lines.append(("create 1,000 items through items_create (batched)",
                  f"{seconds:.1f} s, {1000 * seconds / len(batch):.1f} ms/item"))
    size, seconds, peak = _measure(_render_all(batch))
    lines.append(("render procedure standard + notice, 1,000 items", f"{seconds:.1f} s, peak RSS {peak:.0f} MB"))
    bulk_ids = {i.pk for i in bulk}

    def generate_one_by_one():
        return [services.procedure_standard_generate(actor=actor, item=i) for i in ServiceItem.objects.filter(
            pk__in=bulk_ids)]

    results, seconds, peak = _measure(generate_one_by_one)
    lines.append((f"generate procedure standards (per-item service), {PER_ITEM} items",
                  f"{seconds:.1f} s, peak RSS {peak:.0f} MB, {1000 * seconds / len(results):.0f} ms/item"))
    results, seconds, peak = _measure(lambda: services.procedure_standards_generate(actor=actor, items=batch))
    created = sum(r.outcome == "created" for r in results)
    lines.append(("generate procedure standards (batched service), 1,000 items",
                  f"{seconds:.1f} s, peak RSS {peak:.0f} MB, {1000 * seconds / len(results):.0f} ms/item "
                  f"({created} editions)"))
    coverage, seconds, _peak = _measure(selectors.standard_coverage)
    lines.append((f"coverage figure over {coverage.overall.items.total} items", f"{seconds * 1000:.0f} ms"))
    return lines


if __name__ == "__main__":
    for figure, value in run():
        print(f"{figure}: {value}", flush=True)
