"""Demo organisation: the centre's profile, departments and windows, and users for every role.

Idempotent: departments are matched by code and users by username; existing rows are left as
they are (a second run creates nothing and changes nothing)."""

import datetime as dt

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.db import transaction

from qms.core.history import save_with_reason
from qms.org.models import ROLE_GROUP_NAMES, Department, Role, User
from qms.org.selectors import organisation_profile
from qms.org.services import roles_sync, user_set_roles

from .files import read_csv, read_json

REASON = "载入演示数据"


def load(stdout) -> None:
    with transaction.atomic():
        profile_done = _profile()
        departments = _departments()
        users = _users()
    stdout.write(
        f"  单位信息：{'已填写' if profile_done else '已存在，未改动'}；"
        f"部门/窗口：新增 {departments} 个；用户：新增 {users} 个"
    )


def _profile() -> bool:
    """Fill the organisation profile once (while it still has its default name)."""
    profile = organisation_profile()
    if profile.address:
        return False
    data = read_json("organisation.json")
    for field in ("pilot_start", "pilot_end"):
        data[field] = dt.date.fromisoformat(data[field])
    for field, value in data.items():
        setattr(profile, field, value)
    profile.standard_prefix = settings.ORG_STANDARD_PREFIX
    save_with_reason(profile, reason=REASON)
    return True


def _departments() -> int:
    existing = set(Department.objects.values_list("code", flat=True))
    created = 0
    for row in read_csv("departments.csv"):
        if row["code"] in existing:
            continue
        department = Department(code=row["code"], name=row["name"], kind=row["kind"], window=row["window"],
                                phone=row["phone"], order=int(row["order"]))
        save_with_reason(department, reason=REASON)
        created += 1
    return created


def _users() -> int:
    """Create missing users. Every demo login shares settings.DEMO_PASSWORD; the hash is computed
    once (hashing is deliberately slow) and given to each new user."""
    if Group.objects.filter(name__in=ROLE_GROUP_NAMES.values()).count() < len(ROLE_GROUP_NAMES):
        roles_sync()  # groups are made after migrate; this covers a database migrated without signals
    existing = set(User.objects.values_list("username", flat=True))
    departments = {d.code: d for d in Department.objects.all()}
    password = None
    created = 0
    for row in read_csv("users.csv"):
        if row["username"] in existing:
            continue
        password = password or make_password(settings.DEMO_PASSWORD)
        user = User(username=row["username"], last_name=row["last_name"], first_name=row["first_name"],
                    department=departments.get(row["department"]), title=row["title"],
                    is_staff=row["is_staff"] == "1", password=password,
                    email=f"{row['username']}@qinghe-zwfw.example.cn")
        user.full_clean()
        user.save()
        roles = [Role(value) for value in row["roles"].split(";") if value]
        if roles:
            user_set_roles(user=user, roles=roles)
        created += 1
    return created
