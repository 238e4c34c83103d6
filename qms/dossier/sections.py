"""The dossier's contents as a list of section builders. Each section has a title, the app it
needs, and a builder returning [(filename, bytes)] (or raising, which fails the whole job).
A section is included only when its app is installed and its builder exists; the 目录 is
built last, from what the other sections produced, and goes first in the zip.

Sections whose data belongs to other apps (标准体系表, 内审报告 and the register, training and
acknowledgement records) call those apps' own selectors and renderers, imported when the
section is built; `requires` names the modules that must exist for the section to appear."""

import datetime as dt
import importlib
import importlib.util
from collections.abc import Callable
from dataclasses import dataclass

from django.apps import apps

from qms.assessment import selectors as assessment_selectors
from qms.assessment.documents.fixed import render_fixed
from qms.assessment.documents.sheets import scoring_sheet_xlsx
from qms.assessment.documents.stable import stable_zip
from qms.assessment.models import Assessment

from .book import standards_book_docx
from .selectors import book_context


@dataclass
class BuildContext:
    """What every builder receives: the date of the data, the self-assessment, the shared context
    of the fixed-layout documents, and a progress callback for long builders."""

    as_of: dt.date
    assessment: Assessment | None
    documents: dict
    progress: Callable[[int, int], None] = lambda done, total: None
    book: dict | None = None  # the 标准汇编's context (`book_context`), when gathered already
    standards_book: bytes | None = None  # the 标准汇编 already rendered (for the bound PDF, see bound.py)


@dataclass(frozen=True)
class Section:
    key: str
    title: str
    app: str
    builder: str  # "module:function" inside the app that owns the data
    note: str = ""
    needs_assessment: bool = False
    requires: tuple[str, ...] = ()

    def build_function(self) -> Callable[[BuildContext], list[tuple[str, bytes]]] | None:
        if not apps.is_installed(self.app):
            return None
        for module_name in self.requires:
            try:
                if importlib.util.find_spec(module_name) is None:
                    return None
            except ModuleNotFoundError:
                return None
        module_name, _sep, function = self.builder.partition(":")
        try:
            module = importlib.import_module(module_name)
        except ModuleNotFoundError:
            return None
        return getattr(module, function, None)


def _fixed(kind: str, context: BuildContext) -> bytes:
    return render_fixed(assessment_selectors.document_template_bytes(kind), context.documents, as_of=context.as_of)


def application_form(context: BuildContext):
    return [("确认申请表.docx", _fixed("application_form", context))]


def self_assessment_report(context: BuildContext):
    return [("自评报告.docx", _fixed("self_assessment_report", context))]


def scoring_sheet(context: BuildContext):
    sheet = assessment_selectors.scoring_sheet_context(context.assessment, as_of=context.as_of)
    return [("自评计分表.xlsx", scoring_sheet_xlsx(sheet))]


def standards_book(context: BuildContext):
    if context.standards_book is not None:
        return [("标准汇编.docx", context.standards_book)]
    book = context.book if context.book is not None else book_context(as_of=context.as_of)
    return [("标准汇编.docx", standards_book_docx(book, progress=context.progress))]


def _organisation() -> str:
    from qms.org.selectors import organisation_profile

    return organisation_profile().name


def system_table(context: BuildContext):
    from standards.documents.system_table_docx import build_system_table_docx
    from standards.documents.system_table_xlsx import build_system_table_xlsx
    from standards.system_table import system_table_context

    table = system_table_context(organisation=_organisation())
    return [("标准体系表.xlsx", stable_zip(build_system_table_xlsx(table), as_of=context.as_of)),
            ("标准体系表.docx", stable_zip(build_system_table_docx(table), as_of=context.as_of))]


def audit_reports(context: BuildContext):
    """The reports of the completed audits of the data year (of the latest year with any)."""
    from audits.documents import build_audit_report_docx
    from audits.selectors.reports import audit_report_context

    from .proofs import reported_audits

    audits = reported_audits(context.as_of)
    return [(f"内审报告-{audit.number}.docx",
             stable_zip(build_audit_report_docx(audit_report_context(audit)), as_of=context.as_of))
            for audit in audits]


def nonconformity_register(context: BuildContext):
    from audits.documents import build_register_xlsx
    from audits.models import Nonconformity
    from audits.selectors.nonconformities import current_action_prefetch
    from audits.selectors.reports import register_context

    queryset = (Nonconformity.objects.filter(raised_on__lte=context.as_of).select_related("department", "standard")
                .prefetch_related(current_action_prefetch()).order_by("raised_on", "number"))
    data = build_register_xlsx(register_context(queryset, filters_text=f"截至 {context.as_of}", today=context.as_of))
    return [("不符合项及纠正措施台账.xlsx", stable_zip(data, as_of=context.as_of))]


def training_records(context: BuildContext):
    from .records import (
        acknowledgement_context,
        acknowledgement_records_xlsx,
        training_context,
        training_records_xlsx,
    )

    organisation = _organisation()
    return [("培训记录.xlsx", training_records_xlsx(training_context(organisation=organisation, as_of=context.as_of))),
            ("学习确认记录.xlsx", acknowledgement_records_xlsx(
                acknowledgement_context(organisation=organisation, as_of=context.as_of)))]


def leading_group(context: BuildContext):
    """领导小组 members and the year's plan, targets beside the figures (no group, no plan: no file)."""
    from .proofs import leadership_context, leadership_docx

    data = leadership_context(organisation=_organisation(), as_of=context.as_of)
    if not data["bodies"] and data["plan"] is None:
        return []
    return [("领导小组及年度工作计划.docx", leadership_docx(data))]


def auditor_register(context: BuildContext):
    """内审员名册 with each reported audit team's qualification (nobody on the register: no file)."""
    from .proofs import auditor_context, auditor_register_docx

    data = auditor_context(organisation=_organisation(), as_of=context.as_of)
    return [("内审员名册.docx", auditor_register_docx(data))] if data["rows"] else []


def training_plan(context: BuildContext):
    """The year's training plan with its completion, 参训率 and 考核合格率 per department (no plan: no file)."""
    from .proofs import training_plan_context, training_plan_docx

    data = training_plan_context(organisation=_organisation(), as_of=context.as_of)
    return [("培训计划及完成情况.docx", training_plan_docx(data))] if data else []


def work_summary(context: BuildContext):
    return [("工作总结.docx", _fixed("work_summary", context))]


def dossier_index(context: BuildContext, entries: list[dict]) -> bytes:
    return render_fixed(assessment_selectors.document_template_bytes("dossier_index"),
                        {**context.documents, "entries": entries}, as_of=context.as_of)


HERE = "qms.dossier.sections"
SECTIONS = [
    Section("application_form", "确认申请表", "qms.dossier", f"{HERE}:application_form", "依据单位信息填写"),
    Section("self_assessment_report", "自评报告", "qms.assessment", f"{HERE}:self_assessment_report",
            "含主要指标、得分和差距清单", needs_assessment=True),
    Section("scoring_sheet", "自评计分表", "qms.assessment", f"{HERE}:scoring_sheet", "逐项自评得分",
            needs_assessment=True),
    Section("leading_group", "领导小组及年度工作计划", "qms.leadership", f"{HERE}:leading_group",
            "成员、任期，年度目标与实际完成情况"),
    Section("system_table", "标准体系表", "standards", f"{HERE}:system_table", "Excel 和 Word 两种格式",
            requires=("standards.system_table", "standards.documents.system_table_docx")),
    Section("standards_book", "标准汇编", "standards", f"{HERE}:standards_book", "现行自制标准全文"),
    Section("audit_reports", "内审报告", "audits", f"{HERE}:audit_reports", "最近一年已完成的内部审核",
            requires=("audits.documents", "audits.selectors.reports")),
    Section("auditor_register", "内审员名册", "audits", f"{HERE}:auditor_register",
            "内审员资格证书及审核组资格核对", requires=("audits.selectors.auditors",)),
    Section("nonconformity_register", "不符合项及纠正措施台账", "audits", f"{HERE}:nonconformity_register",
            requires=("audits.documents", "audits.selectors.reports")),
    Section("training_records", "培训与学习确认记录", "standards", f"{HERE}:training_records",
            "宣贯培训签到统计和学习确认情况", requires=("standards.models.training",)),
    Section("training_plan", "培训计划及完成情况", "standards", f"{HERE}:training_plan",
            "计划完成率，各部门参训率和考核合格率", requires=("standards.selectors.training",)),
    Section("service_evaluation", "服务评价与改进汇总", "audits.evaluation",
            "audits.evaluation.dossier:service_evaluation", "满意率、投诉处理、窗口考评、外部评价"),
    Section("management_review", "管理评审报告", "audits.evaluation", "audits.evaluation.dossier:management_review",
            "最近一次管理评审"),
    Section("work_summary", "工作总结", "qms.dossier", f"{HERE}:work_summary", "依据记录起草，经标准化办公室审定"),
]


def sections_available(*, has_assessment: bool) -> list[tuple[Section, Callable]]:
    found = []
    for section in SECTIONS:
        build = section.build_function()
        if build is not None and (has_assessment or not section.needs_assessment):
            found.append((section, build))
    return found
