"""Service evaluation clicked through in real Chromium: a complaint recorded at the window,
handled, found substantiated and turned into a nonconformity; a manager opens the management
review, sees its inputs compiled, records a decision with an action and downloads the report."""

import datetime as dt
from pathlib import Path

import pytest
from django.utils import timezone

from audits.evaluation import sources
from audits.evaluation.models import Complaint, ReviewAction
from audits.evaluation.services import reviews as review_svc

from ..docs import docx_all_text
from ..evaluation.helpers import add_ratings
from .conftest import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_complaint_from_window_to_nonconformity(page, office_user, head_user, departments):
    login(page, "head")
    page.goto(f"{page.base_url}/evaluation/complaints/")
    page.click("text=登记投诉")
    page.select_option("#id_channel", "window")
    page.fill("#id_complainant_name", "张三丰")
    page.fill("#id_complainant_phone", "13812345678")
    page.fill("#id_item_name", "企业设立登记")
    page.fill("#id_description", "窗口要求补交的材料与一次性告知单不一致，跑了三次。")
    page.click("#service-form button[type=submit]")
    page.wait_for_selector("#complaint-number")
    number = page.locator("#complaint-number").inner_text()
    assert page.locator("#complainant-name").inner_text().startswith("张三丰")

    page.fill("#investigate-form textarea", "核对一次性告知单，确认漏列营业场所证明。")
    page.click("#investigate-form button")
    page.wait_for_selector("#complaint-status[data-status='investigating']")
    page.fill("#id_reply", "经核实情况属实，已修订一次性告知单并向您致歉。")
    page.check("#reply-form input[value='1']")
    page.click("#reply-form button")
    page.wait_for_selector("#complaint-status[data-status='replied']")
    assert page.locator("#substantiated").inner_text() == "属实"

    # The office sees the substantiated complaint and raises a nonconformity in one step.
    page.context.clear_cookies()
    login(page, "office")
    page.goto(f"{page.base_url}/evaluation/complaints/")
    page.click(f"a:text('{number}')")
    page.wait_for_selector("#complaint-number")
    if sources.nonconformity_raiser() is None:
        assert page.locator("#nc-form").count() == 0  # the audit app is not installed yet
        return
    page.select_option("#nc-form select[name=grade]", index=1)
    page.fill("#nc-form input[name=clause]", "一次性告知制 4.2")
    page.click("#nc-form button")
    page.wait_for_selector("text=已提出不符合项")
    ref = page.locator("#nonconformity-ref").inner_text()
    assert ref.startswith("NC-")
    assert Complaint.objects.get(number=number).nonconformity_ref == ref


def test_manager_holds_review_and_downloads_report(page, manager_user, office_user, departments):
    today = timezone.localdate()
    add_ratings(departments["tax"], today.replace(day=1), satisfied=48, dissatisfied=2)
    review = review_svc.review_create(actor=manager_user, title=f"{today.year}年度管理评审",
                                      period_start=dt.date(today.year, 1, 1), period_end=dt.date(today.year, 12, 31),
                                      planned_on=today)
    login(page, "manager")
    page.goto(f"{page.base_url}/evaluation/reviews/")
    page.click(f"a:text('{review.title}')")
    page.wait_for_selector("#review-inputs")
    satisfaction = page.locator("[data-input='satisfaction']")
    assert satisfaction.get_attribute("data-available") == "1"
    assert "满意率 96.00%" in satisfaction.inner_text()
    assert page.locator("[data-input='figures']").get_attribute("data-available") == "1"

    page.fill("#hold-form #id_held_on", today.isoformat())
    page.select_option("#hold-form #id_attendees", [str(manager_user.pk), str(office_user.pk)])
    page.fill("#hold-form #id_minutes", "听取标准化办公室关于满意度和投诉情况的汇报。")
    page.fill("#hold-form #id_conclusion", "体系运行有效。")
    page.click("#hold-form button")
    page.wait_for_selector("#review-status:text('已召开')")

    page.fill("#decision-form #id_text", "税务窗口满意率低于目标，开展专项整改")
    page.fill("#decision-form #id_action", "税务窗口每周服务讲评")
    page.select_option("#decision-form #id_owner", str(office_user.pk))
    page.fill("#decision-form #id_due_on", (today + dt.timedelta(days=30)).isoformat())
    page.click("#decision-form button")
    page.wait_for_selector("text=已记录决定")
    assert ReviewAction.objects.get().owner == office_user

    with page.expect_download() as info:
        page.click("#review-report")
    path = info.value.path()
    text = docx_all_text(Path(path).read_bytes())
    assert "税务窗口每周服务讲评" in text and "满意率 96.00%" in text
