"""Complaints: working-day deadlines, the handling workflow, escalation of overdue complaints by the
daily job with time controlled, the complaint figure, and masking of personal data per role."""

import datetime as dt
import io

import pytest
import time_machine
from openpyxl import load_workbook

from audits.evaluation.figures import complaints_on_time
from audits.evaluation.models import Complaint, ComplaintStatus, Feedback
from audits.evaluation.services import complaints as svc
from audits.evaluation.tasks import complaints_escalate_task
from qms.core.calendar import holiday_save, working_day_add, working_days_between
from qms.core.errors import ApplicationError, PermissionRefused, TransitionRefused
from qms.core.models import Holiday, Notification
from qms.org.models import Role

from ..factories import UserFactory

pytestmark = pytest.mark.django_db
TZ = dt.timezone(dt.timedelta(hours=8))


def _at(day: dt.date, hour=10):
    return time_machine.travel(dt.datetime(day.year, day.month, day.day, hour, tzinfo=TZ), tick=False)


def complaint(actor, department, *, received_on, **kw):
    fields = {"channel": "hotline", "complainant_name": "张三丰", "complainant_phone": "13812345678",
              "complainant_contact": "城关镇幸福路8号", "description": "窗口人员让我多跑了两次。",
              "item_name": "企业设立登记", **kw}
    with _at(received_on):
        return svc.complaint_create(actor=actor, department=department, received_on=received_on, **fields)


def test_deadline_counts_working_days_with_holidays_and_make_up_days(office_user):
    friday = dt.date(2025, 9, 26)
    # The State Council's schedule: 9-28 (Sunday) worked, 10-1 to 10-8 off.
    assert working_day_add(friday, 5) == dt.date(2025, 10, 10)
    assert working_days_between(friday, dt.date(2025, 10, 10)) == 5
    holiday_save(actor=office_user, date=dt.date(2025, 10, 9), name="本地放假")
    assert working_day_add(friday, 5) == dt.date(2025, 10, 11)  # Saturday 10-11 is a 调休 working day
    assert Holiday.objects.get(date=dt.date(2025, 10, 9)).history.first().history_user == office_user


def test_complaint_handled_from_intake_to_closure(office_user, head_user, departments):
    c = complaint(office_user, departments["market"], received_on=dt.date(2025, 3, 3))
    assert c.number == "TS-2025-001" and c.due_on == dt.date(2025, 3, 10) and c.status == ComplaintStatus.RECEIVED
    assert Notification.objects.filter(recipient=head_user, verb="complaint").exists()
    with _at(dt.date(2025, 3, 5)):
        svc.complaint_investigate(actor=head_user, complaint=c, note="调取监控，情况属实。")
        c = svc.complaint_reply(actor=head_user, complaint=c, reply="已向您致歉并当场办结。", substantiated=True)
    assert (c.status, c.substantiated, c.replied_on, c.handler) == (
        ComplaintStatus.REPLIED, True, dt.date(2025, 3, 5), head_user)
    with _at(dt.date(2025, 3, 6)):
        c = svc.complaint_close(actor=office_user, complaint=c, feedback=Feedback.SATISFIED)
    assert c.status == ComplaintStatus.CLOSED
    moves = [(e.from_status, e.to_status) for e in c.events.all()]
    assert moves == [("", "received"), ("received", "investigating"), ("investigating", "replied"),
                     ("replied", "closed")]
    assert c.history.count() >= 4
    with pytest.raises(TransitionRefused):
        svc.complaint_reply(actor=office_user, complaint=c, reply="再次答复", substantiated=False)


def test_dissatisfied_complainant_reopens_and_reply_needs_a_finding(office_user, departments):
    c = complaint(office_user, departments["tax"], received_on=dt.date(2025, 3, 3))
    with pytest.raises(ApplicationError, match="是否属实"):
        svc.complaint_reply(actor=office_user, complaint=c, reply="答复", substantiated=None)
    with _at(dt.date(2025, 3, 4)):
        c = svc.complaint_reply(actor=office_user, complaint=c, reply="经核实不属实。", substantiated=False)
        c = svc.complaint_reopen(actor=office_user, complaint=c, reason="投诉人认为未核实监控")
    assert c.status == ComplaintStatus.INVESTIGATING and c.feedback == Feedback.DISSATISFIED
    assert c.due_on == dt.date(2025, 3, 11)  # a new deadline: 5 working days from the reopening


def test_who_may_record_and_handle(role_users, departments):
    with pytest.raises(PermissionRefused):
        complaint(role_users["auditor"], departments["market"], received_on=dt.date(2025, 3, 3))
    with pytest.raises(PermissionRefused):
        complaint(role_users["staff"], departments["market"], received_on=dt.date(2025, 3, 3))
    c = complaint(role_users["manager"], departments["tax"], received_on=dt.date(2025, 3, 3))
    for name in ("head", "manager", "auditor", "staff", "admin"):  # the head is of market, not tax
        with pytest.raises(PermissionRefused):
            svc.complaint_investigate(actor=role_users[name], complaint=c, note="查看")


def test_overdue_complaints_escalate_once_per_level(office_user, manager_user, head_user, departments):
    c = complaint(office_user, departments["market"], received_on=dt.date(2025, 3, 3))  # due Monday 10th
    with _at(dt.date(2025, 3, 10)):
        assert complaints_escalate_task() == 0
    with _at(dt.date(2025, 3, 11, ), hour=7):
        assert complaints_escalate_task() == 1
        assert complaints_escalate_task() == 0  # not twice
    c.refresh_from_db()
    assert (c.escalation_level, c.escalated_on) == (1, dt.date(2025, 3, 11))
    overdue = Notification.objects.filter(verb="complaint_overdue")
    assert set(overdue.values_list("recipient__username", flat=True)) == {"office", "head"}
    with _at(dt.date(2025, 3, 13)):
        assert complaints_escalate_task() == 0  # 3 working days after the deadline not yet passed
    with _at(dt.date(2025, 3, 14)):
        assert complaints_escalate_task() == 1
    assert overdue.filter(recipient=manager_user).count() == 1
    assert [e.note for e in c.events.all()][-1].startswith("超期未答复")


def test_replied_complaints_are_not_escalated(office_user, departments):
    c = complaint(office_user, departments["market"], received_on=dt.date(2025, 3, 3))
    with _at(dt.date(2025, 3, 12)):
        svc.complaint_reply(actor=office_user, complaint=c, reply="迟到的答复", substantiated=False)
    with _at(dt.date(2025, 3, 20)):
        assert complaints_escalate_task() == 0


def test_on_time_figure_counts_late_replies_and_open_overdue(office_user, departments):
    market = departments["market"]
    on_time = complaint(office_user, market, received_on=dt.date(2025, 3, 3))
    late = complaint(office_user, market, received_on=dt.date(2025, 3, 3))
    complaint(office_user, market, received_on=dt.date(2025, 3, 3))  # never replied
    complaint(office_user, market, received_on=dt.date(2025, 3, 20))  # not yet due on the 21st
    with _at(dt.date(2025, 3, 7)):
        svc.complaint_reply(actor=office_user, complaint=on_time, reply="答复", substantiated=True)
    with _at(dt.date(2025, 3, 12)):
        svc.complaint_reply(actor=office_user, complaint=late, reply="答复", substantiated=False)
    value = complaints_on_time(as_of=dt.date(2025, 3, 21))
    assert (value.numerator, value.denominator, value.value) == (1, 3, 33.33)
    assert "属实 1 件" in value.detail


@pytest.fixture
def tax_head(departments):
    return UserFactory(username="taxhead", roles=[Role.DEPARTMENT_HEAD], department=departments["tax"])


def _detail(client, user, pk):
    client.force_login(user)
    return client.get(f"/evaluation/complaints/{pk}/")


@pytest.mark.parametrize("role, sees", [
    ("office", True), ("manager", True), ("head", True),  # head of the window concerned
    ("auditor", False), ("admin", False), ("taxhead", False),
])
def test_complainant_shown_only_to_roles_that_handle_complaints(client, role_users, tax_head, departments, role, sees):
    c = complaint(role_users["office"], departments["market"], received_on=dt.date(2025, 3, 3))
    user = tax_head if role == "taxhead" else role_users[role]
    if role == "taxhead":  # a head of another department does not even list it
        assert _detail(client, user, c.pk).status_code == 404
        return
    page = _detail(client, user, c.pk).content.decode()
    assert ("张三丰" in page and "13812345678" in page and "幸福路" in page) is sees
    if not sees:
        assert "张**" in page and "138****5678" in page and "已脱敏" in page
    listing = client.get("/evaluation/complaints/").content.decode()
    assert ("13812345678" in listing) is sees
    sheet = load_workbook(io.BytesIO(client.get("/evaluation/complaints/export/").content)).active
    row = [cell.value for cell in sheet[2]]
    assert row[0] == c.number
    assert (row[3], row[4]) == (("张三丰", "13812345678") if sees else ("张**", "138****5678"))


def test_staff_see_their_own_windows_complaints_masked(client, role_users, departments):
    office, staff = role_users["office"], role_users["staff"]
    about_market = complaint(office, departments["market"], received_on=dt.date(2025, 3, 3))
    about_tax = complaint(office, departments["tax"], received_on=dt.date(2025, 3, 3), complainant_name="李四")
    assert _detail(client, staff, about_market.pk).status_code == 404
    page = _detail(client, staff, about_tax.pk).content.decode()
    assert "李*" in page and "李四" not in page
    assert client.get("/evaluation/complaints/new/").status_code == 403


def test_complaint_recorded_and_replied_through_the_pages(client, office_user, departments):
    client.force_login(office_user)
    response = client.post("/evaluation/complaints/new/", {
        "channel": "window", "complainant_name": "王五", "complainant_phone": "13900001111",
        "department": departments["market"].pk, "description": "材料一次性告知不全。"}, follow=True)
    c = Complaint.objects.get()
    assert "已登记投诉" in response.content.decode()
    client.post(f"/evaluation/complaints/{c.pk}/reply/", {"reply": "已补充告知。", "substantiated": "1"})
    c.refresh_from_db()
    assert c.status == ComplaintStatus.REPLIED and c.substantiated is True
    response = client.post(f"/evaluation/complaints/{c.pk}/close/", {"feedback": "bogus"})
    assert response.status_code == 200 and Complaint.objects.get().status == ComplaintStatus.REPLIED


def test_control_characters_in_a_complaint_do_not_break_the_export(client, office_user, departments):
    c = complaint(office_user, departments["market"], received_on=dt.date(2025, 3, 3),
                  description="多跑\x0b了两次\x08。")
    client.force_login(office_user)
    response = client.get("/evaluation/complaints/export/")
    assert response.status_code == 200
    row = [cell.value for cell in load_workbook(io.BytesIO(response.content)).active[2]]
    assert row[0] == c.number and "多跑了两次。" in row
