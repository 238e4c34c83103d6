"""Demo register of internal auditors and audit points (审核要点).

The centre's two auditors (督查科) hold certificates that cover this year's audits: 王建国 renewed
his in time (the lapsed certificate stays on the register), 赵俊杰's expires in about six weeks
(his 我的待办 shows it). A former auditor's lapsed certificate shows 已过期. Audit points are
drawn from the clauses of a handful of the centre's service standards (their current editions),
with how an auditor checks each one. Runs before the audits step; idempotent (nothing is done when
any certificate is on the register)."""

import datetime as dt

from django.db import transaction
from django.utils import timezone

from audits.models import AuditorQualification, AuditPoint
from audits.services import audit_point_add, qualification_add
from qms.core.history import save_with_reason
from qms.org.models import User
from standards.models import Standard, StandardStatus

from . import standard_texts as texts
from .files import read_json

COURSE = "GB/T 19011《管理体系审核指南》暨服务标准化内审员培训"
ISSUER = "省标准化研究院"
POINT_STANDARDS = ("301-03", "301-07", "301-08", "301-09", "301-11")
METHODS = [  # (words in the clause, how to check it)
    (("记录", "登记", "交接", "留存", "告知单"), "抽查近一个月的相关记录 5 份，核对填写是否完整、签字是否齐全。"),
    (("公示", "公开", "名单"), "现场查看窗口及中心网站公示内容，核对是否为现行版本。"),
    (("时限", "工作日", "预警", "超时", "分钟"), "调取政务服务管理系统办件数据，抽查 10 笔核对办理时限和预警记录。"),
    (("熟悉", "应立即", "引导", "问候"), "现场观察窗口服务过程，随机询问 2 名窗口人员对该条款的掌握情况。"),
]
DEFAULT_METHOD = "现场观察并询问窗口人员，查阅相关制度和记录，核实执行情况。"


def load(stdout) -> None:
    if AuditorQualification.objects.exists():
        stdout.write("  内审员名册已有记录，未改动")
        return
    office = User.objects.filter(username="office").first()
    if office is None:
        stdout.write("  跳过：缺少标准化办公室用户（请先载入组织演示数据）")
        return
    today = timezone.localdate()
    with transaction.atomic():
        certificates = _register(office, today)
        points = _points(office)
    stdout.write(f"  内审员资格证书 {certificates} 份；审核要点 {points} 条")


def _years_ago(today: dt.date, years: int, month: int, day: int) -> dt.date:
    return dt.date(today.year - years, month, day)


def _register(office, today: dt.date) -> int:
    users = {u.username: u for u in User.objects.filter(username__in=["auditor", "zx_dck_01", "zx_dck_02"])}
    count = 0
    lead = users.get("auditor")
    if lead is not None:
        lapsed = AuditorQualification(
            auditor=lead, course="GB/T 19001 质量管理体系内审员培训", issuer=ISSUER,
            certificate_number=f"BZY-NS-{today.year - 6}-0137", obtained_on=_years_ago(today, 6, 4, 20),
            expires_on=_years_ago(today, 3, 4, 19), created_by=office, note="已换证")
        save_with_reason(lapsed, actor=office, reason="演示数据：补录历史证书")
        qualification_add(actor=office, auditor=lead, course=COURSE, issuer=ISSUER,
                          certificate_number=f"BZY-NS-{today.year - 3}-0412", obtained_on=_years_ago(today, 3, 3, 28),
                          expires_on=_years_ago(today, -3, 3, 27))
        count += 2
    member = users.get("zx_dck_01")
    if member is not None:
        qualification_add(actor=office, auditor=member, course=COURSE, issuer=ISSUER,
                          certificate_number=f"BZY-NS-{today.year - 3}-0415",
                          obtained_on=today - dt.timedelta(days=3 * 365 - 45),
                          expires_on=today + dt.timedelta(days=45))
        count += 1
    former = users.get("zx_dck_02")
    if former is not None:  # an auditor who left the role: the certificate stays on the register
        lapsed = AuditorQualification(
            auditor=former, course="GB/T 19001 质量管理体系内审员培训", issuer=ISSUER,
            certificate_number=f"BZY-NS-{today.year - 5}-0266", obtained_on=_years_ago(today, 5, 9, 15),
            expires_on=_years_ago(today, 2, 9, 14), created_by=office, note="调岗后未复训")
        save_with_reason(lapsed, actor=office, reason="演示数据：补录历史证书")
        count += 1
    return count


def _method(text: str) -> str:
    for words, method in METHODS:
        if any(word in text for word in words):
            return method
    return DEFAULT_METHOD


def _points(office) -> int:
    specs = {e["code"]: texts.management(e) for e in read_json("standards_in_house.json")
             if e["code"] in POINT_STANDARDS}
    standards = Standard.objects.filter(code__in=specs, status=StandardStatus.IN_FORCE)
    count = 0
    for standard in standards:
        if AuditPoint.objects.filter(standard=standard).exists():
            continue
        for _title, clauses in texts.numbered_chapters(specs[standard.code]):
            for clause_no, text in clauses:
                audit_point_add(actor=office, standard=standard, clause=clause_no, text=text, method=_method(text))
                count += 1
    return count
