"""The office's journey in real Chromium: add a material to an item, see the draft edition of its
procedure standard with the diff, publish it, print the one-time notice, and watch coverage
change after covering a blind spot."""

import pytest
from docx import Document

from qms.org.models import Role
from standards.catalog import services
from standards.catalog.models import ItemType, ServiceItem
from tests.factories import UserFactory

from .helpers import make_item

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run"]


@pytest.fixture
def browser_page():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
        context = browser.new_context(accept_downloads=True, locale="zh-CN")
        page = context.new_page()
        page.set_default_timeout(20000)
        yield page
        context.close()
        browser.close()


@pytest.fixture
def centre(departments):
    office = UserFactory(username="office", roles=[Role.OFFICE], department=departments["office"],
                         password="pw-123456")
    item = make_item(office, departments["market"])
    services.procedure_standard_generate(actor=office, item=item)
    item.refresh_from_db()
    services.procedure_standard_publish(actor=office, item=item)
    uncovered = make_item(office, departments["tax"], name="发票领用", item_type=ItemType.PUBLIC_SERVICE, bases=[])
    return {"item": item, "uncovered": uncovered}


def covered_items(page) -> int:
    return int(page.locator("#overall-items .ratio-cell").get_attribute("data-covered"))


def test_office_journey(live_server, browser_page, centre, tmp_path):
    page, item = browser_page, centre["item"]
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_username", "office")
    page.fill("#id_password", "pw-123456")
    page.click("button[type=submit]")
    page.wait_for_url(f"{live_server.url}/")

    page.goto(f"{live_server.url}/catalog/items/{item.pk}/")
    assert page.locator("#in-force-number").inner_text().startswith("Q/XZFW 302.01-")
    assert page.locator("#flowchart svg text", has_text="首席代表").count() == 1
    page.click("#add-materials")
    form = page.locator("form.part-form[data-part=materials]")
    form.locator("input[name=name]").fill("法定代表人身份证明")
    form.locator("select[name=form]").select_option("copy")
    form.locator("button[type=submit]").click()
    page.wait_for_selector("#material-table >> text=法定代表人身份证明")
    assert page.locator("#procedure-stale").is_visible()

    page.click("#generate-procedure")
    page.wait_for_selector("#procedure-diff")
    added = page.locator("#procedure-diff .diff-add").all_inner_texts()
    assert any("法定代表人身份证明" in line for line in added)
    assert page.locator("#pending-number").is_visible()
    in_force_before = page.locator("#in-force-number").inner_text()

    page.click("#publish-procedure")
    page.wait_for_selector("text=已发布实施")
    assert page.locator("#pending-number").count() == 0 and page.locator("#procedure-diff").count() == 0
    assert page.locator("#in-force-number").inner_text() == in_force_before  # same year: same number, new edition
    assert ServiceItem.objects.get(pk=item.pk).procedure_standard.editions.filter(status="in_force").get().seq == 2

    with page.expect_download() as download:
        page.click("#notice-link")
    path = tmp_path / "notice.docx"
    download.value.save_as(path)
    text = "\n".join(cell.text for table in Document(str(path)).tables for row in table.rows for cell in row.cells)
    assert "法定代表人身份证明" in text and "3号窗口" in text

    page.goto(f"{live_server.url}/catalog/coverage/")
    before = covered_items(page)
    page.click("text=查看标准盲点")
    row = page.locator(f"#spot-items tr[data-item='{centre['uncovered'].pk}']")
    row.locator("button.spot-generate").click()
    page.wait_for_selector("#publish-procedure")
    page.click("#publish-procedure")
    page.wait_for_selector("text=已发布实施")
    page.goto(f"{live_server.url}/catalog/coverage/")
    assert covered_items(page) == before + 1
    assert page.locator(f"#spot-items tr[data-item='{centre['uncovered'].pk}']").count() == 0


def test_item_page_and_flowchart_on_a_phone(live_server, browser_page, centre):
    page = browser_page
    page.set_viewport_size({"width": 375, "height": 740})
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_username", "office")
    page.fill("#id_password", "pw-123456")
    page.click("button[type=submit]")
    page.wait_for_url(f"{live_server.url}/")
    page.goto(f"{live_server.url}/catalog/items/{centre['item'].pk}/guide/")
    box = page.locator("#guide svg.flowchart").bounding_box()
    assert box and box["width"] <= 375
    assert page.evaluate("document.documentElement.scrollWidth") <= 380
