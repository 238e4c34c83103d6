"""Pages by role: who may see and change scoring sheets and assessments; the htmx score update."""

import pytest

from qms.assessment.models import Score

from .helpers import example_assessment, item

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("role,list_status,edit_status", [
    ("office", 200, 200), ("manager", 200, 200), ("auditor", 200, 403), ("admin", 200, 403),
    ("head", 403, 403), ("staff", 403, 403),
])
def test_role_matrix(client, role_users, manager_user, role, list_status, edit_status):
    template, assessment = example_assessment(manager_user)
    client.force_login(role_users[role])
    assert client.get("/assessments/").status_code == list_status
    assert client.get(f"/assessments/{assessment.pk}/").status_code == list_status
    assert client.get("/assessments/templates/import/").status_code == edit_status
    target = item(template, "领导机构")
    response = client.post(f"/assessments/{assessment.pk}/items/{target.pk}/score/", {"points": "2"})
    assert response.status_code == (302 if edit_status == 200 else 403)
    expected = 2 if edit_status == 200 else None
    assert Score.objects.get(assessment=assessment, item=target).points == expected


def test_htmx_score_update_returns_the_row_and_the_summary_reloads(client, manager_user):
    template, assessment = example_assessment(manager_user)
    client.force_login(manager_user)
    target = item(template, "领导机构")
    response = client.post(f"/assessments/{assessment.pk}/items/{target.pk}/score/", {"points": "3.5"},
                           HTTP_HX_REQUEST="true")
    assert f'id="item-{target.pk}"' in response.content.decode() and response["HX-Trigger"] == "score-changed"
    summary = client.get(f"/assessments/{assessment.pk}/summary/").content.decode()
    assert '<span id="summary-total">3.5</span>' in summary and "差 0.5 分" in summary
    html = client.post(f"/assessments/{assessment.pk}/items/{target.pk}/score/", {"points": "9"},
                       HTTP_HX_REQUEST="true").content.decode()
    assert "得分须在 0 至 4 分之间" in html
    assert '<span id="summary-total">3.5</span>' in client.get(f"/assessments/{assessment.pk}/summary/").content.decode()


def test_import_page_shows_every_row_error(client, office_user):
    import io

    from django.core.files.uploadedfile import SimpleUploadedFile
    from openpyxl import Workbook

    workbook = Workbook()
    for row in (["序号", "考核项目", "分值"], ["一", "组织", 10], ["1", "甲", "十"], ["2", "乙", None]):
        workbook.active.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    client.force_login(office_user)
    response = client.post("/assessments/templates/import/", {
        "name": "省表", "step": "0.5",
        "upload": SimpleUploadedFile("a.xlsx", buffer.getvalue(), "application/octet-stream")})
    html = response.content.decode()
    assert response.status_code == 200
    assert "第 3 行“分值”列：“十”不是数字" in html and "第 4 行“分值”列为空" in html


def test_profile_page_saves_the_centre_details(client, office_user, staff_user):
    from qms.org.selectors import organisation_profile

    client.force_login(staff_user)
    assert client.get("/dossiers/profile/").status_code == 403
    client.force_login(office_user)
    response = client.post("/dossiers/profile/", {"name": "某县政务服务中心", "standard_prefix": "Q/MXZW",
                                                  "legal_representative": "王某", "pilot_start": "2025-01-01",
                                                  "consultation_min_working_days": 10, "document_code": "某政服",
                                                  "pilot_end": "2024-12-31"})
    assert "试点结束日期不能早于开始日期" in response.content.decode()
    client.post("/dossiers/profile/", {"name": "某县政务服务中心", "standard_prefix": "Q/MXZW",
                                       "consultation_min_working_days": 10, "document_code": "某政服",
                                       "legal_representative": "王某", "pilot_start": "2024-01-01",
                                       "pilot_end": "2025-12-31"})
    profile = organisation_profile()
    assert profile.name == "某县政务服务中心" and profile.legal_representative == "王某"
    assert profile.history.first().history_change_reason == "修改单位信息"
