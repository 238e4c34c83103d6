"""Role-by-department matrix: every sensitive action for every role, inside and outside the
nonconformity's department (market). 'head' is the market head, 'head_out' the tax head."""

import datetime as dt

import pytest

from audits.models import CAStatus, Nonconformity
from qms.org.models import Role

from ..factories import UserFactory

pytestmark = pytest.mark.django_db
ROLES = ["office", "auditor", "manager", "head", "head_out", "staff", "auditor_in"]


@pytest.fixture
def users(role_users, departments):
    return {**role_users,
            "head_out": UserFactory(username="taxhead", roles=[Role.DEPARTMENT_HEAD], department=departments["tax"]),
            "auditor_in": UserFactory(username="mkaud", roles=[Role.AUDITOR], department=departments["market"])}


def as_user(client, users, role):
    client.force_login(users[role])
    return client


def _propose_data(owner):
    return {"propose-correction": "补签", "propose-why1": "未要求签字", "propose-root_cause": "培训缺失",
            "propose-action_plan": "每周抽查", "propose-owner": owner.pk,
            "propose-due_date": (dt.date.today() + dt.timedelta(days=9)).isoformat()}


def _to_review(nc, head):
    from audits import services

    services.corrective_action_propose(actor=head, action=nc.actions.get(), correction="c", why_chain=["w"],
                                       root_cause="r", action_plan="p", owner=head,
                                       due_date=dt.date.today() + dt.timedelta(days=5))


MATRIX = {
    # action: {role: expected status}
    "home": {"office": 200, "auditor": 200, "manager": 200, "head": 200, "head_out": 200, "staff": 403,
             "auditor_in": 200},
    "audit_detail": {"office": 200, "auditor": 200, "manager": 200, "head": 403, "head_out": 403, "staff": 403,
                     "auditor_in": 200},
    "audit_create": {"office": 403, "auditor": 302, "manager": 403, "head": 403, "head_out": 403, "staff": 403,
                     "auditor_in": 200},  # the market auditor gets the form back: independence refusal
    "record": {"office": 403, "auditor": 200, "manager": 403, "head": 403, "head_out": 403, "staff": 403,
               "auditor_in": 403},  # not on the team
    "nc_detail": {"office": 200, "auditor": 200, "manager": 200, "head": 200, "head_out": 403, "staff": 403,
                  "auditor_in": 200},
    "nc_report": {"office": 200, "auditor": 200, "manager": 200, "head": 200, "head_out": 403, "staff": 403,
                  "auditor_in": 200},
    "propose": {"office": 403, "auditor": 403, "manager": 403, "head": 302, "head_out": 403, "staff": 403,
                "auditor_in": 403},
    "accept": {"office": 403, "auditor": 302, "manager": 403, "head": 403, "head_out": 403, "staff": 403,
               "auditor_in": 403},
    "nc_create": {"office": 302, "auditor": 302, "manager": 302, "head": 403, "head_out": 403, "staff": 403,
                  "auditor_in": 302},
}
CASES = [(action, role) for action in MATRIX for role in ROLES]


@pytest.mark.parametrize(("action", "role"), CASES)
def test_permission_matrix(client, users, nonconformity, departments, action, role):
    nc, head = nonconformity, users["head"]
    client = as_user(client, users, role)
    item = nc.audit.items.exclude(pk=nc.checklist_item_id).first()
    if action == "home":
        response = client.get("/audits/")
    elif action == "audit_detail":
        response = client.get(f"/audits/{nc.audit_id}/")
    elif action == "audit_create":
        response = client.post("/audits/new/", {"title": "专项审核", "lead_auditor": users[role].pk,
                                                "departments": [departments["market"].pk]})
    elif action == "record":
        response = client.post(f"/audits/checklist-items/{item.pk}/record/", {"result": "conform"},
                               HTTP_HX_REQUEST="true")
    elif action == "nc_detail":
        response = client.get(f"/audits/nonconformities/{nc.pk}/")
    elif action == "nc_report":
        response = client.get(f"/audits/nonconformities/{nc.pk}/report/")
    elif action == "propose":
        data = _propose_data(head)
        response = client.post(f"/audits/corrective-actions/{nc.actions.get().pk}/propose/", data)
    elif action == "accept":
        _to_review(nc, head)
        response = client.post(f"/audits/corrective-actions/{nc.actions.get().pk}/accept/", {"accept-note": "同意"})
    elif action == "nc_create":
        response = client.post("/audits/nonconformities/new/", {
            "source": "complaint", "source_ref": "TS-1", "department": departments["tax"].pk,
            "description": "投诉反映超时", "grade": "minor"})
    assert response.status_code == MATRIX[action][role], (action, role)
    if action == "propose" and role == "head":
        assert nc.actions.get().status == CAStatus.TO_REVIEW
    if action == "accept" and role == "auditor":
        assert nc.actions.get().status == CAStatus.IMPLEMENTING


@pytest.mark.parametrize("role", ROLES)
def test_register_shows_each_role_only_what_it_may_see(client, users, nonconformity, role):
    response = as_user(client, users, role).get("/audits/nonconformities/")
    if role == "staff":
        assert response.status_code == 403
        return
    visible = nonconformity.number.encode() in response.content
    assert visible == (role != "head_out")
    export = client.get("/audits/nonconformities/export/")
    assert export.status_code == 200
    assert Nonconformity.objects.count() == 1
