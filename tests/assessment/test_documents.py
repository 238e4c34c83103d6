"""The exports read back as a user would: the 自评计分表 rows and totals, the 自评报告 text, an
office's own template (and refusal of a broken one), LibreOffice opening them."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from docx import Document
from openpyxl import load_workbook

from qms.assessment import services
from qms.assessment.documents.default_templates import BUILDERS
from qms.core.documents.docx import add_paragraph, document_bytes, new_document
from qms.core.errors import ApplicationError

from ..docs import docx_all_text, needs_libreoffice, pdf_pages_of
from .helpers import example_assessment, fill_all, item

pytestmark = pytest.mark.django_db
DOCX_CT = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def scored(manager_user):
    template, assessment = example_assessment(manager_user)
    fill_all(manager_user, assessment)
    services.score_set(actor=manager_user, assessment=assessment, item_id=item(template, "示范推广").pk, points=1,
                       comment="宣传 <报道> & 交流")
    services.assessment_update(actor=manager_user, assessment=assessment, overview="中心进驻 32 个部门\n办理 <事项> & 服务",
                               improvement_plan="完善标准体系")
    return template, assessment


def test_scoring_sheet_xlsx_has_each_item_and_the_totals(client, manager_user):
    _template, assessment = scored(manager_user)
    client.force_login(manager_user)
    response = client.get(f"/assessments/{assessment.pk}/sheet.xlsx")
    ws = load_workbook(io.BytesIO(response.content)).active
    rows = {r[0].value: [c.value for c in r] for r in ws.iter_rows(min_row=4) if r[0].value}
    assert rows["4.4"][1] == "示范推广与宣传" and rows["4.4"][3] == 4 and rows["4.4"][5] == 1
    assert "宣传 <报道> & 交流" in rows["4.4"][6]
    assert rows["总分"][5] == 102 and rows["基本分合计"][5] == 97 and rows["加分"][5] == 5
    assert rows["自评结论"][5] == "合格"
    assert ws.print_title_rows == "$3:$3"


def test_report_docx_has_narrative_figures_scores_and_gaps(client, manager_user):
    _template, assessment = scored(manager_user)
    client.force_login(manager_user)
    text = docx_all_text(client.get(f"/assessments/{assessment.pk}/report.docx").content)
    assert "办理 <事项> & 服务" in text and "完善标准体系" in text
    assert "总分 102 分（满分 100 分，合格线 80 分），达到合格线" in text
    assert "示范推广与宣传" in text and "体系完整性" in text


def test_office_template_replaces_the_shipped_one_and_escapes_data(manager_user):
    _template, assessment = scored(manager_user)
    document = new_document()
    add_paragraph(document, "某省红头 {{ org.name }} 自评 {{ assessment.total }} 分")
    services.document_template_upload(actor=manager_user, kind="self_assessment_report",
                                      upload=SimpleUploadedFile("省模板.docx", document_bytes(document), DOCX_CT))
    from django.test import Client

    client = Client()
    client.force_login(manager_user)
    from qms.org.selectors import organisation_profile

    profile = organisation_profile()
    profile.name = "A&B <中心>"
    profile.save()
    text = docx_all_text(client.get(f"/assessments/{assessment.pk}/report.docx").content)
    assert text.strip() == "某省红头 A&B <中心> 自评 102 分"
    services.document_template_deactivate(actor=manager_user, kind="self_assessment_report")
    assert "自评报告" in docx_all_text(client.get(f"/assessments/{assessment.pk}/report.docx").content)


def test_broken_template_is_refused(manager_user):
    document = new_document()
    add_paragraph(document, "{{ org.name ")
    with pytest.raises(ApplicationError, match="模板无法生成文档"):
        services.document_template_upload(actor=manager_user, kind="work_summary",
                                          upload=SimpleUploadedFile("坏.docx", document_bytes(document), DOCX_CT))


def test_shipped_templates_match_their_builders():
    """templates/documents/ holds what `write_document_templates` writes (text, not bytes)."""
    from django.conf import settings

    for kind, build in BUILDERS.items():
        shipped = (settings.BASE_DIR / "templates" / "documents" / f"{kind}.docx").read_bytes()
        assert docx_all_text(shipped) == docx_all_text(build()), kind
        assert Document(io.BytesIO(shipped)).sections[0].footer.paragraphs[0].text.startswith("第")


@needs_libreoffice
def test_exports_convert_to_pdf(client, manager_user, tmp_path):
    _template, assessment = scored(manager_user)
    client.force_login(manager_user)
    for name, url in (("sheet.xlsx", "sheet.xlsx"), ("report.docx", "report.docx")):
        path = tmp_path / name
        path.write_bytes(client.get(f"/assessments/{assessment.pk}/{url}").content)
        assert pdf_pages_of(path) >= 1
