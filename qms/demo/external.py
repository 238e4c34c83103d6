"""Demo external evaluations (外部评价): the year's third-party satisfaction survey (第三方测评), an
appraisal by deputies and CPPCC members (代表委员评议) and a mystery-shopper visit (明察暗访), with
their findings followed up as a centre would: improvements in the 持续改进 register, a
nonconformity, one closed on the spot, and a few still waiting (the office's 我的待办). Through
the services (history kept, files through the upload gate). Idempotent: skipped when any
external evaluation exists."""

import datetime as dt
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from audits.evaluation.models import ExternalEvaluation, ExternalKind
from audits.evaluation.services import external as svc
from qms.core.documents.docx import add_heading, add_paragraph, document_bytes, new_document
from qms.org.models import ROLE_GROUP_NAMES, Department, Role, User

# kind, days ago, title, evaluator, department codes, scope, score, full score, summary, findings
# finding: (text, department code or "", follow-up: "improve" / "nc" / "close" / "")
EVALUATIONS = [
    (ExternalKind.THIRD_PARTY, 75, "2026 年度政务服务满意度第三方测评", "省社情民意调查中心", [],
     "进驻大厅全部窗口；现场拦访 420 人次、电话回访 180 人次", Decimal("96.80"), Decimal("100"),
     "群众对窗口服务态度、办事效率总体满意，对等候环境和网上办事指引满意度相对较低。",
     [("高峰时段等候区座椅不足，部分群众站立等候", "", "improve"),
      ("网上办事指引与窗口告知单表述不一致", "", "")]),
    (ExternalKind.DEPUTIES, 140, "县人大代表、政协委员评议政务服务中心", "县人大常委会、县政协（代表委员 12 名）",
     ["BDC", "SCJG", "RS"], "重点评议不动产登记、企业开办、社保办理", Decimal("9.30"), Decimal("10"),
     "代表委员认为中心标准化建设成效明显，建议进一步压缩不动产登记时限。",
     [("不动产登记窗口午间在岗人员偏少，群众等候时间长", "BDC", "improve"),
      ("企业开办“一窗通办”宣传不够，部分企业仍分头跑", "SCJG", "")]),
    (ExternalKind.MYSTERY, 40, "第三季度明察暗访", "县委县政府督查室、县效能办", ["SW", "YB", "MZ"],
     "暗访 3 个窗口，模拟办理 6 个事项", Decimal("88.00"), Decimal("100"),
     "窗口纪律总体良好，发现 3 个问题，已通报相关单位限期整改。",
     [("税务局窗口一名工作人员工作时间使用手机处理私事", "SW", "nc"),
      ("医保窗口未摆放一次性告知单，咨询群众需口头询问", "YB", "improve"),
      ("民政局窗口叫号屏显示故障", "MZ", "close")]),
]


def _report(title: str, evaluator: str, summary: str) -> SimpleUploadedFile:
    document = new_document()
    add_heading(document, title, level=1)
    add_paragraph(document, f"评价机构：{evaluator}")
    add_paragraph(document, summary)
    return SimpleUploadedFile("评价报告.docx", document_bytes(document))


def _follow(office, finding, how: str, department, held_on: dt.date, head) -> None:
    if how == "improve":
        svc.external_finding_improve(actor=office, finding=finding, title=finding.text[:30] + "整改",
                                     measures="制定整改方案，明确责任人和完成时限，整改后复查", owner=head or office,
                                     department=department or (head.department if head else office.department),
                                     due_on=held_on + dt.timedelta(days=60), figure_key="satisfaction_rate")
    elif how == "nc":
        svc.external_finding_raise_nonconformity(actor=office, finding=finding, grade="minor",
                                                 description=f"违反窗口服务纪律：{finding.text}", clause="服务纪律")
    elif how == "close":
        svc.external_finding_close(actor=office, finding=finding, reason="暗访当日已现场修复，复查正常")


def load(stdout) -> None:
    if ExternalEvaluation.objects.exists():
        stdout.write("  external: present; kept")
        return
    office = User.objects.filter(groups__name=ROLE_GROUP_NAMES[Role.OFFICE], is_active=True).order_by("pk").first()
    if office is None or not Department.objects.filter(kind=Department.Kind.DEPARTMENT).exists():
        stdout.write("  external: no office user or windows yet; skipped")
        return
    departments = {d.code: d for d in Department.objects.all()}
    heads = {u.department_id: u for u in User.objects.filter(groups__name=ROLE_GROUP_NAMES[Role.DEPARTMENT_HEAD],
                                                             is_active=True).order_by("-pk")}
    today = timezone.localdate()
    findings = 0
    for kind, ago, title, evaluator, codes, scope, score, full, summary, items in EVALUATIONS:
        held_on = today - dt.timedelta(days=ago)
        evaluation = svc.external_evaluation_create(
            actor=office, kind=kind, title=title, held_on=held_on, evaluator=evaluator, scope=scope,
            departments=[departments[c] for c in codes if c in departments], score=score, full_score=full,
            summary=summary)
        svc.external_attachment_add(actor=office, evaluation=evaluation, upload=_report(title, evaluator, summary))
        for text, code, how in items:
            department = departments.get(code)
            finding = svc.external_finding_add(actor=office, evaluation=evaluation, text=text, department=department)
            head = heads.get(department.pk) if department else next(iter(heads.values()), None)
            _follow(office, finding, how, department, held_on, head)
            findings += 1
    stdout.write(f"  external: {len(EVALUATIONS)} external evaluations, {findings} findings")
