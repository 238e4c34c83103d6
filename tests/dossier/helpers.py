"""A small centre for dossier tests: in-house and adopted standards in force, a planned one,
a withdrawn one, and a scored self-assessment."""

import io
import zipfile

from qms.org.models import Department
from qms.org.selectors import organisation_profile
from standards import services as standard_services
from standards.models import Level, Origin

from ..assessment.helpers import example_assessment, fill_all
from ..standards.helpers import make_in_force, make_standard

# In-house standards in force, in table order (node 101 < 201 < 301; code within a node).
BOOK = [("101-01", "Q/XZFW 101.01-2024", "标准化工作导则"),
        ("201-01", "Q/XZFW 201.01-2024", "服务环境管理规范"),
        ("301-01", "Q/XZFW 301.01-2024", "窗口服务规范"),
        ("301-02", "Q/XZFW 301.02-2024", "首问负责制规范")]


def completed_audit(auditor_user, department):
    """A finished internal audit of `department` last month, with one nonconformity."""
    import datetime as dt

    from django.utils import timezone

    from audits import services as audit_services
    from audits.models import Grade, Result

    start = timezone.localdate() - dt.timedelta(days=30)
    audit = audit_services.audit_create(actor=auditor_user, title="年度内部审核", lead_auditor=auditor_user,
                                        departments=[department], criteria="本中心服务标准体系",
                                        start_date=start, end_date=start + dt.timedelta(days=2))
    audit_services.checklist_generate(actor=auditor_user, audit=audit)
    audit = audit_services.audit_start(actor=auditor_user, audit=audit)
    for index, item in enumerate(audit.items.order_by("order")):
        if index == 0:
            audit_services.checklist_item_record(actor=auditor_user, item=item, result=Result.NONCONFORM,
                                                 grade=Grade.MINOR, clause="5.2", evidence="抽查 3 份告知单",
                                                 description="一次性告知单未签字")
        else:
            audit_services.checklist_item_record(actor=auditor_user, item=item, result=Result.CONFORM, evidence="符合")
    return audit_services.audit_complete(actor=auditor_user, audit=audit, conclusion="体系运行基本有效")


def centre(office_user, manager_user, *, scored=True):
    profile = organisation_profile()
    profile.name, profile.address = "示例县政务服务中心 <试点> & 示范", "人民路 1 号"
    profile.save()
    market = Department.objects.get(code="SCJG")
    for code, number, name in reversed(BOOK):  # created out of order on purpose
        standard, _edition = make_in_force(office_user, code=code, node=code[:3], number=number, name=name,
                                           lines=(f"1 范围\n本标准规定了{name}的要求。", "2 要求 & 条件 <一>"))
        standard.applicable_departments.set([market])
    make_in_force(office_user, code="301-03", number="GB/T 19001-2016", name="质量管理体系 要求",
                  origin=Origin.ADOPTED, level=Level.NATIONAL)
    make_standard(office_user, code="301-04", name="投诉处理规范")  # planned: no edition
    _standard, withdrawn = make_in_force(office_user, code="302-01", node="302", number="Q/XZFW 302.01-2020",
                                         name="旧规范")
    standard_services.edition_withdraw(actor=office_user, edition=withdrawn, reason="已合并")
    template, assessment = example_assessment(manager_user)
    if scored:
        fill_all(manager_user, assessment, points=3)
    return assessment


def zip_members(data: bytes) -> dict[str, bytes]:
    archive = zipfile.ZipFile(io.BytesIO(data))
    return {name: archive.read(name) for name in archive.namelist()}


def job_bytes(dossier) -> bytes:
    dossier.refresh_from_db()
    with dossier.job.file.open("rb") as handle:
        return handle.read()
