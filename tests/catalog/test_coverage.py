import pytest

from standards.catalog import selectors, services
from standards.catalog.models import Facility, ItemType
from standards.models import Level, Origin, StandardStatus
from standards.services import standard_create
from tests.factories import node

from ..standards.helpers import make_in_force
from .helpers import make_item

pytestmark = pytest.mark.django_db


@pytest.fixture
def centre(office_user, departments):
    market, tax = departments["market"], departments["tax"]
    covered = make_item(office_user, market, name="食品经营许可")
    services.procedure_standard_generate(actor=office_user, item=covered)
    covered.refresh_from_db()
    services.procedure_standard_publish(actor=office_user, item=covered)
    draft_only = make_item(office_user, market, name="药品零售许可")
    services.procedure_standard_generate(actor=office_user, item=draft_only)
    make_item(office_user, market, name="食品经营许可（变更）", parent=covered)
    retired = make_item(office_user, market, name="旧事项")
    services.item_update(actor=office_user, item=retired, expected_version=retired.version, is_active=False)
    uncovered = make_item(office_user, tax, name="发票领用", item_type=ItemType.PUBLIC_SERVICE, bases=[])
    work, _edition = make_in_force(office_user, name="窗口受理岗工作标准", node="208",
                                   number="Q/XZFW 208.01-2024")
    planned = standard_create(actor=office_user, name="审核岗工作标准", level=Level.ENTERPRISE,
                              origin=Origin.IN_HOUSE, node=node("208"))
    services.post_create(actor=office_user, department=market, name="综合受理岗", work_standards=[work])
    services.post_create(actor=office_user, department=market, name="审核岗", work_standards=[planned])
    services.post_create(actor=office_user, department=tax, name="办税服务岗")
    hall, _e = make_in_force(office_user, name="叫号系统管理规范", node="207", number="Q/XZFW 207.01-2024")
    services.facility_create(actor=office_user, name="排队叫号系统", management_standard=hall)
    services.facility_create(actor=office_user, name="自助服务终端", department=market)
    return {"draft_only": draft_only, "uncovered": uncovered}


def rates(row):
    return tuple((r.covered, r.total) for r in (row.items, row.posts, row.facilities, row.combined))


def test_coverage_figures_per_department_and_overall(centre, departments):
    coverage = selectors.standard_coverage()
    by_dept = {row.department.code if row.department else None: row for row in coverage.rows}
    assert rates(by_dept["SCJG"]) == ((2, 3), (1, 2), (0, 1), (3, 6))
    assert by_dept["SCJG"].combined.rate == 50.0
    assert rates(by_dept["SW"]) == ((0, 1), (0, 1), (0, 0), (0, 2))
    assert by_dept["ZX-BGS"].combined.rate is None  # nothing to count is not 100 %
    assert rates(by_dept[None]) == ((0, 0), (0, 0), (1, 1), (1, 1))
    overall = coverage.overall
    assert rates(overall) == ((2, 4), (1, 3), (1, 2), (4, 9))
    assert (overall.items.rate, overall.posts.rate, overall.combined.rate) == (50.0, 33.3, 44.4)


def test_registered_coverage_figure_is_the_overall_combined_rate(centre):
    from qms.core.figures import figure_get, figure_value

    value = figure_value("coverage")
    assert (value.numerator, value.denominator, value.value) == (4, 9, 44.4)
    assert "事项 2/4" in value.detail and figure_get("coverage").target == 90.0


def test_coverage_of_one_department(centre, departments):
    coverage = selectors.standard_coverage(department=departments["tax"])
    assert [row.department.code for row in coverage.rows] == ["SW"]
    assert rates(coverage.overall) == ((0, 1), (0, 1), (0, 0), (0, 2))


def test_blind_spots_list_everything_uncovered(centre):
    spots = selectors.standard_blind_spots()
    assert {i.name for i in spots.items} == {"药品零售许可", "发票领用"}
    assert {p.name for p in spots.posts} == {"审核岗", "办税服务岗"}
    assert [f.name for f in spots.facilities] == ["自助服务终端"]


def test_withdrawn_management_standard_uncovers_the_facility(centre, office_user):
    from standards.services import edition_withdraw

    standard = Facility.objects.get(name="排队叫号系统").management_standard
    edition_withdraw(actor=office_user, edition=standard.editions.get(), reason="设备更换")
    standard.refresh_from_db()
    assert standard.status == StandardStatus.WITHDRAWN
    assert selectors.standard_coverage().overall.facilities.covered == 0


def test_covering_a_blind_spot_from_its_page_raises_the_figure(client, centre, office_user):
    client.force_login(office_user)
    page = client.get("/catalog/coverage/").content.decode()
    assert 'data-covered="2" data-total="4"' in page and "44.4%" in page
    spots = client.get("/catalog/blind-spots/").content.decode()
    uncovered = centre["uncovered"]
    assert "发票领用" in spots and f"/catalog/items/{uncovered.pk}/procedure/generate/" in spots
    assert "/standards/new/?node=208&amp;name=%E5%AE%A1%E6%A0%B8%E5%B2%97%E5%B7%A5%E4%BD%9C%E6%A0%87%E5%87%86" in spots
    client.post(f"/catalog/items/{uncovered.pk}/procedure/generate/")
    client.post(f"/catalog/items/{uncovered.pk}/procedure/publish/")
    assert selectors.standard_coverage().overall.items.covered == 3
    assert "55.6%" in client.get("/catalog/coverage/").content.decode()


def test_coverage_pages_are_read_by_every_role(client, centre, role_users):
    for user in role_users.values():
        client.force_login(user)
        assert client.get("/catalog/coverage/").status_code == 200
        page = client.get("/catalog/blind-spots/").content.decode()
        assert ("spot-generate" in page) == (user.username == "office")
