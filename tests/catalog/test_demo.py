from io import StringIO

import pytest

from qms.demo import catalog
from qms.org.models import Department
from standards.catalog import selectors
from standards.catalog.models import Facility, Post, ServiceItem
from standards.models import Edition
from tests.factories import DepartmentFactory

pytestmark = pytest.mark.django_db

NAMES = ["市场监督管理局", "税务局", "人力资源和社会保障局", "医疗保障局", "住房公积金管理中心", "住房和城乡建设局",
         "民政局", "公安局", "不动产登记中心", "交通运输局", "卫生健康委员会", "教育局", "农业农村局", "水利局",
         "生态环境分局", "文化广电和旅游局", "退役军人事务局", "残疾人联合会", "司法局", "发展和改革委员会",
         "应急管理局", "林业局", "供电公司"]


def test_demo_catalogue_is_realistic_partly_uncovered_and_idempotent(office_user, departments):
    for index, name in enumerate(NAMES):
        if Department.objects.filter(name=f"{name}窗口").exists():
            continue
        DepartmentFactory(code=f"DEMO{index:02d}", name=f"{name}窗口", window=f"{index + 1}号窗口")
    catalog.load(StringIO())
    items = ServiceItem.objects.count()
    assert items >= 150
    assert ServiceItem.objects.filter(department__name="市场监督管理局窗口", name="有限责任公司设立登记").exists()
    coverage = selectors.standard_coverage().overall
    assert 0.8 * items <= coverage.items.covered < items
    assert all(Post.objects.filter(department=d).exists() for d in Department.objects.all())
    assert 0.8 * coverage.posts.total <= coverage.posts.covered < coverage.posts.total
    assert 0 < coverage.facilities.covered < Facility.objects.count()
    editions = Edition.objects.count()
    catalog.load(StringIO())
    assert (ServiceItem.objects.count(), Edition.objects.count()) == (items, editions)


def test_demo_catalogue_does_nothing_harmful_without_departments_or_office(db):
    out = StringIO()
    catalog.load(out)
    assert "skipped" in out.getvalue() and not ServiceItem.objects.exists()
