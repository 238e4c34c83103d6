"""1,000 standards: SQL queries and median server time of the list and tree pages.

The query counts must not grow with the number of standards (measured at 100 and at 1,000)."""

import os
import sys

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from bench.common import median_ms, print_rows, setup_django  # noqa: E402


def build(n: int, start: int = 0):
    from qms.org.models import Role, User
    from qms.org.services import user_set_roles
    from standards import services
    from standards.models import Level, Origin, SystemNode

    actor, created = User.objects.get_or_create(username="bench-office")
    if created:
        user_set_roles(user=actor, roles=[Role.OFFICE])
    nodes = list(SystemNode.objects.filter(parent__isnull=False))
    for i in range(start, start + n):
        node = nodes[i % len(nodes)]
        standard = services.standard_create(actor=actor, name=f"基准测试标准{i}", level=Level.ENTERPRISE,
                                            origin=Origin.ADOPTED, node=node)
        if i % 5:
            edition = services.edition_create(actor=actor, standard=standard, number=f"Q/XZFW {node.code}.{i}-2024",
                                              text=f"第{i}号标准的正文，规定窗口服务的要求。")
            services.edition_publish(actor=actor, edition=edition, exempt_reason="基准测试")
    return actor


def measure(client, url):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, response.status_code
    return len(ctx.captured_queries), median_ms(lambda: client.get(url))


def run():
    setup_django("standards")
    from django.test import Client

    rows = []
    actor = build(100)
    client = Client()
    client.force_login(actor)
    urls = {"list /standards/": "/standards/", "list ?page=2": "/standards/?page=2",
            "search ?q=窗口": "/standards/?q=窗口", "tree /standards/tree/": "/standards/tree/"}
    small = {label: measure(client, url)[0] for label, url in urls.items()}
    build(900, start=100)
    for label, url in urls.items():
        queries, ms = measure(client, url)
        rows.append((f"{label}: queries at 100 / 1,000 standards", f"{small[label]} / {queries}"))
        rows.append((f"{label}: median server time (1,000)", f"{ms:.1f} ms"))
    return rows


if __name__ == "__main__":
    print_rows("standards (1,000)", run())
