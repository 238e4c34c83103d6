import io

import pytest

from audits.models import Audit, AuditProgramme, AuditStatus, Nonconformity
from audits.selectors.figures import audit_figures
from qms.demo import audits as demo_audits
from qms.org.models import Department, Role
from standards.models import ChangeRequest

from ..factories import DepartmentFactory, UserFactory
from ..standards.helpers import make_in_force

pytestmark = pytest.mark.django_db


@pytest.fixture
def small_centre(office_user, auditor_user, second_auditor, departments):
    """A centre like the demo's: windows with heads, two auditors, standards in force."""
    windows = [departments["market"], departments["tax"]] + [
        DepartmentFactory(code=f"W{i}", name=f"窗口{i}", order=20 + i) for i in range(4)]
    for index, window in enumerate(windows):
        UserFactory(username=f"head{index}", roles=[Role.DEPARTMENT_HEAD], department=window)
    for index, node in enumerate(["301", "302", "303"]):
        standard, _edition = make_in_force(office_user, code=f"{node}-01", node=node, name=f"服务规范{index}",
                                           number=f"Q/XZFW {node}.01-2024")
        standard.applicable_departments.set(windows)
    return windows


def test_demo_year_has_programme_audits_and_a_dozen_nonconformities(small_centre):
    out = io.StringIO()
    demo_audits.load(out)
    assert "不符合项 12 项" in out.getvalue()
    assert AuditProgramme.objects.count() == 1
    statuses = sorted(Audit.objects.values_list("status", flat=True))
    assert statuses == [AuditStatus.COMPLETED, AuditStatus.COMPLETED, AuditStatus.IN_PROGRESS]
    assert Nonconformity.objects.count() == 12
    assert set(Nonconformity.objects.values_list("grade", flat=True)) == {"major", "minor", "observation"}
    assert set(Nonconformity.objects.values_list("source", flat=True)) == {
        "internal_audit", "complaint", "implementation_check", "external_audit", "management_review"}
    figures = audit_figures()
    assert figures["overdue_actions"] == 1 and figures["repeats"]
    assert Nonconformity.objects.filter(status="closed").count() == 4 and figures["mean_days_to_close"] > 10
    assert ChangeRequest.objects.filter(source="audit").count() == 1
    assert Audit.objects.get(status="in_progress").items.filter(result="").exists()


def test_demo_loader_is_idempotent_and_harmless_without_data(db):
    out = io.StringIO()
    demo_audits.load(out)
    assert "跳过" in out.getvalue() and not AuditProgramme.objects.exists()
    assert Department.objects.count() == 0


def test_second_run_changes_nothing(small_centre):
    demo_audits.load(io.StringIO())
    out = io.StringIO()
    demo_audits.load(out)
    assert "已存在" in out.getvalue() and Nonconformity.objects.count() == 12 and Audit.objects.count() == 3
