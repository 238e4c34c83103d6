"""The acceptance journey in real Chromium: an auditor records a 不符合 on the demo centre's
audit, the department head proposes a plan, the auditor accepts it, the head reports it done,
the auditor verifies and closes it; the register and the audit report show it."""

import datetime as dt
import io

import pytest
from django.contrib.auth.hashers import make_password

from audits.models import Audit, Nonconformity
from qms.demo import audits as demo_audits
from qms.org.models import Role

from ..docs import docx_all_text
from ..factories import DepartmentFactory, UserFactory
from ..standards.helpers import make_in_force

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORD = "pw-123456"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run"]


@pytest.fixture
def demo_centre(office_user, auditor_user, second_auditor, head_user, departments):
    windows = [departments["market"], departments["tax"]] + [
        DepartmentFactory(code=f"W{i}", name=f"窗口{i}", order=20 + i) for i in range(3)]
    for index, window in enumerate(windows[1:]):
        UserFactory(username=f"head{index}", roles=[Role.DEPARTMENT_HEAD], department=window)
    for index, node in enumerate(["301", "302", "303"]):
        standard, _edition = make_in_force(office_user, code=f"{node}-01", node=node, name=f"窗口服务规范{index}",
                                           number=f"Q/XZFW {node}.01-2024")
        standard.applicable_departments.set(windows)
    for user in (auditor_user, head_user):
        user.password = make_password(PASSWORD)
        user.save()
    demo_audits.load(io.StringIO())
    return Audit.objects.get(status="in_progress")


@pytest.fixture
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


def login(browser, base, username):
    page = browser.new_context(accept_downloads=True, viewport={"width": 1024, "height": 1366}).new_page()
    page.set_default_timeout(20_000)
    page.goto(f"{base}/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{base}/")
    return page


def step(page, name: str, fields: dict):
    card = page.locator(f"#step-{name}")
    for selector, value in fields.items():
        if selector.endswith("owner"):
            card.locator(selector).select_option(value)
        elif value is True:
            card.locator(selector).check()
        else:
            card.locator(selector).fill(value)
    card.locator("button[type=submit]").click()
    page.wait_for_load_state("load")


def test_nonconformity_journey_from_checklist_to_closure(live_server, browser, demo_centre, head_user):
    base = live_server.url
    auditor = login(browser, base, "auditor")
    auditor.click("text=内审与改进")
    auditor.click(f"text={demo_centre.number}")
    auditor.click("#open-checklist")
    card = auditor.locator(".checklist-item[data-result='']", has_text="市场监督管理局窗口").first
    item_id = card.get_attribute("data-item")
    card.locator("label", has_text="不符合").click()
    card.locator("label", has_text="一般").click()
    card.locator("input[name=clause]").fill("5.2")
    card.locator("textarea[name=evidence]").fill("抽查一次性告知单 5 份，2 份无申请人签字")
    card.locator("button.save-btn").click()
    saved = auditor.locator(f"#item-{item_id}[data-saved='1']")
    number = saved.locator(".nc-link").inner_text()
    nc = Nonconformity.objects.get(number=number)
    assert nc.department.code == "SCJG" and nc.grade == "minor"

    head = login(browser, base, "head")
    head.goto(f"{base}/audits/nonconformities/")
    head.click(f"text={number}")
    step(head, "propose", {"#id_propose-correction": "立即补签", "#id_propose-why1": "窗口人员未要求签字",
                           "#id_propose-why2": "岗位培训未覆盖签字要求", "#id_propose-root_cause": "培训缺失",
                           "#id_propose-action_plan": "专题培训并每周抽查", "#id_propose-owner": str(head_user.pk),
                           "#id_propose-due_date": (dt.date.today() + dt.timedelta(days=14)).isoformat()})
    assert head.locator("#ca-status").get_attribute("data-status") == "to_review"

    auditor.goto(f"{base}/audits/nonconformities/{nc.pk}/")
    step(auditor, "accept", {"#id_accept-note": "计划可行"})
    assert auditor.locator("#ca-status").get_attribute("data-status") == "implementing"

    head.reload()
    step(head, "report", {"#id_report-completion_note": "已培训 6 人，抽查无问题"})
    assert head.locator("#ca-status").get_attribute("data-status") == "to_verify"

    auditor.reload()
    step(auditor, "verify", {"#id_verify-note": "查阅签到表属实", "#id_verify-effectiveness_review_on":
                             dt.date.today().isoformat()})
    auditor.locator("#step-judge label", has_text="有效，关闭").click()
    step(auditor, "judge", {"#id_judge-note": "复查未再发生"})
    assert auditor.locator("#nc-status").get_attribute("data-status") == "closed"

    auditor.goto(f"{base}/audits/nonconformities/?grade=minor")
    row = auditor.locator(f"#register tr[data-number='{number}']")
    assert "已关闭" in row.inner_text()
    auditor.goto(f"{base}/audits/{demo_centre.pk}/")
    with auditor.expect_download() as info:
        auditor.click("#download-report")
    text = docx_all_text(open(info.value.path(), "rb").read())  # noqa: SIM115
    assert number in text and "已关闭" in text
