import datetime as dt
import io

import pytest
from django.core.management import CommandError, call_command
from docx import Document
from docx.oxml.ns import qn
from openpyxl import load_workbook

from audits import services
from audits.documents import build_audit_report_docx, build_nonconformity_report_docx, build_register_xlsx
from audits.models import Nonconformity, Result
from audits.selectors.reports import audit_report_context, nonconformity_report_context, register_context

from ..docs import docx_all_text, needs_libreoffice, pdf_pages_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def completed_audit(nonconformity, running_audit, auditor_user, head_user):
    for item in running_audit.items.filter(result=Result.PENDING):
        services.checklist_item_record(actor=auditor_user, item=item, result=Result.CONFORM, evidence="查看记录齐全")
    return services.audit_complete(actor=auditor_user, audit=running_audit, conclusion="服务标准体系运行基本有效",
                                   summary="共检查 2 项，发现一般不符合 1 项", closing_notes="受审部门认可审核发现")


def test_audit_report_holds_scope_team_results_nonconformities_and_signatures(completed_audit, nonconformity):
    text = docx_all_text(build_audit_report_docx(audit_report_context(completed_audit)))
    for expected in ("内部审核报告", "NS-2026-01", "市场监督管理局窗口", "GB/T 19001-2016", "测auditor", "组长",
                     "2026年3月10日", "服务标准体系运行基本有效", nonconformity.number, "一般", "301 服务规范",
                     "302 服务提供规范", "审核组长（签字）", "共开具不符合项 1 项"):
        assert expected in text, expected


def test_audit_report_cites_standard_numbers_and_writes_its_own_conclusion(running_audit, nonconformity,
                                                                          auditor_user):
    for item in running_audit.items.filter(result=Result.PENDING):
        services.checklist_item_record(actor=auditor_user, item=item, result=Result.CONFORM, evidence="记录齐全")
    audit = services.audit_complete(actor=auditor_user, audit=running_audit, conclusion="共检查 2 项",
                                    summary="共检查 2 项", closing_notes="受审部门认可审核发现")
    context = audit_report_context(audit)
    standard = nonconformity.standard
    assert context["nonconformities"][0]["standard"] == f"{standard.number}《{standard.name}》 第{nonconformity.clause}条"
    assert standard.code not in context["nonconformities"][0]["standard"]
    assert context["conclusion"] != context["summary"] and "审核组认为" in context["conclusion"]
    assert context["scope_nodes"]
    data = build_audit_report_docx(context)
    rows = Document(io.BytesIO(data)).tables[-2].rows
    assert all(row._tr.trPr is not None and row._tr.trPr.find(qn("w:cantSplit")) is not None for row in rows[1:])


def test_nonconformity_report_is_the_one_page_form(nonconformity, head_user, auditor_user):
    action = nonconformity.actions.get()
    services.corrective_action_propose(actor=head_user, action=action, correction="补签告知单",
                                       why_chain=["未要求签字", "培训未覆盖"], root_cause="培训缺失",
                                       action_plan="每周抽查", owner=head_user, due_date=dt.date.today())
    data = build_nonconformity_report_docx(nonconformity_report_context(nonconformity))
    text = docx_all_text(data)
    for expected in ("不符合项报告", nonconformity.number, "一次性告知单未按标准要求由申请人签字确认", "5.2",
                     "■一般", "□严重", "为什么2：培训未覆盖", "根本原因：培训缺失", "纠正：补签告知单",
                     "受审方负责人：测head", "验证人：________"):
        assert expected in text, expected


def test_register_lists_rows_with_filters_and_overdue_flag(nonconformity):
    context = register_context(Nonconformity.objects.all(), filters_text="年度：2026",
                               today=dt.date.today() + dt.timedelta(days=30))
    sheet = load_workbook(io.BytesIO(build_register_xlsx(context)))["不符合项台账"]
    assert sheet["A3"].value == "编号" and sheet.auto_filter.ref.startswith("A3:")
    row = [c.value for c in sheet[4]]
    assert row[0] == nonconformity.number and row[4] == "市场监督管理局窗口" and row[8] == "一般"
    assert row[11] == "待制定" and row[16] == "是"
    assert "年度：2026" in sheet["A2"].value


def test_register_stores_formula_like_text_as_text(nonconformity, auditor_user):
    services.nonconformity_update(actor=auditor_user, nonconformity=nonconformity, description="=HYPERLINK(1)")
    sheet = load_workbook(io.BytesIO(build_register_xlsx(register_context(Nonconformity.objects.all()))))
    cell = sheet["不符合项台账"]["H4"]
    assert cell.value == "=HYPERLINK(1)" and cell.data_type == "s"


def test_commands_write_the_report_and_the_register(completed_audit, nonconformity, tmp_path):
    call_command("export_audit_report", completed_audit.number, "--docx", str(tmp_path / "r.docx"))
    assert nonconformity.number in docx_all_text((tmp_path / "r.docx").read_bytes())
    year = nonconformity.raised_on.year
    call_command("export_nonconformities", "--year", str(year), "--xlsx", str(tmp_path / "n.xlsx"))
    sheet = load_workbook(tmp_path / "n.xlsx").active
    assert sheet["A4"].value == nonconformity.number
    call_command("export_nonconformities", "--year", "1999", "--xlsx", str(tmp_path / "e.xlsx"))
    assert load_workbook(tmp_path / "e.xlsx").active["A4"].value is None
    with pytest.raises(CommandError, match="NS-1999-01"):
        call_command("export_audit_report", "NS-1999-01", "--docx", str(tmp_path / "x.docx"))


@needs_libreoffice
@pytest.mark.libreoffice
def test_documents_open_in_libreoffice(completed_audit, nonconformity, tmp_path):
    report = tmp_path / "audit.docx"
    report.write_bytes(build_audit_report_docx(audit_report_context(completed_audit)))
    form = tmp_path / "nc.docx"
    form.write_bytes(build_nonconformity_report_docx(nonconformity_report_context(nonconformity)))
    register = tmp_path / "register.xlsx"
    register.write_bytes(build_register_xlsx(register_context(Nonconformity.objects.all())))
    assert pdf_pages_of(report) >= 1
    assert pdf_pages_of(form) == 1  # the classic one-page form
    assert pdf_pages_of(register) >= 1


def test_control_characters_do_not_break_the_register_or_the_report(client, nonconformity, auditor_user):
    services.nonconformity_update(actor=auditor_user, nonconformity=nonconformity,
                                  description="告知单\x0b未签字\x1f确认")
    client.force_login(auditor_user)
    register = client.get("/audits/nonconformities/export/")
    assert register.status_code == 200
    assert load_workbook(io.BytesIO(register.content)).active["H4"].value == "告知单未签字确认"
    report = client.get(f"/audits/nonconformities/{nonconformity.pk}/report/")
    assert report.status_code == 200 and "告知单未签字确认" in docx_all_text(report.content)
