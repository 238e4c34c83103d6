"""One file of every document type the system generates, built from the demo centre with the
same selectors and renderers the views, commands and the dossier use."""

import datetime as dt

from django.utils import timezone


def _org() -> str:
    from qms.org.selectors import organisation_profile

    return organisation_profile().name


def standards_documents() -> dict[str, bytes]:
    from standards.documents import (
        build_comment_summary_docx,
        build_comment_summary_xlsx,
        build_publication_notice_docx,
    )
    from standards.documents.system_table_docx import build_system_table_docx
    from standards.documents.system_table_xlsx import build_system_table_xlsx
    from standards.models import Consultation, Edition, EditionStatus
    from standards.selectors import consultation_summary_context, publication_notice_context
    from standards.system_table import system_table_context

    table = system_table_context(organisation=_org())
    edition = Edition.objects.filter(status=EditionStatus.IN_FORCE).order_by("-effective_on", "id").first()
    consultation = Consultation.objects.order_by("-id").first()
    summary = consultation_summary_context(consultation)
    return {"标准体系表.xlsx": build_system_table_xlsx(table), "标准体系表.docx": build_system_table_docx(table),
            "发布通知.docx": build_publication_notice_docx(publication_notice_context(edition)),
            "意见汇总处理表.xlsx": build_comment_summary_xlsx(summary),
            "意见汇总处理表.docx": build_comment_summary_docx(summary)}


def catalog_documents() -> dict[str, bytes]:
    from standards.catalog import selectors
    from standards.catalog.documents.notice import render_notice
    from standards.catalog.documents.procedure import render_procedure_standard
    from standards.catalog.documents.workbook import render_generation_report, render_items_workbook
    from standards.catalog.models import ServiceItem

    item = ServiceItem.objects.filter(materials__isnull=False).order_by("code").first() or \
        ServiceItem.objects.order_by("code").first()
    context = selectors.item_document_context(item)
    context["number"] = "Q/XZFW 401.01-2026"
    rows = [selectors.item_row(i) for i in selectors.items_for_export()]
    result = [(r["code"], r["name"], r.get("department", ""), "Q/XZFW 401.01-2026", "草稿", "已生成", "")
              for r in rows[:30]]
    materials = [{"name": m["name"], "submitted": i % 2 == 0, "problem": "" if i % 2 == 0 else
                  "复印件不清晰，需提供加盖公章的清晰复印件并由经办人签字确认"}
                 for i, m in enumerate(context["data"]["materials"])]
    issue = {"number": "GZ-2026-0001", "applicant": "青禾县示例科技有限公司", "contact": "13800000000",
             "issued_on": dt.date(2026, 12, 1), "issued_by": "窗口人员", "deadline": dt.date(2026, 12, 8),
             "materials": materials}
    return {"一次性告知单.docx": render_notice(selectors.item_document_context(item), issue),
            "办理规程.docx": render_procedure_standard(context),
            "事项清单.xlsx": render_items_workbook(title=f"{_org()}政务服务事项清单", subtitle="导出时间：2026年12月1日",
                                                rows=rows),
            "办理规程生成结果.xlsx": render_generation_report(title="办理规程生成结果", rows=result)}


def audit_documents() -> dict[str, bytes]:
    from audits.documents import build_audit_report_docx, build_nonconformity_report_docx, build_register_xlsx
    from audits.models import Audit, Nonconformity
    from audits.models.audit import AuditStatus
    from audits.selectors.nonconformities import current_action_prefetch
    from audits.selectors.reports import audit_report_context, nonconformity_report_context, register_context

    audit = Audit.objects.filter(status=AuditStatus.COMPLETED).order_by("-start_date").first()
    ncs = (Nonconformity.objects.select_related("department", "standard")
           .prefetch_related(current_action_prefetch()).order_by("raised_on", "number"))
    return {"内审报告.docx": build_audit_report_docx(audit_report_context(audit)),
            "不符合项报告.docx": build_nonconformity_report_docx(nonconformity_report_context(ncs.first())),
            "不符合项台账.xlsx": build_register_xlsx(register_context(ncs, filters_text=""))}


def evaluation_documents() -> dict[str, bytes]:
    from audits.evaluation.documents.complaints import build_complaint_register_xlsx
    from audits.evaluation.documents.notice import build_monthly_notice_docx
    from audits.evaluation.documents.review_report import build_management_review_docx
    from audits.evaluation.documents.summary import build_evaluation_summary_docx
    from audits.evaluation.dossier import evaluation_summary_context
    from audits.evaluation.models import ManagementReview, Scorecard
    from audits.evaluation.selectors import complaints as complaint_sel
    from audits.evaluation.selectors import reviews as review_sel
    from audits.evaluation.selectors import scorecards as scorecard_sel
    from qms.org.models import User

    office = User.objects.get(username="office")
    month = Scorecard.objects.order_by("-month").values_list("month", flat=True).first()
    complaints = complaint_sel.complaint_list_for_user(office).order_by("received_on", "id")
    review = ManagementReview.objects.order_by("-planned_on", "-id").first()
    return {"投诉登记表.xlsx": build_complaint_register_xlsx(complaint_sel.complaint_register_rows(complaints, office)),
            "窗口考评通报.docx": build_monthly_notice_docx(scorecard_sel.monthly_notice_context(month)),
            "管理评审报告.docx": build_management_review_docx(review_sel.review_report_context(review)),
            "服务评价与改进汇总.docx": build_evaluation_summary_docx(evaluation_summary_context(timezone.localdate()))}


def assessment_documents() -> dict[str, bytes]:
    from qms.assessment import selectors
    from qms.assessment.documents.fixed import render_fixed
    from qms.assessment.documents.sheets import scoring_sheet_xlsx, scoring_template_xlsx
    from qms.assessment.models import Assessment
    from qms.dossier.records import (
        acknowledgement_context,
        acknowledgement_records_xlsx,
        training_context,
        training_records_xlsx,
    )

    today = timezone.localdate()
    assessment = Assessment.objects.select_related("template").order_by("-year").first()
    documents = selectors.documents_context(assessment, as_of=today)
    index = {**documents, "entries": [{"seq": n, "title": f"材料{n}", "filename": f"{n:02d}_材料.docx", "note": ""}
                                      for n in range(1, 12)]}
    files = {f"{kind}.docx": render_fixed(selectors.document_template_bytes(kind), context, as_of=today)
             for kind, context in (("application_form", documents), ("self_assessment_report", documents),
                                   ("work_summary", documents), ("dossier_index", index))}
    files["自评计分表.xlsx"] = scoring_sheet_xlsx(selectors.scoring_sheet_context(assessment, as_of=today))
    files["评分模板.xlsx"] = scoring_template_xlsx(selectors.template_export_context(assessment.template))
    files["培训记录.xlsx"] = training_records_xlsx(training_context(organisation=_org(), as_of=today))
    files["学习确认记录.xlsx"] = acknowledgement_records_xlsx(acknowledgement_context(organisation=_org(), as_of=today))
    return files


def demo_standard_document() -> dict[str, bytes]:
    from qms.demo import standard_texts as texts
    from qms.demo.documents import render_standard_docx
    from qms.demo.files import read_json

    entry = read_json("standards_in_house.json")[0]
    spec = texts.management(entry)
    text = texts.standard_text(
        spec=spec, org_name=_org(), prefix="Q/XZFW", number="Q/XZFW 301.01-2026", published=dt.date(2026, 3, 1),
        effective=dt.date(2026, 4, 1), references=["GB/T 32169.3-2015 政务服务中心运行规范"],
        chapters=texts.numbered_chapters(spec, None),
        foreword_lines=texts.foreword(org_name=_org(), drafting_name="标准化办公室", drafters="李敏"))
    return {"企业标准.docx": render_standard_docx(text)}


def dossier_proof_documents() -> dict[str, bytes]:
    from qms.dossier import proofs

    today = timezone.localdate()
    return {
        "领导小组及年度工作计划.docx": proofs.leadership_docx(proofs.leadership_context(organisation=_org(), as_of=today)),
        "内审员名册.docx": proofs.auditor_register_docx(proofs.auditor_context(organisation=_org(), as_of=today)),
        "培训计划及完成情况.docx": proofs.training_plan_docx(proofs.training_plan_context(organisation=_org(),
                                                                                  as_of=today)),
    }


DOCUMENT_TYPES = (
    "标准体系表.xlsx", "标准体系表.docx", "发布通知.docx", "意见汇总处理表.xlsx", "意见汇总处理表.docx",
    "一次性告知单.docx", "办理规程.docx", "事项清单.xlsx", "办理规程生成结果.xlsx",
    "内审报告.docx", "不符合项报告.docx", "不符合项台账.xlsx",
    "投诉登记表.xlsx", "窗口考评通报.docx", "管理评审报告.docx", "服务评价与改进汇总.docx",
    "application_form.docx", "self_assessment_report.docx", "work_summary.docx", "dossier_index.docx",
    "自评计分表.xlsx", "评分模板.xlsx", "培训记录.xlsx", "学习确认记录.xlsx", "企业标准.docx",
    "领导小组及年度工作计划.docx", "内审员名册.docx", "培训计划及完成情况.docx",
)


def every_document() -> dict[str, bytes]:
    files = {}
    for build in (standards_documents, catalog_documents, audit_documents, evaluation_documents,
                  assessment_documents, demo_standard_document, dossier_proof_documents):
        files.update(build())
    return files
