"""A department head's day, clicked through in real Chromium: the home page lists three things to
do (an edition to acknowledge, a draft to comment on, a complaint to answer); the head does each
from the list and the list empties."""

import datetime as dt

import pytest
from django.utils import timezone

from audits.evaluation.services import complaints as complaint_svc
from standards import services as std

from ..standards.helpers import make_in_force
from .conftest import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def three_things(office_user, head_user, departments):
    from qms.org.selectors import organisation_profile

    today = timezone.localdate()
    profile = organisation_profile()
    profile.consultation_min_working_days = 3  # a short consultation: five calendar days from today
    profile.save()
    _standard, edition = make_in_force(office_user, applicable_departments=[departments["market"]])
    std.acknowledgements_request(edition=edition, actor=office_user)
    _s, current = make_in_force(office_user, name="预约服务规范", number="Q/XZFW 301.02-2024")
    revision = std.edition_revision_start(actor=office_user, standard=current.standard, reason="修订")
    std.consultation_open(actor=office_user, edition=revision, deadline=today + dt.timedelta(days=5),
                          departments=[departments["market"]])
    complaint_svc.complaint_create(actor=office_user, channel="hotline", complainant_name="张三",
                                   description="等候时间长", department=departments["market"], received_on=today)


def open_todo(page, kind):
    page.goto(f"{page.base_url}/")
    page.click(f"#todo-list a.todo-item:has-text('{kind}')")


def test_head_sees_three_things_does_them_and_the_list_empties(page, three_things):
    login(page, "head")
    page.goto(f"{page.base_url}/")
    assert page.locator("#todo-list .todo-item").count() == 3

    open_todo(page, "学习确认")
    page.click("text=已阅知悉")
    page.wait_for_load_state()

    open_todo(page, "反馈征求意见")
    page.fill("#comment-form [name=clause]", "4.2")
    page.fill("#comment-form [name=text]", "建议增加网上预约渠道。")
    page.click("#comment-form button[type=submit]")
    page.wait_for_selector("#comment-1")

    open_todo(page, "答复投诉")
    page.fill("#investigate-form textarea", "调取叫号记录，等候 50 分钟属实。")
    page.click("#investigate-form button")
    page.wait_for_selector("#complaint-status[data-status='investigating']")
    page.fill("#id_reply", "已增开窗口并向您致歉。")
    page.check("#reply-form input[value='1']")
    page.click("#reply-form button")
    page.wait_for_selector("#complaint-status[data-status='replied']")

    page.goto(f"{page.base_url}/")
    assert page.locator("#todo-list .todo-item").count() == 0
    assert page.locator("#todo-empty").is_visible()
    page.click("#centre-dashboard")
    page.wait_for_selector("#rate-cards")
