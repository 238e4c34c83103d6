"""A small centre's standard system built through the services: adopted and in-house standards
in force, a revised one (superseded edition), planned ones (待制定/待采用/待修订), a draft and a
withdrawn one. Shared by the system-table and import tests."""

import datetime as dt

from standards import services
from standards.models import Level, Origin, Plan, Standard, SystemNode

IN_FORCE = [
    # code, number, name, level, origin, effective_on, replaces
    ("101-01", "GB/T 1.1-2020", "标准化工作导则 第1部分：标准化文件的结构和起草规则", Level.NATIONAL,
     Origin.ADOPTED, dt.date(2020, 10, 1), "GB/T 1.1-2009"),
    ("102-01", "GB/T 20000.1-2014", "标准化工作指南 第1部分：标准化和相关活动的通用术语", Level.NATIONAL,
     Origin.ADOPTED, dt.date(2015, 6, 1), ""),
    ("203-01", "GB/T 29639-2020", "生产经营单位生产安全事故应急预案编制导则", Level.NATIONAL,
     Origin.ADOPTED, dt.date(2021, 4, 1), "GB/T 29639-2013"),
    ("205-01", "GB/T 32168-2015", "政务服务中心网上服务规范", Level.NATIONAL, Origin.ADOPTED,
     dt.date(2016, 6, 1), ""),
    ("301-01", "GB/T 32169.1-2015", "政务服务中心运行规范 第1部分：基本要求", Level.NATIONAL,
     Origin.ADOPTED, dt.date(2016, 6, 1), ""),
    ("301-02", "DB41/T 1234-2019", "政务服务大厅窗口服务规范", Level.LOCAL, Origin.ADOPTED,
     dt.date(2019, 12, 1), ""),
    ("301-03", "MZ/T 001-2013", "婚姻登记机关等级评定规范", Level.SECTOR, Origin.ADOPTED,
     dt.date(2013, 9, 1), ""),
    ("302-01", "Q/XZFW 302.01-2024", "首问负责制工作规范", Level.ENTERPRISE, Origin.IN_HOUSE,
     dt.date(2024, 3, 1), ""),
    ("302-02", "Q/XZFW 302.02-2024", "一次性告知工作规范", Level.ENTERPRISE, Origin.IN_HOUSE,
     dt.date(2024, 3, 1), ""),
    ("304-01", "T/CAQP 015-2020", "政务服务质量评价指南", Level.GROUP, Origin.ADOPTED,
     dt.date(2020, 8, 1), ""),
]


# The workflow tests take editions through review and approval; here they are registered as in force.
EXEMPT = "测试：直接登记现行版本"


def build_centre(actor) -> dict[str, Standard]:
    made = {}
    for code, number, name, level, origin, effective_on, replaces in IN_FORCE:
        standard = services.standard_create(actor=actor, code=code, name=name, level=level, origin=origin,
                                            node=SystemNode.objects.get(code=code[:3]))
        edition = services.edition_create(actor=actor, standard=standard, number=number, replaces=replaces,
                                          effective_on=effective_on)
        services.edition_publish(actor=actor, edition=edition, effective_on=effective_on,
                                 published_on=effective_on, exempt_reason=EXEMPT)
        made[code] = standard
    # A revision: 302-01's 2024 edition replaces an earlier in-house one.
    revised = made["302-01"]
    newer = services.edition_create(actor=actor, standard=revised, number="Q/XZFW 302.01-2025",
                                    effective_on=dt.date(2025, 5, 1))
    services.edition_publish(actor=actor, edition=newer, effective_on=dt.date(2025, 5, 1), exempt_reason=EXEMPT)
    # Planned rows.
    for code, name, level, origin, plan in (
        ("303-01", "窗口服务质量监督检查规范", Level.ENTERPRISE, Origin.IN_HOUSE, Plan.TO_DRAFT),
        ("305-01", "政务服务“好差评”工作规范", Level.LOCAL, Origin.ADOPTED, Plan.TO_ADOPT),
    ):
        made[code] = services.standard_create(actor=actor, code=code, name=name, level=level, origin=origin,
                                              node=SystemNode.objects.get(code=code[:3]), plan=plan,
                                              notes="2026年完成" if plan == Plan.TO_DRAFT else "")
    made["301-02"] = services.standard_update(actor=actor, standard=Standard.objects.get(code="301-02"),
                                              expected_version=Standard.objects.get(code="301-02").version,
                                              plan=Plan.TO_REVISE)
    # A draft in-house standard, and a withdrawn one (not in the table).
    drafting = services.standard_create(actor=actor, code="304-02", name="AB岗工作制度", level=Level.ENTERPRISE,
                                        origin=Origin.IN_HOUSE, node=SystemNode.objects.get(code="304"))
    services.edition_create(actor=actor, standard=drafting, number="Q/XZFW 304.02-2026")
    made["304-02"] = drafting
    gone = services.standard_create(actor=actor, code="209-01", name="合同管理办法", level=Level.ENTERPRISE,
                                    origin=Origin.IN_HOUSE, node=SystemNode.objects.get(code="209"))
    edition = services.edition_create(actor=actor, standard=gone, number="Q/XZFW 209.01-2018")
    services.edition_publish(actor=actor, edition=edition, exempt_reason=EXEMPT)
    services.edition_withdraw(actor=actor, edition=edition, reason="并入财务管理制度")
    return made
