import pytest

from standards.catalog import services
from standards.catalog.models import Facility, Material, Post, ServiceItem

from ..standards.helpers import make_in_force
from .helpers import make_item

pytestmark = pytest.mark.django_db


@pytest.fixture
def item(office_user, departments):
    return make_item(office_user, departments["market"])


def test_item_pages_render_with_flowchart(client, staff_user, item):
    client.force_login(staff_user)
    listing = client.get("/catalog/").content.decode()
    assert "有限责任公司设立登记" in listing and "未覆盖" in listing
    count = ServiceItem.objects.count()
    assert count and f'服务事项目录 <small class="text-muted">({count})</small>' in listing  # the heading counts the items
    page = client.get(f"/catalog/items/{item.pk}/").content.decode()
    assert "<svg" in page and "1. 受理" in page and "首席代表" in page
    assert "尚无办理规程" in page and "generate-procedure" not in page  # staff may not generate
    guide = client.get(f"/catalog/items/{item.pk}/guide/").content.decode()
    assert "办事指南" in guide and "住所使用证明" in guide and "<svg" in guide


def test_notice_download(client, staff_user, item):
    client.force_login(staff_user)
    response = client.get(f"/catalog/items/{item.pk}/notice/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert response.content[:2] == b"PK"


def test_office_adds_and_removes_a_material(client, office_user, item):
    client.force_login(office_user)
    response = client.post(f"/catalog/items/{item.pk}/materials/add/", {
        "name": "法定代表人身份证明", "form": "copy", "copies": 1, "source": "申请人自备", "required": "on"})
    assert response.status_code == 302
    material = item.materials.get(name="法定代表人身份证明")
    assert material.history.first().history_user == office_user
    client.post(f"/catalog/items/{item.pk}/materials/{material.pk}/delete/")
    assert not Material.objects.filter(pk=material.pk).exists()


def test_step_that_breaks_the_promise_is_refused_with_message(client, office_user, item):
    client.force_login(office_user)
    response = client.post(f"/catalog/items/{item.pk}/steps/add/", {"name": "公示", "time_limit": 5}, follow=True)
    assert "超过了承诺时限" in response.content.decode()
    assert item.steps.count() == 3


@pytest.mark.parametrize(("who", "status"), [("office", 302), ("head", 302), ("staff", 403), ("auditor", 403),
                                             ("manager", 403)])
def test_who_may_add_a_material(client, role_users, item, who, status):
    client.force_login(role_users[who])
    response = client.post(f"/catalog/items/{item.pk}/materials/add/", {
        "name": "补充材料", "form": "original", "copies": 1, "source": "申请人自备"})
    assert response.status_code == status
    assert item.materials.filter(name="补充材料").exists() == (status == 302)


def test_head_of_another_department_may_not_edit(client, office_user, head_user, departments):
    other = make_item(office_user, departments["tax"], name="发票领用")
    client.force_login(head_user)
    assert client.get(f"/catalog/items/{other.pk}/edit/").status_code == 403
    assert client.post(f"/catalog/items/{other.pk}/fees/add/", {"name": "x", "standard": "1元"}).status_code == 403


def test_item_form_shows_the_rule_on_its_field(client, office_user, departments):
    client.force_login(office_user)
    response = client.post("/catalog/items/new/", {
        "department": departments["market"].pk, "name": "个体工商户登记", "item_type": "public_service",
        "authorisation": "窗口受理", "case_kind": "promised", "statutory_limit": 5, "promised_limit": 9,
        "order": 0, "is_active": "on"})
    assert response.status_code == 200
    assert "不能超过法定时限" in str(response.context["form"].errors["promised_limit"])
    assert not ServiceItem.objects.exists()


def test_stale_item_form_is_refused(client, office_user, item):
    client.force_login(office_user)
    services.item_update(actor=office_user, item=item, expected_version=item.version, window="5号窗口")
    response = client.post(f"/catalog/items/{item.pk}/edit/", {
        "name": item.name, "item_type": item.item_type, "authorisation": "窗口受理", "case_kind": "promised",
        "statutory_limit": 15, "promised_limit": 3, "order": 0, "is_active": "on", "version": 1})
    assert "保存被拒绝" in response.content.decode()
    item.refresh_from_db()
    assert item.window == "5号窗口"


def test_item_generation_and_publication_from_its_page(client, office_user, item):
    client.force_login(office_user)
    client.post(f"/catalog/items/{item.pk}/procedure/generate/")
    item.refresh_from_db()
    page = client.get(f"/catalog/items/{item.pk}/").content.decode()
    assert "publish-procedure" in page and "最新版本与事项数据一致" in page
    client.post(f"/catalog/items/{item.pk}/procedure/publish/")
    item.procedure_standard.refresh_from_db()
    assert item.procedure_standard.status == "in_force"


def test_posts_with_work_standards(client, office_user, head_user, departments):
    standard, _edition = make_in_force(office_user, name="窗口受理岗工作标准", node="208", number="Q/XZFW 208.01-2024")
    client.force_login(head_user)
    response = client.post("/catalog/posts/new/", {"department": departments["market"].pk, "name": "综合受理岗",
                                                   "duties": "受理申请", "work_standards": [standard.pk], "order": 1})
    assert response.status_code == 302
    post = Post.objects.get()
    assert list(post.work_standards.all()) == [standard]
    listing = client.get("/catalog/posts/").content.decode()
    assert "窗口受理岗工作标准" in listing
    tax_post = services.post_create(actor=office_user, department=departments["tax"], name="办税岗")
    assert client.get(f"/catalog/posts/{tax_post.pk}/edit/").status_code == 403


def test_facilities_are_the_offices(client, office_user, head_user):
    client.force_login(head_user)
    assert client.get("/catalog/facilities/new/").status_code == 403
    client.force_login(office_user)
    response = client.post("/catalog/facilities/new/", {"name": "自助服务终端", "location": "一楼大厅",
                                                        "is_active": "on"})
    assert response.status_code == 302 and Facility.objects.get().name == "自助服务终端"


@pytest.mark.parametrize("path", ["/catalog/", "/catalog/posts/", "/catalog/facilities/", "/catalog/coverage/",
                                  "/catalog/blind-spots/", "/catalog/items/export/"])
def test_every_role_reads_the_catalogue(client, role_users, path):
    for user in role_users.values():
        client.force_login(user)
        assert client.get(path).status_code == 200


def test_import_page_is_the_offices(client, role_users):
    for who, user in role_users.items():
        client.force_login(user)
        assert client.get("/catalog/items/import/").status_code == (200 if who == "office" else 403)
