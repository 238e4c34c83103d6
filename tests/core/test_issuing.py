"""发文字号: notices take 机关代字〔年份〕序号号 from the profile's 发文机关代字 and a yearly
sequence without gaps; publishing an approved edition and issuing a 月通报 take the next one."""

import datetime as dt

import pytest
from django.db import transaction
from django.urls import reverse

from qms.core.issuing import document_number_issue
from qms.core.models import IssuedDocument
from qms.org.selectors import organisation_profile
from standards import services
from standards.documents import build_publication_notice_docx
from standards.selectors import publication_notice_context
from tests.conftest import client_for

from ..docs import docx_all_text
from ..standards.helpers import make_in_force

pytestmark = pytest.mark.django_db


@pytest.fixture
def code(db):
    profile = organisation_profile()
    profile.document_code = "青政服"
    profile.save()
    return profile.document_code


def _issue(actor, title, day=dt.date(2026, 3, 1), subject=""):
    return document_number_issue(actor=actor, kind=IssuedDocument.Kind.OTHER, title=title, issued_on=day,
                                 subject=subject)


def test_numbers_run_per_year_from_the_profiles_code(code, office_user):
    assert _issue(office_user, "一").number == "青政服〔2026〕1号"
    assert _issue(office_user, "二").number == "青政服〔2026〕2号"
    assert _issue(office_user, "三", dt.date(2027, 1, 4)).number == "青政服〔2027〕1号"
    assert _issue(office_user, "again", subject="x:1") == _issue(office_user, "again", subject="x:1")


def test_a_rolled_back_act_returns_its_number(code, office_user):
    _issue(office_user, "一")
    with pytest.raises(RuntimeError), transaction.atomic():
        _issue(office_user, "作废")
        raise RuntimeError
    assert _issue(office_user, "二").number == "青政服〔2026〕2号"
    assert list(IssuedDocument.objects.order_by("seq").values_list("seq", flat=True)) == [1, 2]


def test_publishing_an_approved_edition_takes_the_next_number_for_its_notice(code, office_user, manager_user,
                                                                             departments, client):
    from tests.factories import UserFactory

    standard, current = make_in_force(office_user)
    assert not IssuedDocument.objects.exists()  # registering an existing standard announces nothing
    from tests.standards.helpers import revise_text

    edition = revise_text(office_user, services.edition_revision_start(actor=office_user, standard=standard,
                                                                       reason="修订"))
    reviewer = UserFactory(username="office2", roles=["office"], department=departments["office"])
    services.edition_submit(actor=office_user, edition=edition)
    services.edition_review_sign(actor=reviewer, edition=edition, approve=True)
    services.edition_approve(actor=manager_user, edition=edition, approve=True, effective_on=dt.date.today())
    edition.refresh_from_db()
    issued = IssuedDocument.objects.get()
    year = edition.published_on.year
    assert issued.number == f"青政服〔{year}〕1号" and issued.subject == f"edition:{edition.pk}"
    text = docx_all_text(build_publication_notice_docx(publication_notice_context(edition)))
    published = edition.published_on
    for expected in (issued.number, f"关于发布《{edition.title}》的通知", "各科室、各进驻部门窗口：",
                     "附件：标准发布信息表", f"{published.year}年{published.month}月{published.day}日"):
        assert expected in text, expected
    assert published.isoformat() not in text
    page = client_for(client, office_user).get(reverse("issued-document-list"), {"year": year}).content.decode()
    assert issued.number in page and issued.title in page
