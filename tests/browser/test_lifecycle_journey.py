"""The life of a standard, clicked through in real Chromium: the office drafts a revision and
opens consultation, a department user comments, the office disposes and closes, a reviewer
signs, a manager approves, the edition is in force (old one superseded) and staff acknowledge."""


import pytest
from django.utils import timezone

from standards.models import Acknowledgement, EditionStatus
from tests.factories import UserFactory
from tests.standards.helpers import earliest_deadline, make_in_force, revise_text

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run"]


@pytest.fixture
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def people(departments, office_user, manager_user, staff_user):
    reviewer = UserFactory(username="reviewer", roles=["office"], department=departments["office"],
                           last_name="李", first_name="审核")
    return {"office": office_user, "reviewer": reviewer, "manager": manager_user, "staff": staff_user}


def login(browser, live_server, username):
    page = browser.new_context(locale="zh-CN").new_page()
    page.set_default_timeout(15000)
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", "pw-123456")
    page.click("button[type=submit]")
    page.wait_for_url(f"{live_server.url}/")
    return page


def test_revision_goes_from_draft_to_in_force_and_is_acknowledged(browser, live_server, people, departments):
    standard, current = make_in_force(people["office"], name="窗口服务规范",
                                      applicable_departments=[departments["tax"]])
    Acknowledgement.objects.filter(edition=current).update(acknowledged_at=timezone.now())

    office = login(browser, live_server, "office")
    office.goto(f"{live_server.url}/standards/{standard.pk}/")
    office.click("text=启动修订")
    office.fill("#id_reason", "增加预约服务和延时服务要求")
    office.click("#action-form button[type=submit]")
    office.wait_for_selector("#edition-status >> text=草稿")
    edition = standard.editions.get(status=EditionStatus.DRAFT)
    revise_text(people["office"], edition, lines=("5.2 午间 12:00—14:00 提供预约办理。",))  # the revised draft
    office.reload()
    office.click("text=发起征求意见")
    assert office.input_value("#id_deadline") == earliest_deadline().isoformat()  # 10 working days
    office.select_option("#id_departments", label="税务局窗口")
    office.click("#action-form button[type=submit]")
    office.wait_for_selector("text=已发起征求意见")
    consultation_url = office.url

    staff = login(browser, live_server, "staff")
    staff.goto(consultation_url)
    staff.fill("#comment-form #id_clause", "5.2")
    staff.fill("#comment-form #id_text", "建议明确午间预约的办理时段")
    staff.click("#comment-form button[type=submit]")
    staff.wait_for_selector("#comments >> text=建议明确午间预约的办理时段")

    office.reload()
    office.select_option("#comment-1 select[name=disposition]", "accepted")
    office.fill("#comment-1 input[name=changed_clause]", "5.2")
    office.click("#comment-1 .dispose-form button")
    office.wait_for_selector("#comment-1 [data-disposition=accepted]")
    office.click("#close-form button[type=submit]")
    office.wait_for_selector("text=征求意见已结束")

    reviewer = login(browser, live_server, "reviewer")
    reviewer.goto(f"{live_server.url}/standards/editions/{edition.pk}/")
    reviewer.click("#edition-actions >> text=审核签署")
    reviewer.fill("#id_note", "内容完整，同意报批")
    reviewer.click("#action-form button[type=submit]")
    reviewer.wait_for_selector("#edition-status >> text=待批准")

    manager = login(browser, live_server, "manager")
    manager.goto(f"{live_server.url}/standards/editions/{edition.pk}/")
    manager.click("#edition-actions >> text=批准")
    manager.fill("#id_effective_on", timezone.localdate().isoformat())
    manager.click("#action-form button[type=submit]")
    manager.wait_for_selector("#edition-status >> text=现行")
    assert "有效" in manager.inner_text("#signoffs")
    manager.goto(f"{live_server.url}/standards/{standard.pk}/")
    assert "被代替" in manager.inner_text(f"tr[data-edition='{current.pk}']")
    assert "现行" in manager.inner_text(f"tr[data-edition='{edition.pk}']")

    staff.goto(f"{live_server.url}/standards/acknowledgements/")
    assert edition.number in staff.inner_text("#owed")
    staff.click("#owed >> text=已阅知悉")
    staff.wait_for_selector("text=没有待确认的标准")
    assert edition.number in staff.inner_text("#done")
    assert Acknowledgement.objects.get(edition=edition, user=people["staff"]).acknowledged_at is not None
