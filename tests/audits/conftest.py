"""Fixtures for the audits tests: two in-force standards for the market department, an audit
of that department by the office's auditor, and a nonconformity raised on its checklist."""

import datetime as dt

import pytest

from audits import services
from audits.models import Grade, Result
from qms.org.models import Role
from standards.models import Standard

from ..factories import UserFactory, qualify
from ..standards.helpers import make_in_force


@pytest.fixture(autouse=True)
def _fast_password_hasher(settings):
    """The shared user fixtures hash a password per user (PBKDF2, ~0.5 s each on this machine);
    a fast hasher keeps the role matrix quick. No test here checks password strength."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def standards_in_force(office_user, departments):
    first, _e1 = make_in_force(office_user, code="301-01", name="窗口服务规范", number="Q/XZFW 301.01-2024")
    second, _e2 = make_in_force(office_user, code="302-01", name="一次性告知规范", node="302",
                                number="Q/XZFW 302.01-2024")
    for standard in (first, second):
        standard.applicable_departments.set([departments["market"]])
    return [Standard.objects.get(pk=first.pk), Standard.objects.get(pk=second.pk)]


@pytest.fixture
def second_auditor(departments):
    user = UserFactory(username="auditor2", roles=[Role.AUDITOR], department=departments["tax"],
                       last_name="钱", first_name="审")
    qualify(user)
    return user


@pytest.fixture
def market_staff(departments):
    return UserFactory(username="clerk", roles=[], department=departments["market"], last_name="孙", first_name="办")


@pytest.fixture
def planned_audit(auditor_user, departments, standards_in_force):
    audit = services.audit_create(
        actor=auditor_user, title="2026年度第一次内部审核", lead_auditor=auditor_user,
        departments=[departments["market"]], criteria="GB/T 19001-2016；本中心服务标准体系",
        start_date=dt.date(2026, 3, 10), end_date=dt.date(2026, 3, 12),
    )
    services.checklist_generate(actor=auditor_user, audit=audit)
    return audit


@pytest.fixture
def running_audit(planned_audit, auditor_user):
    return services.audit_start(actor=auditor_user, audit=planned_audit, opening_notes="首次会议已召开")


@pytest.fixture
def nonconformity(running_audit, auditor_user):
    item = running_audit.items.order_by("order").first()
    services.checklist_item_record(actor=auditor_user, item=item, result=Result.NONCONFORM, grade=Grade.MINOR,
                                   clause="5.2", evidence="抽查3份一次性告知单，2份未签字",
                                   description="一次性告知单未按标准要求由申请人签字确认")
    item.refresh_from_db()
    return item.nonconformity
