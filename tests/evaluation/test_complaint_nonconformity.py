"""A substantiated complaint raises a nonconformity (source: complaint) in one step, through the
audit app's nonconformity_raise; the management review then counts it among its inputs."""

import datetime as dt

import pytest
import time_machine
from django.apps import apps

from audits.evaluation import sources
from audits.evaluation.selectors.reviews import review_inputs
from audits.evaluation.services import complaints as svc
from audits.evaluation.services import reviews as review_svc
from qms.core.errors import ApplicationError, PermissionRefused

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(sources.nonconformity_raiser() is None, reason="needs the audit app's nonconformity_raise"),
]
TZ = dt.timezone(dt.timedelta(hours=8))


def _replied(office_user, department, *, substantiated=True):
    with time_machine.travel(dt.datetime(2025, 3, 3, 10, tzinfo=TZ), tick=False):
        c = svc.complaint_create(actor=office_user, channel="hotline", complainant_name="张三", department=department,
                                 description="一次性告知单漏列材料，跑了三趟。")
        return svc.complaint_reply(actor=office_user, complaint=c, reply="属实，已整改。", substantiated=substantiated)


def test_substantiated_complaint_raises_one_nonconformity(office_user, auditor_user, departments):
    complaint = _replied(office_user, departments["market"])
    with pytest.raises(PermissionRefused):
        svc.complaint_raise_nonconformity(actor=auditor_user, complaint=complaint, grade="minor", description="x")
    nc = svc.complaint_raise_nonconformity(actor=office_user, complaint=complaint, grade="minor",
                                           description="未执行一次性告知制", clause="4.2")
    assert (nc.source, nc.source_ref, nc.department, nc.grade) == ("complaint", complaint.number,
                                                                   departments["market"], "minor")
    assert "一次性告知单漏列材料" in nc.evidence
    complaint.refresh_from_db()
    assert complaint.nonconformity_ref == nc.number
    assert complaint.events.last().note == f"提出不符合项 {nc.number}"
    with pytest.raises(ApplicationError, match="已提出不符合项"):
        svc.complaint_raise_nonconformity(actor=office_user, complaint=complaint, grade="minor", description="再次")


def test_unsubstantiated_complaint_cannot_raise_one(office_user, departments):
    complaint = _replied(office_user, departments["tax"], substantiated=False)
    with pytest.raises(ApplicationError, match="属实"):
        svc.complaint_raise_nonconformity(actor=office_user, complaint=complaint, grade="minor", description="x")
    assert apps.get_model("audits", "Nonconformity").objects.count() == 0


def test_raised_from_the_page_and_counted_in_the_review(client, office_user, manager_user, departments):
    complaint = _replied(office_user, departments["market"])
    client.force_login(office_user)
    page = client.get(f"/evaluation/complaints/{complaint.pk}/").content.decode()
    assert 'id="nc-form"' in page
    response = client.post(f"/evaluation/complaints/{complaint.pk}/nonconformity/",
                           {"grade": "minor", "clause": "4.2", "description": "未执行一次性告知制"}, follow=True)
    page = response.content.decode()
    assert "已提出不符合项 NC-" in page
    nc = apps.get_model("audits", "Nonconformity").objects.get()
    assert f'href="/audits/nonconformities/{nc.pk}/"' in page
    review = review_svc.review_create(actor=manager_user, title="年度管理评审", period_start=dt.date(2025, 1, 1),
                                      period_end=dt.date(2030, 12, 31), planned_on=dt.date(2025, 1, 2))
    audits = {s.key: s for s in review_inputs(review)}["audits"]
    assert audits.available and "其中来自投诉 1 项" in audits.lines[0]
