"""The demo centre: `manage.py load_demo` loads a realistic county centre, idempotently.

The load takes tens of seconds, so it runs once for this package (tests/demo/conftest.py) inside a transaction that is
rolled back at the end; each test runs in a savepoint inside it."""

import io

import pytest
from django.conf import settings
from django.contrib.auth import authenticate
from django.core.management import call_command

from qms.core.documents.docx import docx_text
from qms.core.models import WorkflowEvent
from qms.org.models import Department, OrganisationProfile, Role, User
from qms.org.roles import has_role
from standards.models import (
    Edition,
    EditionStatus,
    Level,
    Origin,
    Plan,
    Standard,
    StandardStatus,
)
from standards.selectors import edition_text_diff, standard_search

ROLE_LOGINS = {
    "office": Role.OFFICE, "auditor": Role.AUDITOR, "manager": Role.MANAGER,
    "head": Role.DEPARTMENT_HEAD, "admin": Role.ADMIN,
}


def _counts():
    return {
        "departments": Department.objects.count(),
        "users": User.objects.count(),
        "standards": Standard.objects.count(),
        "editions": Edition.objects.count(),
        "status_changes": WorkflowEvent.objects.filter(workflow="edition").count(),
        "standard_history": Standard.history.count(),
        "edition_history": Edition.history.count(),
    }


@pytest.mark.django_db
def test_demo_has_departments_windows_and_the_centres_offices(demo):
    assert Department.objects.filter(kind=Department.Kind.DEPARTMENT).count() >= 20
    offices = set(Department.objects.filter(kind=Department.Kind.OFFICE).values_list("name", flat=True))
    assert {"中心办公室", "标准化办公室", "督查科"} <= offices
    market = Department.objects.get(name="市场监督管理局")
    assert market.window and market.users.count() >= 3
    profile = OrganisationProfile.objects.get(pk=1)
    assert profile.name == "青禾县政务服务中心" and profile.pilot_start < profile.pilot_end


@pytest.mark.django_db
def test_every_role_login_works_with_the_demo_password(demo):
    for username, role in ROLE_LOGINS.items():
        user = authenticate(username=username, password=settings.DEMO_PASSWORD)
        assert user is not None, username
        assert has_role(user, role), username
        assert not user.is_superuser
    assert User.objects.get(username="admin").is_staff
    assert User.objects.get(username="head").department.name == "市场监督管理局"
    assert User.objects.get(username="auditor").department.name == "督查科"


@pytest.mark.django_db
def test_every_department_has_a_head_and_staff(demo):
    for department in Department.objects.filter(kind=Department.Kind.DEPARTMENT):
        users = list(department.users.all())
        heads = [u for u in users if has_role(u, Role.DEPARTMENT_HEAD)]
        assert len(heads) == 1, department.name
        assert 3 <= len(users) <= 5, department.name
        assert all(u.last_name and u.first_name for u in users)


@pytest.mark.django_db
def test_about_280_standards_spread_over_the_three_systems(demo):
    standards = Standard.objects.all()
    # ~280 from the standards loader, plus the catalogue's generated procedure standards.
    assert 270 <= standards.count() <= 600
    in_force_nodes = set(
        standards.filter(status=StandardStatus.IN_FORCE).values_list("node__code", flat=True)
    )
    sub_systems = {code for code in in_force_nodes if not code.endswith("00")}
    assert len(sub_systems) >= 16
    assert {code[0] for code in sub_systems} == {"1", "2", "3"}
    assert standards.filter(origin=Origin.ADOPTED, level=Level.NATIONAL).count() >= 80
    assert standards.filter(level=Level.SECTOR).exists() and standards.filter(level=Level.LOCAL).exists()
    assert standards.filter(level=Level.ENTERPRISE, status=StandardStatus.IN_FORCE).count() >= 140
    assert standards.get(number="GB/T 19001-2016").status == StandardStatus.IN_FORCE
    for part in range(1, 5):  # adopted in 2009, replaced by the 2023 editions after this year's 有效性确认
        old = Edition.objects.get(number=f"GB/T 24421.{part}-2009")
        assert old.status == EditionStatus.SUPERSEDED and old.standard.number == f"GB/T 24421.{part}-2023"
    assert standards.filter(number__startswith="GB/T 32169.").count() == 4


@pytest.mark.django_db
def test_in_house_numbers_carry_the_organisation_prefix_and_code(demo):
    window = Standard.objects.get(name="窗口服务规范")
    assert window.number == f"{settings.ORG_STANDARD_PREFIX} {window.former_code.replace('-', '.')}-2024"
    assert window.code.startswith("310-")  # the demo centre moved to the GB/T 24421.2-2023 tree
    assert Standard.objects.filter(node__code="320", name__endswith="办理规程").count() >= 40
    assert Standard.objects.filter(name__endswith="岗位工作标准").count() >= 10


@pytest.mark.django_db
def test_some_standards_have_superseded_editions_with_different_text(demo):
    superseded = Edition.objects.filter(status=EditionStatus.SUPERSEDED)
    # the standards demo's own (8..20), plus the procedure standards the catalogue regenerates from its
    # items' data and the adopted standards renewed before the application
    assert 8 <= superseded.count() <= 70
    old = Edition.objects.get(number="GB/T 19001-2008")
    assert old.status == EditionStatus.SUPERSEDED
    assert old.standard.editions.get(status=EditionStatus.IN_FORCE).replaces == "GB/T 19001-2008"
    standard = Standard.objects.get(name="限时办结制")
    older, newer = standard.editions.order_by("seq")
    assert older.status == EditionStatus.SUPERSEDED and newer.status == EditionStatus.IN_FORCE
    changed = [line for kind, line in edition_text_diff(older, newer) if kind != " "]
    assert any("40%" in line for line in changed) and any("60%" in line for line in changed)


@pytest.mark.django_db
def test_withdrawn_standards_record_their_reason(demo):
    withdrawn = Standard.objects.filter(status=StandardStatus.WITHDRAWN)
    assert withdrawn.count() >= 3
    ga = Standard.objects.get(number="GA 654-2006")
    edition = ga.editions.get()
    assert edition.status == EditionStatus.WITHDRAWN
    assert "GB/T 40248-2021" in edition.withdrawn_reason
    assert edition.status_changes.filter(to_status=EditionStatus.WITHDRAWN).exists()


@pytest.mark.django_db
def test_planned_standards_have_target_dates_and_owners(demo):
    planned = Standard.objects.exclude(plan="")
    assert 12 <= planned.count() <= 40  # includes revisions started by the life-cycle demo
    assert {Plan.TO_DRAFT, Plan.TO_ADOPT, Plan.TO_REVISE} <= set(planned.values_list("plan", flat=True))
    for standard in planned:
        assert standard.owner, standard.code
    # The office's own plan (not drafts generated from the item catalogue) carries target dates.
    for standard in planned.exclude(name__endswith="办理规程"):
        assert standard.target_date, standard.code
    # 待制定: nothing yet, or a draft edition on its way (generated procedure standards).
    assert all(s.status in (StandardStatus.PLANNED, StandardStatus.DRAFT) for s in planned.filter(plan=Plan.TO_DRAFT))
    assert all(s.status == StandardStatus.IN_FORCE for s in planned.filter(plan=Plan.TO_REVISE))


@pytest.mark.django_db
def test_in_house_editions_have_a_real_document_with_the_four_sections(demo, settings):
    settings.MEDIA_ROOT = demo["media"]
    edition = Standard.objects.get(name="首问负责制").editions.get(status=EditionStatus.IN_FORCE)
    text = docx_text(edition.document.read())
    for heading in ("1 范围", "2 规范性引用文件", "3 术语和定义", "4 首问责任"):
        assert heading in text
    assert "首问责任人" in edition.text
    assert edition.document_sha256
    procedure = Standard.objects.get(name="不动产转移登记办理规程").editions.get()
    assert "《不动产登记暂行条例》第二十条" in procedure.text and "提速率" in procedure.text


@pytest.mark.django_db
def test_history_and_status_changes_are_written_through_the_services(demo):
    standard = Standard.objects.get(name="窗口服务规范")
    assert standard.history.filter(history_user__username="office").exists()
    assert all(h.history_change_reason for h in standard.history.all())
    edition = standard.editions.get(status=EditionStatus.IN_FORCE)
    moves = list(edition.status_changes.values_list("to_status", flat=True))
    assert moves == [EditionStatus.DRAFT, EditionStatus.CONSULTATION, EditionStatus.REVIEW,
                     EditionStatus.PENDING_APPROVAL, EditionStatus.APPROVED, EditionStatus.IN_FORCE]
    adopted = Standard.objects.get(number="GB/T 36113-2018").editions.get()
    assert "无需中心内部审批" in adopted.status_changes.get(to_status=EditionStatus.IN_FORCE).note


@pytest.mark.django_db
def test_a_word_of_a_document_body_finds_its_standard(demo):
    found = standard_search(Standard.objects.all(), "午间不间断")
    assert list(found.values_list("name", flat=True)) == ["窗口服务规范"]
    assert standard_search(Standard.objects.all(), "巡更系统").filter(name="安全保卫管理规范").exists()


@pytest.mark.django_db
def test_loading_again_creates_and_changes_nothing(demo):
    before = _counts()
    out = io.StringIO()
    call_command("load_demo", stdout=out)
    assert _counts() == before
    assert "新增 0 项" in out.getvalue() and "新增 0 个" in out.getvalue()
@pytest.mark.django_db
def test_the_centre_is_current_on_the_2023_tree_with_this_years_validity_confirmation(demo):
    from django.utils import timezone

    from standards.models import ValidityConfirmation
    from standards.selectors import adopted_flagged, adopted_unconfirmed, reference_problems
    from standards.services import tree_template_current

    assert tree_template_current().source == "GB/T 24421.2-2023"
    assert not Standard.objects.exclude(status=StandardStatus.WITHDRAWN).filter(node__is_active=False).exists()
    confirmation = ValidityConfirmation.objects.get()
    assert confirmation.confirmed_on.year == timezone.localdate().year
    assert confirmation.findings.filter(state="replaced").count() == 4
    assert adopted_flagged() == []  # the findings were acted on
    assert len(adopted_unconfirmed()) > 50  # the rest still to be checked against the platform
    problems = reference_problems()
    assert 1 <= len(problems) <= 15
    assert any("GB/T 24421" in p.reference.number and p.kind == "superseded" for p in problems)


@pytest.mark.django_db
def test_demo_ends_with_a_submitted_self_assessment_and_a_final_dossier(demo):
    from qms.assessment.models import Assessment
    from qms.assessment.narratives import NARRATIVES, is_unfinished
    from qms.assessment.selectors import assessment_summary
    from qms.dossier.models import Dossier

    assessment = Assessment.objects.get(status=Assessment.Status.SUBMITTED)
    assert assessment_summary(assessment).passed
    assert not any(is_unfinished(getattr(assessment, s.key)) for s in NARRATIVES)
    dossier = Dossier.objects.get(kind=Dossier.Kind.FINAL)
    assert dossier.status == "done" and dossier.assessment == assessment


@pytest.mark.django_db
def test_demo_titles_are_unique_and_never_double_a_word(demo):
    from collections import Counter

    names = Counter(Standard.objects.exclude(status=StandardStatus.WITHDRAWN).values_list("name", flat=True))
    assert [name for name, count in names.items() if count > 1] == []
    assert not [name for name in names if "办理办理" in name]


@pytest.mark.django_db
def test_a_final_dossier_whose_build_was_stopped_is_queued_again_by_the_next_load(demo):
    from qms.core.models import GeneratedFile
    from qms.demo import application
    from qms.dossier.models import Dossier

    dossier = Dossier.objects.get(kind=Dossier.Kind.FINAL)  # as `make run` left it after a Ctrl-C mid-build
    Dossier.objects.filter(pk=dossier.pk).update(status="running")
    GeneratedFile.objects.filter(pk=dossier.job_id).update(status="failed", error="生成被中断（执行进程已停止），请重新生成。")
    out = io.StringIO()
    application.load(out)
    dossier.refresh_from_db()
    assert f"#{dossier.pk} queued again" in out.getvalue()
    assert (dossier.status, dossier.runs, dossier.job.status) == ("queued", 2, "queued")
    assert Dossier.objects.filter(kind=Dossier.Kind.FINAL).count() == 1
