"""一次性告知单 at the window: recorded with the applicant, each material's state and the deadline
for 补正; printed as a form with tick boxes and signatures; counted per year."""

import datetime as dt

import pytest
from django.urls import reverse

from qms.core.errors import ApplicationError, PermissionRefused
from standards.catalog import services
from standards.catalog.models import NoticeIssue
from standards.catalog.selectors import notice_issue_count
from tests.conftest import client_for

from ..docs import docx_all_text
from .helpers import make_item

pytestmark = pytest.mark.django_db


def _materials(*, missing: dict | None = None):
    missing = missing or {}
    return [{"name": name, "submitted": name not in missing, "problem": missing.get(name, "")}
            for name in ("登记申请书", "公司章程", "住所使用证明")]


@pytest.fixture
def item(office_user, departments):
    return make_item(office_user, departments["market"])


def test_issuing_records_the_applicant_materials_and_deadline(item, head_user):
    issue = services.notice_issue(actor=head_user, item=item, applicant="张三", contact="13800000000",
                                  materials=_materials(missing={"公司章程": "缺少全体股东签字"}),
                                  deadline=dt.date(2026, 12, 8), issued_on=dt.date(2026, 12, 1))
    assert issue.number == "GZ-2026-0001" and issue.applicant == "张三"
    assert [m["name"] for m in issue.missing] == ["公司章程"] and issue.missing[0]["problem"] == "缺少全体股东签字"
    assert issue.history.first().history_user == head_user
    assert notice_issue_count(year=2026) == 1


def test_a_material_needing_correction_must_say_what_and_have_a_deadline(item, head_user):
    with pytest.raises(ApplicationError, match="第 2 项材料“公司章程”需补正"):
        services.notice_issue(actor=head_user, item=item, applicant="张三",
                              materials=_materials(missing={"公司章程": ""}), deadline=dt.date(2026, 12, 8))
    with pytest.raises(ApplicationError, match="补正期限"):
        services.notice_issue(actor=head_user, item=item, applicant="张三",
                              materials=_materials(missing={"公司章程": "缺签字"}))
    with pytest.raises(ApplicationError, match="材料清单与事项不一致"):
        services.notice_issue(actor=head_user, item=item, applicant="张三", materials=_materials()[:2])
    assert not NoticeIssue.objects.exists()


def test_only_the_items_department_or_the_office_issue(item, staff_user):
    with pytest.raises(PermissionRefused):
        services.notice_issue(actor=staff_user, item=item, applicant="张三", materials=_materials())


def test_window_issues_a_notice_and_downloads_the_filled_form(client, item, head_user):
    http = client_for(client, head_user)
    form = {"applicant": "李四", "contact": "", "deadline": "2026-12-10",
            "m1_state": "submitted", "m2_state": "missing", "m2_problem": "章程未盖章", "m3_state": "submitted"}
    response = http.post(reverse("notice-issue-create", args=[item.pk]), form)
    issue = NoticeIssue.objects.get()
    assert response.status_code == 302 and response.url == reverse("notice-issue-download", args=[issue.pk])
    text = docx_all_text(http.get(response.url).content)
    for expected in ("一次性告知单", "李四", "有限责任公司设立登记", "■已提交", "■需补正", "章程未盖章",
                     "请于2026年12月10日前补正", "申请人（签字）", "告知人（签字）", issue.number):
        assert expected in text, expected
    assert "2026-12-10" not in text
    page = http.get(reverse("notice-issue-list"), {"year": issue.issued_on.year}).content.decode()
    assert "共出具一次性告知单 1 份" in page and "李四" in page


def test_the_blank_notice_has_boxes_to_tick_and_lines_to_fill(client, item, head_user):
    text = docx_all_text(client_for(client, head_user).get(reverse("item-notice", args=[item.pk])).content)
    assert text.count("□已提交") == 3 and text.count("□需补正") == 3
    assert "申请人" in text and "____年__月__日" in text and "■" not in text


def test_other_departments_cannot_open_the_issue_form(client, item, staff_user):
    assert client_for(client, staff_user).get(reverse("notice-issue-create", args=[item.pk])).status_code == 403
