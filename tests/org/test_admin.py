"""The Django admin for the 系统管理员 role: people and departments, never privileges or other
people's passwords, and no complainant's personal data."""

import datetime as dt

import pytest
from django.contrib.auth.models import Group

from audits.evaluation.services import complaints as complaint_svc
from qms.org.models import ROLE_GROUP_NAMES, Role, User

from ..factories import UserFactory

pytestmark = pytest.mark.django_db


def _change_form_data(client, user):
    """The user change form as the admin page fills it in, ready to post back."""
    page = client.get(f"/admin/org/user/{user.pk}/change/")
    assert page.status_code == 200
    form = page.context["adminform"].form
    data = {}
    for name, field in form.fields.items():
        value = form.initial.get(name, field.initial)
        if value is None or name == "password":
            continue
        if isinstance(value, bool):
            if value:
                data[name] = "on"
        elif hasattr(value, "__iter__") and not isinstance(value, str):
            data[name] = [getattr(v, "pk", v) for v in value]
        elif isinstance(value, dt.datetime):
            data[f"{name}_0"], data[f"{name}_1"] = value.strftime("%Y-%m-%d"), value.strftime("%H:%M:%S")
        else:
            data[name] = getattr(value, "pk", value)
    return data


def test_administrator_cannot_make_themselves_superuser_or_give_roles(client, admin_user_role, departments):
    client.force_login(admin_user_role)
    office_group = Group.objects.get(name=ROLE_GROUP_NAMES[Role.OFFICE])
    data = _change_form_data(client, admin_user_role)
    data.update(is_superuser="on", groups=[office_group.pk], title="系统管理员")
    response = client.post(f"/admin/org/user/{admin_user_role.pk}/change/", data)
    assert response.status_code == 302, response.content.decode()[:2000]
    admin_user_role.refresh_from_db()
    assert admin_user_role.title == "系统管理员"  # the ordinary fields were saved
    assert not admin_user_role.is_superuser
    assert not admin_user_role.groups.filter(pk=office_group.pk).exists()


def test_administrator_cannot_set_another_persons_password(client, admin_user_role, office_user):
    client.force_login(admin_user_role)
    url = f"/admin/org/user/{office_user.pk}/password/"
    assert client.get(url).status_code == 403
    client.post(url, {"password1": "Taken-over-42!", "password2": "Taken-over-42!"})
    office_user.refresh_from_db()
    assert office_user.check_password("pw-123456")


def test_administrator_cannot_change_a_superuser(client, admin_user_role):
    root = UserFactory(username="root", is_superuser=True, is_staff=True)
    client.force_login(admin_user_role)
    response = client.post(f"/admin/org/user/{root.pk}/change/", {"username": "root", "is_active": ""})
    assert response.status_code == 403
    assert User.objects.get(pk=root.pk).is_active


def test_superuser_still_grants_roles_and_sets_passwords(client, office_user):
    root = UserFactory(username="root", is_superuser=True, is_staff=True)
    client.force_login(root)
    manager_group = Group.objects.get(name=ROLE_GROUP_NAMES[Role.MANAGER])
    data = _change_form_data(client, office_user)
    data["groups"] = [*data.get("groups", []), manager_group.pk]
    assert client.post(f"/admin/org/user/{office_user.pk}/change/", data).status_code == 302
    assert office_user.groups.filter(pk=manager_group.pk).exists()
    password = {"password1": "New-secret-42!", "password2": "New-secret-42!", "usable_password": "true"}
    assert client.post(f"/admin/org/user/{office_user.pk}/password/", password).status_code == 302
    office_user.refresh_from_db()
    assert office_user.check_password("New-secret-42!")


def test_complainants_are_not_shown_to_administrators_in_the_admin(client, admin_user_role, office_user, departments):
    complaint = complaint_svc.complaint_create(
        actor=office_user, channel="hotline", complainant_name="张三丰", complainant_phone="13812345678",
        complainant_contact="城关镇幸福路8号", description="窗口人员让我多跑了两次。", department=departments["market"])
    history_id = complaint.history.first().history_id
    client.force_login(admin_user_role)
    pages = [
        "/admin/evaluation/complaint/", f"/admin/evaluation/complaint/{complaint.pk}/change/",
        f"/admin/evaluation/complaint/{complaint.pk}/history/",
        f"/admin/evaluation/complaint/{complaint.pk}/history/{history_id}/",
    ]
    for url in pages:
        response = client.get(url)
        body = response.content.decode()
        assert "张三丰" not in body and "13812345678" not in body and "幸福路" not in body, url
        assert response.status_code in (403, 404), url
    assert "张三丰" not in client.get("/admin/").content.decode()
