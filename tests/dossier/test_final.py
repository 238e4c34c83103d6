"""Final and draft dossiers: the pre-flight checks (each blocker named, with a link), the refusal
of a final dossier while any remains, the 草稿 mark on every page of a draft's files, and a
final dossier without any placeholder."""

import io
import zipfile

import pytest
from django.core.management import CommandError, call_command
from docx import Document
from openpyxl import load_workbook

from qms.assessment import services as assessment_services
from qms.assessment.selectors import figure_rows
from qms.core.errors import ApplicationError
from qms.dossier import services
from qms.dossier.marking import DRAFT_MARK
from qms.dossier.models import Dossier
from qms.dossier.preflight import dossier_preflight
from standards.models import Level, Origin

from ..assessment.helpers import fill_all, known_figure
from ..standards.helpers import make_in_force
from .helpers import centre, job_bytes, zip_members

pytestmark = pytest.mark.django_db


def checks(assessment, today):
    return [b.check for b in dossier_preflight(assessment=assessment, as_of=today)]


def figures_on_target(monkeypatch):
    """The small centre's figures are far below target; give every targeted figure its target."""
    for row in figure_rows():
        if row.target is not None:
            known_figure(monkeypatch, row.key, row.label, row.target, unit=row.unit, target=row.target)
    known_figure(monkeypatch, "overdue_ca", "逾期纠正措施", 0, unit="项")


def ready(manager_user, assessment):
    fill_all(manager_user, assessment)
    assessment_services.narrative_draft_unfinished(actor=manager_user, assessment=assessment)
    return assessment_services.assessment_submit(actor=manager_user, assessment=assessment)


def test_preflight_names_every_blocker_of_a_draft_assessment(office_user, manager_user):
    import datetime as dt

    assessment = centre(office_user, manager_user)  # a draft, 57 points, no narrative written
    found = dossier_preflight(assessment=assessment, as_of=dt.date.today())
    kinds = [b.check for b in found]
    assert kinds[0] == "submitted" and "score" in kinds and kinds.count("narrative") == 10
    narrative = next(b for b in found if b.check == "narrative")
    assert narrative.url == f"/assessments/{assessment.pk}/report/overview/"
    assert any(b.check == "figure" and "体系完整性" in b.message for b in found)  # most sub-systems empty


def test_final_dossier_from_a_draft_assessment_is_refused_naming_the_reason(office_user, manager_user):
    assessment = centre(office_user, manager_user)
    with pytest.raises(ApplicationError, match="仍是草稿") as refusal:
        services.dossier_request(actor=manager_user, assessment=assessment, kind=Dossier.Kind.FINAL, queue=False)
    assert "低于合格线 80 分" in refusal.value.message
    assert not Dossier.objects.exists()


def test_the_command_refuses_a_final_dossier_and_builds_a_draft(office_user, manager_user, tmp_path):
    centre(office_user, manager_user)
    with pytest.raises(CommandError, match="不能生成正式汇编.*仍是草稿"):
        call_command("build_dossier", "--out", str(tmp_path / "final.zip"))
    call_command("build_dossier", "--out", str(tmp_path / "draft.zip"), "--draft")
    assert Dossier.objects.get().kind == Dossier.Kind.DRAFT


def test_adopted_standard_replaced_but_in_force_blocks(office_user, manager_user):
    import datetime as dt

    assessment = centre(office_user, manager_user)
    from standards.models import ExternalState
    from standards.services import adopted_status_set

    standard, _edition = make_in_force(office_user, code="101-09", node="101", number="GB/T 24421.2-2009",
                                       name="服务业组织标准化工作指南", origin=Origin.ADOPTED, level=Level.NATIONAL)
    adopted_status_set(actor=office_user, standard=standard, state=ExternalState.REPLACED,
                       ends_on=dt.date(2023, 3, 17), replaced_by="GB/T 24421.2-2023", source="国家标准信息公共服务平台")
    found = [b for b in dossier_preflight(assessment=assessment, as_of=dt.date.today()) if b.check == "adopted"]
    assert len(found) == 1 and "GB/T 24421.2-2023" in found[0].message and found[0].url.startswith("/standards/")


def test_veto_hit_blocks(office_user, manager_user):
    import datetime as dt

    assessment = centre(office_user, manager_user)
    veto = assessment.scores.filter(item__is_veto=True).select_related("item").first()
    assessment_services.score_set(actor=manager_user, assessment=assessment, item_id=veto.item_id, veto_failed=True)
    assert "veto" in checks(assessment, dt.date.today())


def test_draft_dossier_marks_every_page_of_every_file(office_user, manager_user):
    centre(office_user, manager_user)
    dossier = services.dossier_request(actor=manager_user, queue=False)
    job = services.dossier_build(dossier_id=dossier.pk)
    assert "草稿" in job.filename
    for name, data in zip_members(job_bytes(dossier)).items():
        if name.endswith(".docx"):
            for section in Document(io.BytesIO(data)).sections:
                assert DRAFT_MARK in section.header.paragraphs[0].text, name
        elif name.endswith(".xlsx"):
            for sheet in load_workbook(io.BytesIO(data)).worksheets:
                assert sheet.oddHeader.left.text == DRAFT_MARK, name


def test_final_dossier_from_a_submitted_assessment_has_no_mark_and_no_placeholder(office_user, manager_user,
                                                                                  monkeypatch):
    assessment = ready(manager_user, centre(office_user, manager_user))
    figures_on_target(monkeypatch)
    dossier = services.dossier_request(actor=manager_user, assessment=assessment, kind=Dossier.Kind.FINAL,
                                       queue=False)
    job = services.dossier_build(dossier_id=dossier.pk)
    assert job.status == "done", job.error
    assert "草稿" not in job.filename
    archive = zipfile.ZipFile(io.BytesIO(job_bytes(dossier)))
    for name in archive.namelist():
        inner = zipfile.ZipFile(io.BytesIO(archive.read(name)))
        text = "".join(inner.read(n).decode() for n in inner.namelist() if n.endswith(".xml"))
        assert "请补充" not in text and DRAFT_MARK not in text, name


def test_final_build_fails_when_data_changed_after_the_request(office_user, manager_user, monkeypatch):
    assessment = ready(manager_user, centre(office_user, manager_user))
    figures_on_target(monkeypatch)
    dossier = services.dossier_request(actor=manager_user, assessment=assessment, kind=Dossier.Kind.FINAL,
                                       queue=False)
    known_figure(monkeypatch, "overdue_ca", "逾期纠正措施", 2, unit="项")
    job = services.dossier_build(dossier_id=dossier.pk)
    assert job.status == "failed" and "纠正措施逾期" in job.error


def test_preflight_page_lists_blockers_with_links(client, office_user, manager_user):
    assessment = centre(office_user, manager_user)
    client.force_login(manager_user)
    page = client.get(f"/dossiers/preflight/?assessment={assessment.pk}").content.decode()
    assert "仍是草稿" in page and f'href="/assessments/{assessment.pk}/report/overview/"' in page
    listing = client.get("/dossiers/").content.decode()
    assert 'id="dossier-blockers"' in listing and "生成前检查" in listing
    response = client.post("/dossiers/", {"assessment": assessment.pk, "kind": "final"})
    assert response.status_code == 200 and "不能生成正式汇编" in response.content.decode()
    assert not Dossier.objects.exists()


def test_the_preflight_computes_each_figure_once_for_all_its_checks(office_user, manager_user, monkeypatch):
    import dataclasses
    import datetime as dt
    from collections import Counter

    from qms.core import figures

    assessment = centre(office_user, manager_user)
    computed = Counter()
    for key, figure in list(figures._REGISTRY.items()):
        def counted(*args, _compute=figure.compute, _key=key, **kwargs):
            computed[_key] += 1
            return _compute(*args, **kwargs)
        monkeypatch.setitem(figures._REGISTRY, key, dataclasses.replace(figure, compute=counted))
    found = dossier_preflight(assessment=assessment, as_of=dt.date.today())
    assert any(b.check == "figure" for b in found) and computed  # the figures were read
    assert [key for key, times in computed.items() if times > 1] == []  # check_figures, check_plan_targets…
