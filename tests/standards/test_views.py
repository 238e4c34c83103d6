"""HTTP behaviour of the standards pages: what each role sees and may do."""

import re

import pytest
from django.urls import reverse

from standards.models import EditionStatus, StandardStatus, SystemNode

from .helpers import docx_upload, make_in_force, make_standard

pytestmark = pytest.mark.django_db


def test_every_page_requires_login(client):
    for url in ["/", "/standards/", "/standards/tree/", "/standards/new/"]:
        response = client.get(url)
        assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


def test_login_page_is_in_chinese(client):
    response = client.get("/accounts/login/")
    assert response.status_code == 200
    assert "登录" in response.content.decode()


def test_english_is_selectable(client, office_user):
    client.force_login(office_user)
    client.post("/i18n/setlang/", {"language": "en", "next": "/standards/"})
    page = client.get("/standards/tree/").content.decode()
    assert 'lang="en"' in page


def test_list_shows_standards_and_filters_by_node_subtree(client, office_user):
    make_in_force(office_user, name="窗口服务规范", node="301")
    make_standard(office_user, name="消防安全管理规范", node="203")
    client.force_login(office_user)
    page = client.get("/standards/?node=300").content.decode()
    assert "窗口服务规范" in page and "消防安全管理规范" not in page
    page = client.get("/standards/?status=planned").content.decode()
    assert "消防安全管理规范" in page and "窗口服务规范" not in page


def test_search_finds_a_word_of_the_document_text(client, office_user):
    make_in_force(office_user, name="一次性告知制", lines=["窗口人员应一次性告知申请人所需全部材料。"])
    make_in_force(office_user, name="着装规范", code="301-09", number="Q/XZFW 301.09-2024",
                  lines=["工作人员统一着装，佩戴工牌。"])
    client.force_login(office_user)
    page = client.get("/standards/", {"q": "工牌"}).content.decode()
    assert "着装规范" in page and "一次性告知制" not in page


def test_list_is_paginated_with_bookmarkable_page_parameter(client, office_user):
    for i in range(55):
        make_standard(office_user, name=f"规范{i:02d}", node="303")
    client.force_login(office_user)
    first = client.get("/standards/").content.decode()
    second = client.get("/standards/?page=2").content.decode()
    on_first, on_second = set(re.findall(r"规范\d\d", first)), set(re.findall(r"规范\d\d", second))
    assert "page=2" in first
    assert (len(on_first), len(on_second)) == (50, 5) and not on_first & on_second


def test_tree_shows_counts_per_node(client, office_user):
    make_in_force(office_user, node="301")
    make_standard(office_user, node="301", name="计划中的规范")
    client.force_login(office_user)
    response = client.get("/standards/tree/")
    root_301 = next(c for r in response.context["tree"] for c in r.children if c.node.code == "301")
    assert root_301.total == {"in_force": 1, "planned": 1}
    assert "?node=301&status=in_force" in response.content.decode()


def test_office_creates_standard_and_publishes_through_the_pages(client, office_user):
    client.force_login(office_user)
    node = SystemNode.objects.get(code="301")
    response = client.post("/standards/new/", {
        "node": node.pk, "code": "", "name": "政务服务中心服务规范", "level": "national", "origin": "adopted",
        "plan": "to_adopt", "review_cycle_years": 3, "reason": "有标采标",
    })
    assert response.status_code == 302, response.context["form"].errors
    standard = node.standards.get(name="政务服务中心服务规范")
    assert standard.status == StandardStatus.PLANNED and standard.code == "301-01"
    response = client.post(f"/standards/{standard.pk}/editions/new/", {
        "number": "GB/T 32169.2-2015", "title": standard.name, "upload": docx_upload(["服务规范的内容。"]),
        "publish_now": "on", "reason": "采用国家标准",
    })
    assert response.status_code == 302
    standard.refresh_from_db()
    assert standard.status == StandardStatus.IN_FORCE and standard.number == "GB/T 32169.2-2015"
    document = client.get(reverse("edition-document", args=[standard.editions.get().pk]))
    assert document.status_code == 200


@pytest.mark.parametrize("role", ["auditor", "manager", "head", "staff", "admin"])
def test_other_roles_read_but_cannot_edit(client, role, role_users, office_user):
    standard, edition = make_in_force(office_user)
    client.force_login(role_users[role])
    assert client.get(f"/standards/{standard.pk}/").status_code == 200
    assert client.get("/standards/tree/").status_code == 200
    assert "编辑信息" not in client.get(f"/standards/{standard.pk}/").content.decode()
    assert client.get("/standards/new/").status_code == 403
    assert client.post("/standards/new/", {"name": "x"}).status_code == 403
    assert client.get(f"/standards/{standard.pk}/edit/").status_code == 403
    assert client.post(f"/standards/editions/{edition.pk}/withdraw/", {"reason": "x"}).status_code == 403
    assert client.post(f"/standards/editions/{edition.pk}/publish/").status_code == 403
    assert client.get("/standards/nodes/new/").status_code == 403
    edition.refresh_from_db()
    assert edition.status == EditionStatus.IN_FORCE


def test_concurrent_edit_through_the_form_is_refused_with_a_message(client, office_user):
    standard = make_standard(office_user, name="首问负责制")
    client.force_login(office_user)
    form = client.get(f"/standards/{standard.pk}/edit/").context["form"]
    data = {k: v for k, v in form.initial.items() if v is not None and k != "applicable_departments"}
    data.update(node=standard.node_id, version=standard.version, name="首问负责制（修改一）")
    assert client.post(f"/standards/{standard.pk}/edit/", data).status_code == 302
    data.update(name="首问负责制（修改二）")  # same stale version
    response = client.post(f"/standards/{standard.pk}/edit/", data)
    assert response.status_code == 200
    assert "保存被拒绝" in response.content.decode()
    standard.refresh_from_db()
    assert standard.name == "首问负责制（修改一）"


def test_history_page_shows_field_diff_between_records(client, office_user):
    from standards import services

    standard = make_standard(office_user, name="限时办结制")
    services.standard_update(actor=office_user, standard=standard, expected_version=standard.version,
                             name="限时办结制度", reason="名称规范化")
    client.force_login(office_user)
    response = client.get(f"/standards/{standard.pk}/history/")
    page = response.content.decode()
    assert "名称规范化" in page
    assert {"field": "标准名称", "old": "限时办结制", "new": "限时办结制度"} in response.context["diff"]


def test_compare_page_shows_text_diff_of_two_editions(client, office_user):
    from standards import services

    standard, first = make_in_force(office_user, lines=["受理时限为3个工作日。", "窗口应公示办事指南。"])
    second = services.edition_create(actor=office_user, standard=standard, number="Q/XZFW 301.01-2025",
                                     upload=docx_upload(["受理时限为1个工作日。", "窗口应公示办事指南。"]))
    client.force_login(office_user)
    response = client.get(f"/standards/{standard.pk}/compare/", {"a": first.pk, "b": second.pk})
    diff = response.context["diff"]
    assert ("-", "受理时限为3个工作日。") in diff and ("+", "受理时限为1个工作日。") in diff
    assert (" ", "窗口应公示办事指南。") in diff


def test_document_is_served_only_to_logged_in_users(client, office_user):
    standard, edition = make_in_force(office_user)
    assert client.get(f"/standards/editions/{edition.pk}/document/").status_code == 302
    client.force_login(office_user)
    response = client.get(f"/standards/editions/{edition.pk}/document/")
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")


def test_retiring_a_node_with_standards_in_force_shows_the_refusal(client, office_user):
    make_in_force(office_user, node="305")
    client.force_login(office_user)
    node = SystemNode.objects.get(code="305")
    response = client.post(f"/standards/nodes/{node.pk}/retire/", {"reason": "合并"})
    assert response.status_code == 200 and "现行标准" in response.content.decode()
    node.refresh_from_db()
    assert node.is_active


def test_chinese_is_shown_even_to_an_english_browser(client, office_user):
    client.force_login(office_user)
    page = client.get("/standards/tree/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").content.decode()
    assert 'lang="zh-hans"' in page and "标准体系结构" in page


@pytest.mark.parametrize("name, build, reason", [
    ("laughs.docx", "laughs_docx", "DTD"), ("macro.docx", "macro_docx", "宏"), ("fake.pdf", "html_pdf", "PDF"),
])
def test_hostile_edition_documents_are_refused_with_a_message_and_not_kept(client, office_user, settings,
                                                                          name, build, reason):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from .. import hostile

    standard, edition = make_in_force(office_user)
    kept = hostile.media_files(settings)
    client.force_login(office_user)
    upload = SimpleUploadedFile(name, getattr(hostile, build)())
    response = client.post(f"/standards/{standard.pk}/editions/new/", {
        "number": "Q/XZFW 301.01-2026", "title": standard.name, "upload": upload, "reason": "修订"})
    assert response.status_code == 200 and reason in response.content.decode()
    assert standard.editions.count() == 1 and hostile.media_files(settings) == kept
