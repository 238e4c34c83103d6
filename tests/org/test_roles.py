import pytest
from django.contrib.auth.models import Group

from qms.org.models import ROLE_GROUP_NAMES, Role
from qms.org.roles import has_role, is_office

pytestmark = pytest.mark.django_db


def test_every_role_is_a_group_after_migrate():
    assert set(Group.objects.values_list("name", flat=True)) >= set(ROLE_GROUP_NAMES.values())


def test_office_group_holds_standards_edit_permissions():
    office = Group.objects.get(name=ROLE_GROUP_NAMES[Role.OFFICE])
    codes = set(office.permissions.values_list("codename", flat=True))
    assert {"change_standard", "add_edition", "change_systemnode"} <= codes
    auditor = Group.objects.get(name=ROLE_GROUP_NAMES[Role.AUDITOR])
    assert "change_standard" not in set(auditor.permissions.values_list("codename", flat=True))


def test_role_predicates(role_users):
    assert is_office(role_users["office"]) and not is_office(role_users["auditor"])
    assert has_role(role_users["head"], Role.DEPARTMENT_HEAD)
    assert not has_role(role_users["staff"], *Role.values)


def test_admin_role_reaches_django_admin_but_standards_stay_read_only(client, role_users):
    client.force_login(role_users["admin"])
    assert client.get("/admin/").status_code == 200
    assert client.get("/standards/new/").status_code == 403
