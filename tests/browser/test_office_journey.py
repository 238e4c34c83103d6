"""The standardization office's everyday flow, clicked through in real Chromium."""

import pytest

from standards import services

from ..standards.helpers import docx_upload, make_in_force
from .conftest import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def library(office_user):
    standard, first = make_in_force(office_user, name="首问负责制", code="301-01", number="Q/XZFW 301.01-2021",
                                    lines=["首问责任人应当场答复咨询。", "不能答复的应引导至责任窗口。"])
    second = services.edition_create(actor=office_user, standard=standard, number="Q/XZFW 301.01-2024",
                                     upload=docx_upload(["首问责任人应当场答复咨询。", "不能答复的应陪同至责任窗口并做好登记。"]))
    services.edition_publish(actor=office_user, edition=second, exempt_reason="测试：直接登记现行版本")
    return standard


def _count(page, node_code, status="in_force"):
    badge = page.locator(f"li[data-node='{node_code}'] > details > summary a[data-count='{status}']").first
    return int(badge.inner_text().split()[-1])


def test_office_browses_searches_compares_creates_and_publishes(page, office_user, library):
    login(page, "office")
    assert "我的待办" in page.content()  # the home page starts with what the person must do

    page.click("text=标准体系")
    page.wait_for_url("**/standards/tree/")
    before = _count(page, "301")
    assert before == 1

    # Find a standard by a word of its document text.
    page.fill("input[name=q]", "陪同")
    page.keyboard.press("Enter")
    page.click("a:text('首问负责制')")
    page.wait_for_selector("#editions")

    page.click("text=修改历史")
    page.wait_for_selector("#history-table")
    assert page.locator("#history-table tbody tr").count() >= 3

    page.go_back()
    page.click("text=版本对比")
    diff = page.locator("#text-diff")
    assert "陪同至责任窗口" in diff.locator(".diff-add").all_inner_texts()[0]
    assert "引导至责任窗口" in diff.locator(".diff-del").all_inner_texts()[0]

    # Create a standard in node 301 and publish its first edition.
    page.goto(f"{page.base_url}/standards/tree/")
    page.locator("li[data-node='301'] > details > summary >> text=加标准").click()
    page.fill("#id_name", "政务服务中心 服务规范")
    page.select_option("#id_level", "national")
    page.select_option("#id_origin", "adopted")
    page.click("button:text('保存')")
    page.wait_for_selector("text=登记首个版本")
    code = page.locator("#std-code").inner_text()
    assert code == "301-02"
    page.click("text=登记首个版本")
    page.fill("#id_number", "GB/T 32169.2-2015")
    page.check("#id_publish_now")
    page.click("button:text('保存')")
    page.wait_for_selector("#editions [data-status='in_force']")

    page.goto(f"{page.base_url}/standards/tree/")
    assert _count(page, "301") == before + 1
    page.screenshot(path="var/screenshot-tree.png", full_page=True)
