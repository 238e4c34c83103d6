"""Replaceable document templates have limits: rendered size and render time. A template over
them is refused at upload (rendered with sample data) and fails cleanly when a document is
built from real data (the dossier job fails with the reason; the report page says it)."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from qms.assessment import services
from qms.assessment.models import DocumentTemplate
from qms.core.documents.docx import add_paragraph, document_bytes, new_document
from qms.core.errors import ApplicationError
from qms.dossier import services as dossier_services

from ..hostile import media_files
from .helpers import example_assessment

pytestmark = pytest.mark.django_db


def template(text: str) -> SimpleUploadedFile:
    document = new_document()
    add_paragraph(document, text)
    return SimpleUploadedFile("模板.docx", document_bytes(document))


@pytest.mark.parametrize("text, reason", [
    ("{{ 'a' * 200000000 }}", "超过上限"),
    ("{{ 'a'|center(200000000) }}", "超过上限"),
    ("{% for i in range(100000) %}{% for j in range(100000) %}{{ i }}{% endfor %}{% endfor %}", "超过上限|超时"),
    ("{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}", "超时"),
])
def test_templates_over_the_limits_are_refused_at_upload(manager_user, settings, text, reason):
    settings.DOCUMENT_TEMPLATE_MAX_SECONDS = 2
    with pytest.raises(ApplicationError, match=reason):
        services.document_template_upload(actor=manager_user, kind="work_summary", upload=template(text))
    assert not DocumentTemplate.objects.exists() and media_files(settings) == []


def test_a_template_over_the_limits_on_real_data_fails_cleanly(client, manager_user, settings):
    settings.DOCUMENT_TEMPLATE_MAX_CHARS = 300_000
    _template, assessment = example_assessment(manager_user)
    growing = "{% for s in assessment.sections %}{{ s.title * 20000 }}{% endfor %}"
    services.document_template_upload(actor=manager_user, kind="self_assessment_report", upload=template(growing))
    client.force_login(manager_user)
    response = client.get(f"/assessments/{assessment.pk}/report.docx", follow=True)
    assert response.status_code == 200 and "超过上限" in response.content.decode()
    dossier = dossier_services.dossier_request(actor=manager_user, assessment=assessment, queue=False)
    job = dossier_services.dossier_build(dossier_id=dossier.pk)
    assert job.status == "failed" and "超过上限" in job.error and "Traceback" not in job.error
