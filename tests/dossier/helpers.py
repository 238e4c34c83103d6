"""A small centre for dossier tests: in-house and adopted standards in force, a planned one,
a withdrawn one, and a scored self-assessment."""

import io
import zipfile

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


def centre(office_user, manager_user, *, scored=True):
    profile = organisation_profile()
    profile.name, profile.address = "示例县政务服务中心 <试点> & 示范", "人民路 1 号"
    profile.save()
    for code, number, name in reversed(BOOK):  # created out of order on purpose
        make_in_force(office_user, code=code, node=code[:3], number=number, name=name,
                      lines=(f"1 范围\n本标准规定了{name}的要求。", "2 要求 & 条件 <一>"))
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
