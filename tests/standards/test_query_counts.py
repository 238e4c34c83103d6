"""The list, tree and detail pages run a fixed number of queries, whatever the data size."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from standards import services
from standards.models import SystemNode

from .helpers import make_in_force, make_standard

pytestmark = pytest.mark.django_db


def _add_standards(actor, n, offset=0):
    nodes = list(SystemNode.objects.filter(parent__isnull=False))
    for i in range(n):
        standard = make_standard(actor, name=f"批量标准{offset + i}", node=nodes[i % len(nodes)].code)
        if i % 2:
            edition = services.edition_create(actor=actor, standard=standard, number=f"Q/XZFW {offset + i}-2024")
            services.edition_publish(actor=actor, edition=edition, exempt_reason="测试数据")


def _count(client, url):
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


BOUNDS = {"/dashboard/": 40, "/": 35}  # the dashboard: one query or two per figure; home: to-dos and figures


@pytest.mark.parametrize("url", ["/standards/", "/standards/tree/", "/standards/?q=批量", "/standards/?node=300",
                                 "/dashboard/", "/"])
def test_page_query_count_does_not_grow_with_standards(client, office_user, url):
    client.force_login(office_user)
    _add_standards(office_user, 25)  # every sub-system holds some
    _count(client, url)  # the first visit of the day fills the working-day calendar
    small = _count(client, url)
    _add_standards(office_user, 30, offset=100)
    large = _count(client, url)
    assert large == small
    assert small <= BOUNDS.get(url, 14)


def test_detail_query_count_does_not_grow_with_editions(client, office_user):
    client.force_login(office_user)
    standard, _ = make_in_force(office_user)
    url = f"/standards/{standard.pk}/"
    few = _count(client, url)
    for year in range(2025, 2030):
        edition = services.edition_create(actor=office_user, standard=standard, number=f"Q/XZFW 301.01-{year}")
        services.edition_publish(actor=office_user, edition=edition, exempt_reason="测试数据")
    assert _count(client, url) == few
    assert few <= 14
