"""HTTP: the lifecycle pages render, refuse the wrong roles, and the exports open as documents."""

import datetime as dt
import io

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from qms.core.documents.dates import cn_date
from standards import services
from standards.models import EditionStatus
from tests.conftest import client_for
from tests.factories import UserFactory

from ..docs import docx_all_text, needs_libreoffice, pdf_pages_of
from .helpers import earliest_deadline, make_in_force, revise_text

pytestmark = pytest.mark.django_db


@pytest.fixture
def consultation(office_user, staff_user, departments):
    standard, _current = make_in_force(office_user, name="窗口服务规范", applicable_departments=[departments["tax"]])
    edition = services.edition_revision_start(actor=office_user, standard=standard, reason="修订")
    consultation = services.consultation_open(actor=office_user, edition=edition,
                                              deadline=earliest_deadline(),
                                              departments=[departments["tax"]])
    first = services.comment_submit(actor=staff_user, consultation=consultation, clause="4.1",
                                    quote="窗口人员应当使用普通话", text="=建议补充少数民族语言服务")
    services.comment_submit(actor=staff_user, consultation=consultation, clause="6", text="附录格式不统一")
    services.comment_dispose(actor=office_user, comment=first, disposition="partly", reason="在附录中补充")
    return consultation


@pytest.mark.parametrize("name", ["lifecycle-overview", "periodic-review-list", "change-request-list", "training-list",
                                  "acknowledgement-list", "acknowledgement-rates", "check-list", "home"])
@pytest.mark.parametrize("role", ["office", "staff"])
def test_pages_open_for_every_logged_in_user(name, role, client, role_users):
    response = client_for(client, role_users[role]).get(reverse(name))
    assert response.status_code == 200


@pytest.mark.parametrize("name,role", [("training-create", "staff"), ("check-create", "staff"),
                                       ("check-create", "head")])
def test_office_pages_refuse_other_roles(name, role, client, role_users):
    assert client_for(client, role_users[role]).get(reverse(name)).status_code == 403


def test_auditor_may_record_checks(client, auditor_user):
    assert client_for(client, auditor_user).get(reverse("check-create")).status_code == 200


def test_review_and_approve_pages_refuse_drafter_and_other_roles(client, office_user, manager_user, staff_user):
    standard, _current = make_in_force(office_user)
    edition = revise_text(office_user, services.edition_revision_start(actor=office_user, standard=standard,
                                                                       reason="修订"))
    services.edition_submit(actor=office_user, edition=edition)
    assert client_for(client, office_user).get(reverse("edition-review", args=[edition.pk])).status_code == 403
    assert client_for(client, staff_user).get(reverse("edition-review", args=[edition.pk])).status_code == 403
    assert client_for(client, manager_user).get(reverse("edition-review", args=[edition.pk])).status_code == 200
    assert client_for(client, office_user).get(reverse("edition-approve", args=[edition.pk])).status_code == 403


def test_closing_with_open_comment_shows_the_refusal(client, office_user, consultation):
    response = client_for(client, office_user).post(reverse("consultation-close", args=[consultation.pk]),
                                                    {"reviewer": ""}, follow=True)
    assert "1 条意见未处理（序号 2）" in response.content.decode()
    consultation.edition.refresh_from_db()
    assert consultation.edition.status == EditionStatus.CONSULTATION


def test_comment_and_disposition_through_the_page(client, office_user, staff_user, consultation):
    page = client_for(client, staff_user).post(reverse("comment-create", args=[consultation.pk]),
                                               {"clause": "7", "text": "建议增加延时服务"}, follow=True)
    assert "建议增加延时服务" in page.content.decode()
    comment = consultation.comments.get(seq=3)
    refused = client.post(reverse("comment-dispose", args=[comment.pk]), {"disposition": "accepted"})
    assert refused.status_code == 403
    client_for(client, office_user).post(reverse("comment-dispose", args=[comment.pk]),
                                         {"disposition": "rejected", "reason": "超出本标准范围"})
    comment.refresh_from_db()
    assert comment.disposition == "rejected" and comment.disposition_reason == "超出本标准范围"


def test_comment_summary_exports_list_every_comment_with_its_disposition(client, office_user, consultation):
    client = client_for(client, office_user)
    docx = client.get(reverse("consultation-summary", args=[consultation.pk, "docx"]))
    text = docx_all_text(docx.content)
    assert "意见汇总处理表" in text and "=建议补充少数民族语言服务" in text
    assert "部分采纳" in text and "在附录中补充" in text and "未处理" in text
    assert "共收到意见 2 条" in text
    assert f"至{cn_date(consultation.deadline)}" in text and consultation.deadline.isoformat() not in text
    xlsx = client.get(reverse("consultation-summary", args=[consultation.pk, "xlsx"]))
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    rows = [[c.value for c in row] for row in sheet.iter_rows(min_row=5, max_row=6)]
    assert rows[0][:6] == ["1", "4.1", "窗口人员应当使用普通话", "=建议补充少数民族语言服务", "税务局窗口／测staff",
                           "部分采纳"]
    assert sheet.cell(row=5, column=4).data_type == "s"  # a leading = stays text
    assert rows[1][5] == "未处理"


def test_publication_notice_names_edition_dates_and_approver(client, office_user, manager_user, departments):
    standard, current = make_in_force(office_user, applicable_departments=[departments["tax"]])
    edition = revise_text(office_user, services.edition_revision_start(actor=office_user, standard=standard,
                                                                       reason="修订"))
    reviewer = UserFactory(username="office2", roles=["office"], department=departments["office"])
    services.edition_submit(actor=office_user, edition=edition)
    services.edition_review_sign(actor=reviewer, edition=edition, approve=True)
    services.edition_approve(actor=manager_user, edition=edition, approve=True,
                             effective_on=timezone.localdate() + dt.timedelta(days=10))
    response = client_for(client, office_user).get(reverse("edition-notice", args=[edition.pk]))
    text = docx_all_text(response.content)
    assert f"关于发布《{edition.title}》的通知" in text
    assert edition.number in text and current.number in text and "税务局窗口" in text
    assert cn_date(timezone.localdate() + dt.timedelta(days=10)) in text and "测manager" in text
    assert "〔" in text and "号" in text  # the 文号 line, blank until publication takes the number


def test_draft_has_no_publication_notice(client, office_user):
    standard, _current = make_in_force(office_user)
    edition = services.edition_revision_start(actor=office_user, standard=standard, reason="修订")
    assert client_for(client, office_user).get(reverse("edition-notice", args=[edition.pk])).status_code == 404


@needs_libreoffice
@pytest.mark.libreoffice
def test_exports_open_in_libreoffice(client, office_user, consultation, tmp_path):
    client = client_for(client, office_user)
    for fmt in ("docx", "xlsx"):
        path = tmp_path / f"summary.{fmt}"
        path.write_bytes(client.get(reverse("consultation-summary", args=[consultation.pk, fmt])).content)
        assert pdf_pages_of(path) >= 1


def test_publish_now_of_in_house_draft_is_refused_and_leaves_no_edition(client, office_user):
    from .helpers import make_standard

    standard = make_standard(office_user)
    response = client_for(client, office_user).post(
        reverse("edition-create", args=[standard.pk]), {"number": "Q/XZFW 301.01-2026", "title": "窗口服务规范",
                                                         "publish_now": "on"})
    assert "批准" in response.content.decode()
    assert not standard.editions.exists()


def test_training_page_shows_rate_per_session_and_per_standard(client, office_user, staff_user, departments):
    _standard, edition = make_in_force(office_user)
    session = services.training_session_create(actor=office_user, title="窗口服务规范宣贯",
                                               held_on=timezone.localdate(), trainer="王老师", editions=[edition],
                                               people=[staff_user, office_user])
    services.training_attendance_record(actor=office_user, session=session, attendees=[staff_user])
    page = client_for(client, staff_user).get(reverse("training-list")).content.decode()
    assert "窗口服务规范宣贯" in page and "50.0%" in page and "1/2" in page
    detail = client.get(reverse("training-detail", args=[session.pk]))
    assert detail.status_code == 200
    assert client.post(reverse("training-detail", args=[session.pk]), {"attendees": []}).status_code == 403
