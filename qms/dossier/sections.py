"""The dossier's contents as a list of section builders. Each section has a title, the app it
needs, and a builder returning [(filename, bytes)] (or raising, which fails the whole job).
A section is included only when its app is installed and its builder exists; the 目录 is
built last, from what the other sections produced, and goes first in the zip.

Sections owned by other issues join this list when their code lands (see SECTIONS below):
标准体系表 (system-table export), 内审报告 and the nonconformity / corrective-action register
(audits), training and acknowledgement records (life cycle)."""

import datetime as dt
import importlib
from collections.abc import Callable
from dataclasses import dataclass

from django.apps import apps

from qms.assessment import selectors as assessment_selectors
from qms.assessment.documents.fixed import render_fixed
from qms.assessment.documents.sheets import scoring_sheet_xlsx
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


@dataclass(frozen=True)
class Section:
    key: str
    title: str
    app: str
    builder: str  # "module:function" inside the app that owns the data
    note: str = ""
    needs_assessment: bool = False

    def build_function(self) -> Callable[[BuildContext], list[tuple[str, bytes]]] | None:
        if not apps.is_installed(self.app):
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
    return [("标准汇编.docx", standards_book_docx(book_context(as_of=context.as_of), progress=context.progress))]


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
    Section("standards_book", "标准汇编", "standards", f"{HERE}:standards_book", "现行自制标准全文"),
    Section("work_summary", "工作总结", "qms.dossier", f"{HERE}:work_summary", "框架稿，请补充后定稿"),
]


def sections_available(*, has_assessment: bool) -> list[tuple[Section, Callable]]:
    found = []
    for section in SECTIONS:
        build = section.build_function()
        if build is not None and (has_assessment or not section.needs_assessment):
            found.append((section, build))
    return found
