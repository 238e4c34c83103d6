import io
import time
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone, translation
from openpyxl import load_workbook

from qms.core.errors import PermissionRefused
from qms.core.models import GeneratedFile
from standards.catalog import selectors, services
from standards.catalog.models import GeneratedEdition
from standards.models import Edition, EditionStatus, Origin, StandardStatus, SystemNode

from .helpers import make_item

pytestmark = pytest.mark.django_db
YEAR = timezone.localdate().year


def generate(actor, item, **kw):
    result = services.procedure_standard_generate(actor=actor, item=item, **kw)
    item.refresh_from_db()
    return result


def test_generation_registers_in_house_standard_in_node_302_with_a_draft(office_user, departments):
    item = make_item(office_user, departments["market"])
    result = generate(office_user, item)
    standard = item.procedure_standard
    assert result.outcome == "created"
    assert (standard.node.code, standard.origin, standard.code) == ("302", Origin.IN_HOUSE, "302-01")
    assert standard.name == "有限责任公司设立登记办理规程"
    assert result.edition.number == f"Q/XZFW 302.01-{YEAR}"
    assert result.edition.status == EditionStatus.DRAFT and standard.status == StandardStatus.DRAFT
    for heading in ("目    次", "前    言", "1  范围", "2  规范性引用文件", "3  术语和定义", "4  设定依据",
                    "5  办理主体与授权", "6  申请条件", "7  申请材料", "8  办理程序", "9  办理时限", "10  收费",
                    "11  监督与投诉", "图 1  办理流程图", "GB/T 1.1—2020"):
        assert heading in result.edition.text
    assert "住所使用证明" in result.edition.text and "首席代表" in result.edition.text


def test_generation_uses_the_chosen_node(office_user, departments):
    item = make_item(office_user, departments["market"])
    result = generate(office_user, item, node=SystemNode.objects.get(code="303"))
    assert item.procedure_standard.code == "303-01"
    assert result.edition.number.startswith("Q/XZFW 303.01-")


def test_generation_is_idempotent_while_data_is_unchanged(office_user, departments):
    item = make_item(office_user, departments["market"])
    first = generate(office_user, item)
    again = generate(office_user, item)
    assert again.outcome == "unchanged" and again.edition.pk == first.edition.pk
    assert Edition.objects.filter(standard=item.procedure_standard).count() == 1


def test_data_change_yields_new_draft_with_diff_and_leaves_edition_in_force(office_user, departments):
    item = make_item(office_user, departments["market"])
    generate(office_user, item)
    in_force = services.procedure_standard_publish(actor=office_user, item=item)
    in_force_sha, in_force_text = in_force.document_sha256, in_force.text
    assert not selectors.procedure_state(item).stale

    services.item_part_add(actor=office_user, item=item, part="materials", name="法定代表人身份证明",
                           form="copy", copies=1, source="申请人自备", required=True)
    assert selectors.procedure_state(item).stale
    draft = generate(office_user, item).edition
    assert draft.seq == 2 and draft.status == EditionStatus.DRAFT

    in_force.refresh_from_db()
    item.procedure_standard.refresh_from_db()
    assert in_force.status == EditionStatus.IN_FORCE
    assert (in_force.document_sha256, in_force.text) == (in_force_sha, in_force_text)
    assert item.procedure_standard.number == in_force.number and item.procedure_standard.status == "in_force"
    state = selectors.procedure_state(item)
    assert state.pending == draft and not state.stale
    changed = [(kind, line) for kind, line in state.diff if kind != " "]
    assert changed and all(kind == "+" for kind, _line in changed)
    assert any("法定代表人身份证明" in line for _kind, line in changed)


def test_second_change_before_publication_updates_the_same_draft(office_user, departments):
    item = make_item(office_user, departments["market"])
    generate(office_user, item)
    services.procedure_standard_publish(actor=office_user, item=item)
    services.item_update(actor=office_user, item=item, expected_version=item.version, complaint_phone="0371-9999999")
    draft = generate(office_user, item).edition
    item.refresh_from_db()
    services.item_update(actor=office_user, item=item, expected_version=item.version, advice_phone="0371-8888888")
    result = generate(office_user, item)
    assert result.outcome == "updated" and result.edition.pk == draft.pk
    assert "0371-8888888" in Edition.objects.get(pk=draft.pk).text
    assert GeneratedEdition.objects.filter(edition=draft).count() == 1


def test_publishing_supersedes_previous_and_records_the_exemption(office_user, departments):
    item = make_item(office_user, departments["market"])
    first = generate(office_user, item).edition
    services.procedure_standard_publish(actor=office_user, item=item)
    services.item_part_add(actor=office_user, item=item, part="fees", name="工本费", standard="每证10元", basis="")
    second = generate(office_user, item).edition
    services.procedure_standard_publish(actor=office_user, item=item)
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.status, second.status) == (EditionStatus.SUPERSEDED, EditionStatus.IN_FORCE)
    assert second.replaces == first.number
    note = second.status_changes.get(to_status=EditionStatus.IN_FORCE).note
    assert "依据事项目录数据生成" in note


def test_the_document_does_not_depend_on_the_readers_language(office_user, departments):
    item = make_item(office_user, departments["market"])
    generate(office_user, item)
    with translation.override("en"):
        assert generate(office_user, item).outcome == "unchanged"


def test_only_the_office_generates_and_publishes(office_user, head_user, departments):
    item = make_item(office_user, departments["market"])
    with pytest.raises(PermissionRefused):
        generate(head_user, item)
    generate(office_user, item)
    with pytest.raises(PermissionRefused):
        services.procedure_standard_publish(actor=head_user, item=item)


def test_cli_generation_is_idempotent_and_filters_by_department(office_user, departments):
    make_item(office_user, departments["market"])
    make_item(office_user, departments["market"], name="个体工商户设立登记")
    make_item(office_user, departments["tax"], name="发票领用")
    out = StringIO()
    call_command("generate_procedure_standards", "--department", "SCJG", stdout=out)
    assert "新建草稿 2" in out.getvalue()
    assert Edition.objects.count() == 2
    out = StringIO()
    call_command("generate_procedure_standards", "--publish", stdout=out)
    assert "新建草稿 1" in out.getvalue() and "未变化 2" in out.getvalue()
    assert Edition.objects.filter(status=EditionStatus.IN_FORCE).count() == 3
    out = StringIO()
    call_command("generate_procedure_standards", stdout=out)
    assert "新建草稿 0" in out.getvalue() and "未变化 3" in out.getvalue()
    assert Edition.objects.count() == 3


def test_bulk_generation_job_produces_result_workbook(client, office_user, departments, django_capture_on_commit_callbacks):
    make_item(office_user, departments["market"])
    make_item(office_user, departments["tax"], name="发票领用")
    client.force_login(office_user)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/catalog/procedures/generate/")
    job = GeneratedFile.objects.get()
    assert response.url == f"/jobs/{job.pk}/"
    job.refresh_from_db()
    assert job.status == GeneratedFile.Status.DONE, job.error
    sheet = load_workbook(io.BytesIO(job.file.read())).active
    rows = [row for row in sheet.iter_rows(min_row=3, values_only=True)]
    assert {r[1] for r in rows} == {"有限责任公司设立登记", "发票领用"}
    assert all(r[5] == "新建草稿版本" for r in rows)


def test_bulk_generation_refused_to_department_head(client, head_user):
    client.force_login(head_user)
    assert client.post("/catalog/procedures/generate/").status_code == 403
    assert not GeneratedFile.objects.exists()


@pytest.mark.celery_worker
@pytest.mark.django_db(transaction=True)
def test_bulk_generation_runs_in_a_real_celery_worker(celery_redis_worker, office_user, departments):
    from qms.core.jobs import job_create
    from standards.catalog.tasks import procedure_standards_generate_task

    make_item(office_user, departments["market"])
    job = job_create(kind="procedure_standards", params={}, actor=office_user)
    procedure_standards_generate_task.delay(str(job.pk), office_user.pk, None)
    for _ in range(120):
        job.refresh_from_db()
        if job.status in (GeneratedFile.Status.DONE, GeneratedFile.Status.FAILED):
            break
        time.sleep(0.5)
    assert job.status == GeneratedFile.Status.DONE, job.error
    assert Edition.objects.filter(status=EditionStatus.DRAFT).count() == 1


def test_macro_material_forms_are_refused_and_not_kept(office_user, departments, settings):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from qms.core.errors import ApplicationError

    from ..hostile import macro_docx, media_files

    item = make_item(office_user, departments["market"])
    with pytest.raises(ApplicationError, match="宏"):
        services.item_part_add(actor=office_user, item=item, part="materials", name="申请表", form="original",
                               copies=1, source="申请人自备", required=True,
                               blank_form=SimpleUploadedFile("申请表.docx", macro_docx()))
    assert media_files(settings) == [] and item.materials.count() == 3


def test_procedure_title_never_doubles_a_word():
    from standards.catalog.rules import procedure_title

    assert procedure_title("残疾人证办理") == "残疾人证办理规程"
    assert procedure_title("企业设立登记") == "企业设立登记办理规程"
    assert procedure_title("户口迁移办理规程") == "户口迁移办理规程"


def test_a_revised_procedure_standard_names_the_edition_it_replaces(office_user, departments):
    from standards.catalog.documents.procedure import render_procedure_standard

    from ..docs import docx_all_text

    item = make_item(office_user, departments["market"])
    generate(office_user, item)
    in_force = services.procedure_standard_publish(actor=office_user, item=item)
    context = selectors.item_document_context(item, number="Q/XZFW 302.01-2099")
    text = docx_all_text(render_procedure_standard(context))
    assert f"代替 {in_force.number}" in text and f"本文件代替 {in_force.number}" in text
