"""Browser journey: the office imports a status list, sees two adopted standards flagged, adopts
the replacement for one and withdraws the other, and the exported 标准体系表 shows both."""

import io
from pathlib import Path

import pytest
from django.test import Client
from openpyxl import load_workbook

from standards.models import Level, Origin

from .helpers import make_in_force
from .test_validity import PLATFORM_ROWS, status_list

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
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


def _adopted(actor, number, name, node):
    return make_in_force(actor, number=number, name=name, node=node, origin=Origin.ADOPTED,
                         level=Level.NATIONAL)[0]


def test_office_acts_on_a_status_list_and_the_table_shows_it(page, live_server, office_user, tmp_path):
    system = _adopted(office_user, "GB/T 24421.2-2009", "服务业组织标准化工作指南 第2部分：标准体系", "101")
    signs = _adopted(office_user, "GB 2894-2008", "安全标志及其使用导则", "203")
    _adopted(office_user, "GB/T 1.1-2020", "标准化工作导则 第1部分：标准化文件的结构和起草规则", "101")
    path = tmp_path / "状态表.xlsx"
    path.write_bytes(status_list([r for r in PLATFORM_ROWS if "24421.3" not in r[1]]).read())

    page.goto(f"{live_server.url}/standards/validity/import/")
    page.set_input_files("input[name=file]", str(path))
    page.click("#import-upload button[type=submit]")
    assert page.inner_text("[data-count=flagged]").endswith("2")
    page.click("button[name=confirm]")
    page.wait_for_url("**/standards/validity/")
    assert page.locator("li.flagged-row").count() == 2
    assert "已于 2023-03-17 废止，由 GB/T 24421.2-2023 代替" in page.inner_text("#flagged")

    page.click(f"li.flagged-row[data-number='{system.number}'] >> text=采用代替标准")
    assert page.input_value("input[name=number]") == "GB/T 24421.2-2023"
    page.fill("input[name=name]", "服务业组织标准化工作指南 第2部分：标准体系构建")
    page.click("#action-form button[type=submit]")
    page.wait_for_url(f"**/standards/{system.pk}/")
    assert "GB/T 24421.2-2023" in page.inner_text("#editions")

    page.goto(f"{live_server.url}/standards/validity/")
    page.click(f"li.flagged-row[data-number='{signs.number}'] >> text=撤出体系")
    page.fill("textarea[name=reason]", "国家标准已废止，本中心不再采用")
    page.click("#action-form button[type=submit]")
    page.wait_for_url(f"**/standards/{signs.pk}/")
    page.goto(f"{live_server.url}/standards/validity/")
    assert page.locator("li.flagged-row").count() == 0

    page.goto(f"{live_server.url}/standards/tree/")
    page.click("#system-table-menu")
    page.click("button[name=format][value=xlsx]")
    page.wait_for_url("**/jobs/**")
    with page.expect_download() as download:
        page.click("a.job-download")
    rows = list(load_workbook(io.BytesIO(Path(download.value.path()).read_bytes()))["标准明细表"]
                .iter_rows(min_row=3, values_only=True))
    numbers = {r[2]: r for r in rows if r and r[2]}
    assert "GB/T 24421.2-2023" in numbers and "GB/T 24421.2-2009" not in numbers
    assert numbers["GB/T 24421.2-2023"][3] == "服务业组织标准化工作指南 第2部分：标准体系构建"
    assert numbers["GB/T 24421.2-2023"][6] == "GB/T 24421.2-2009"  # 代替标准号
    assert "GB 2894-2008" not in numbers
