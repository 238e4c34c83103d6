import io

import pytest
from docx import Document
from openpyxl import load_workbook

from standards.catalog import selectors, services
from standards.catalog.documents.flowchart import flowchart_svg
from standards.catalog.documents.notice import render_notice
from standards.catalog.documents.procedure import render_procedure_standard
from standards.catalog.models import Post

from ..docs import docx_all_text, needs_libreoffice, pdf_pages_of
from .helpers import make_item

pytestmark = pytest.mark.django_db


@pytest.fixture
def item(office_user, departments):
    return make_item(office_user, departments["market"], fees=[
        {"name": "工本费", "standard": "每证10元", "basis": "《行政事业性收费项目目录》"}],
        conditions="申请人为依法设立的企业\n有固定经营场所")


def test_procedure_standard_reads_back_with_cover_tables_and_flowchart(item):
    context = selectors.item_document_context(item, number="Q/XZFW 302.05-2026")
    document = Document(io.BytesIO(render_procedure_standard(context)))
    text = docx_all_text(render_procedure_standard(context))
    assert "示例县政务服务中心企业标准" in text and "Q/XZFW 302.05-2026" in text
    assert document.sections[0].header.paragraphs[0].text == "Q/XZFW 302.05-2026"
    materials, steps, fees = document.tables
    assert [row.cells[1].text for row in materials.rows[1:]] == ["登记申请书", "公司章程", "住所使用证明"]
    assert materials.rows[3].cells[5].text == "视情形提交：住所为租赁房屋时"
    assert [row.cells[3].text for row in steps.rows[1:]] == ["综合受理岗", "审核岗", "首席代表"]
    assert fees.rows[1].cells[2].text == "每证10元"
    assert "6.2  有固定经营场所" in text
    assert [p.text for p in document.paragraphs if p.style.name == "Heading 1"][:3] == [
        "1  范围", "2  规范性引用文件", "3  术语和定义"]
    boxes = [p.text for p in document.paragraphs if p._p.pPr is not None and p._p.pPr.find(
        "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}pBdr") is not None]
    assert boxes == ["申请人提出申请", "1. 受理 综合受理岗，即办", "2. 审查 审核岗，1个工作日",
                     "3. 决定 首席代表，1个工作日", "办结，送达结果"]


def test_notice_lists_everything_the_applicant_must_bring(item):
    data = render_notice(selectors.item_document_context(item))
    text = docx_all_text(data)
    for expected in ("一次性告知单", "有限责任公司设立登记", "登记申请书", "公司章程", "住所使用证明", "3号窗口",
                     "15个工作日", "3个工作日", "工本费 每证10元", "0371-1234567", "12345", "共3项", "□已提交", "□需补正",
                     "申请人（签字）"):
        assert expected in text, expected


@needs_libreoffice
@pytest.mark.libreoffice
def test_documents_convert_with_libreoffice(item, tmp_path):
    context = selectors.item_document_context(item, number="Q/XZFW 302.05-2026")
    notice = tmp_path / "notice.docx"
    notice.write_bytes(render_notice(context))
    procedure = tmp_path / "procedure.docx"
    procedure.write_bytes(render_procedure_standard(context))
    assert pdf_pages_of(notice) == 1
    assert 4 <= pdf_pages_of(procedure) <= 7


def test_flowchart_svg_escapes_text_and_draws_every_step():
    svg = str(flowchart_svg([{"name": "受理<script>", "responsible": "综合受理岗", "time_limit": 0},
                             {"name": "审查", "responsible": "", "time_limit": 2}], title="测试"))
    assert svg.startswith("<svg") and "<script>" not in svg and "受理&lt;script&gt;" in svg
    assert svg.count("<rect") == 4 and svg.count("<line") == 3
    assert "2个工作日" in svg and 'width="100%"' in svg


def test_export_workbook_reads_back(client, office_user, item, departments):
    Post.objects.create(department=departments["market"], name="综合受理岗")
    client.force_login(office_user)
    response = client.get("/catalog/items/export/")
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(min_row=3, values_only=True))
    assert rows[0][:3] == ("部门", "事项编码", "事项名称")
    assert rows[1][:3] == ("市场监督管理局窗口", "SCJG-001", "有限责任公司设立登记")
    assert "住所使用证明（复印件，1份，申请人自备，视情形提交：住所为租赁房屋时）" in rows[1][9]
    assert rows[1][11:14] == ("15个工作日", "3个工作日", "承诺件")
    assert sheet.print_title_rows == "$3:$3"


def test_generated_edition_document_is_the_rendered_docx(office_user, item):
    result = services.procedure_standard_generate(actor=office_user, item=item)
    text = docx_all_text(result.edition.document.read())
    assert result.edition.number in text and "公司章程" in text


def test_control_characters_in_an_item_do_not_break_the_list_or_the_notice(client, office_user, departments):
    item = make_item(office_user, departments["market"], name="个体工商户\x0b设立登记")
    client.force_login(office_user)
    workbook = client.get("/catalog/items/export/")
    assert workbook.status_code == 200
    rows = list(load_workbook(io.BytesIO(workbook.content)).active.iter_rows(min_row=3, values_only=True))
    assert rows[1][2] == "个体工商户设立登记"
    notice = client.get(f"/catalog/items/{item.pk}/notice/")
    assert notice.status_code == 200 and "个体工商户设立登记" in docx_all_text(notice.content)
