"""Browser journeys: download the system table from the tree page; import a workbook with preview."""

import io
from pathlib import Path

import pytest
from django.test import Client
from openpyxl import load_workbook

from standards.models import Standard

from .centre import build_centre
from .workbooks import OFFICE_ROWS, workbook_bytes

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run"]


@pytest.fixture
def page(live_server, office_user):
    from playwright.sync_api import sync_playwright

    client = Client()
    client.force_login(office_user)
    cookie = client.cookies["sessionid"]
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
        context = browser.new_context(accept_downloads=True, locale="zh-CN")
        context.add_cookies([{"name": "sessionid", "value": cookie.value, "url": live_server.url}])
        tab = context.new_page()
        tab.set_default_timeout(30_000)
        yield tab
        browser.close()


def test_office_downloads_the_table_as_of_a_date_from_the_tree_page(page, live_server, office_user):
    build_centre(office_user)
    page.goto(f"{live_server.url}/standards/tree/")
    page.click("#system-table-menu")
    page.select_option("select[name=node]", "300")
    page.check("input[value=subsystem]")
    page.click("button[name=format][value=xlsx]")
    page.wait_for_url("**/jobs/**")
    with page.expect_download() as download:
        page.click("a.job-download")
    data = Path(download.value.path()).read_bytes()
    rows = list(load_workbook(io.BytesIO(data))["标准明细表"].iter_rows(min_row=3, values_only=True))
    assert rows[0][2] == "子体系" and any(r[1] == "301-01" for r in rows) and not any(r[1] == "101-01" for r in rows)


def test_office_imports_a_workbook_after_the_preview(page, live_server, tmp_path):
    path = tmp_path / "明细表.xlsx"
    path.write_bytes(workbook_bytes(OFFICE_ROWS))
    page.goto(f"{live_server.url}/standards/import/")
    page.set_input_files("input[name=file]", str(path))
    page.click("#import-upload button[type=submit]")
    assert page.inner_text("[data-count=create]").endswith("6")
    assert page.locator("tr.import-row").count() == 6
    page.click("button[name=confirm]")
    page.wait_for_url("**/standards/tree/")
    assert "新增 6 项" in page.inner_text("body")
    assert Standard.objects.count() == 6
