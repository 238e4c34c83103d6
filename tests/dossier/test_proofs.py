"""The dossier's 证明材料 on known data: the leading group and the year's plan with targets beside
the figures, the register of internal auditors with each audit team's qualification, the training
plan with its completion and 参训率 / 考核合格率 per department; and the pre-flight naming an audit
team member without a valid qualification and plan targets behind."""

import datetime as dt
import io
from decimal import Decimal

import pytest
import time_machine
from docx import Document

from audits.models import AuditorQualification
from qms.dossier import proofs
from qms.dossier.preflight import check_audit_teams, check_plan_targets
from standards import services as standard_services
from standards.models import Edition, EditionStatus
from standards.services.training_tests import training_scores_record

from ..factories import UserFactory
from ..leadership.helpers import GE, LEADER, MEMBER, known_figure, make_group, make_plan
from .helpers import centre, completed_audit
from .test_dossier import build

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 6, 30)


@pytest.fixture(autouse=True)
def _on_a_known_day():
    with time_machine.travel(dt.datetime(2026, 6, 30, 10, tzinfo=dt.UTC), tick=False):
        yield


def tables(data: bytes) -> list[list[list[str]]]:
    return [[[cell.text for cell in row.cells] for row in table.rows] for table in Document(io.BytesIO(data)).tables]


def text(data: bytes) -> str:
    return "\n".join(p.text for p in Document(io.BytesIO(data)).paragraphs)


@pytest.fixture
def leadership(monkeypatch, office_user, manager_user, head_user, departments):
    known_figure(monkeypatch, value=92.0)
    make_group(office_user, (manager_user, LEADER), (head_user, MEMBER))
    return make_plan(office_user, year=2026, approved_by=manager_user,
                     targets=[("known_rate", GE, 95, None), ("known_rate", GE, 90, departments["tax"]),
                              ("known_rate", GE, 93, departments["market"])])


@pytest.fixture
def small_centre(office_user, manager_user):
    """Standards in force applying to the market window (an audit's checklist needs them)."""
    centre(office_user, manager_user)


@pytest.fixture
def lapsed_audit(small_centre, auditor_user, departments):
    """A completed audit (31 May – 2 June) whose lead's certificate, as corrected on the register,
    ran out on 1 June."""
    audit = completed_audit(auditor_user, departments["market"])
    AuditorQualification.objects.filter(auditor=auditor_user).update(expires_on=dt.date(2026, 6, 1),
                                                                      certificate_number="NS-2020-017")
    return audit


@pytest.fixture
def training(small_centre, office_user, departments):
    tax = [UserFactory(username=f"tax{i}", department=departments["tax"], last_name="税", first_name=f"员{i}")
           for i in range(4)]
    edition = Edition.objects.get(standard__code="301-01", status=EditionStatus.IN_FORCE)
    plan = standard_services.training_plan_create(actor=office_user, year=2026)
    items = [standard_services.training_plan_item_add(actor=office_user, plan=plan, topic=f"计划培训{m}", month=m,
                                                      departments=[departments["tax"]], editions=[edition])
             for m in (3, 5, 9)]
    session = standard_services.training_session_create(
        actor=office_user, title="计划培训3", held_on=dt.date(2026, 3, 12), trainer="王老师", editions=[edition],
        people=tax, plan_item=items[0], pass_mark=Decimal("60"))
    standard_services.training_attendance_record(actor=office_user, session=session, attendees=tax[:3])
    training_scores_record(actor=office_user, session=session,
                           scores={tax[0].pk: "90", tax[1].pk: "60", tax[2].pk: "45"})
    return plan


def test_leading_group_lists_members_with_terms_and_targets_beside_the_figures(leadership, manager_user, head_user):
    data = proofs.leadership_docx(proofs.leadership_context(organisation="中心", as_of=TODAY))
    members, tasks, targets = tables(data)
    assert members[0] == ["序号", "姓名", "职务", "小组职务", "任期"]
    assert [row[1:4:2] for row in members[1:]] == [[manager_user.display_name, "组长"],
                                                   [head_user.display_name, "成员"]]
    assert members[1][4] == "2025年3月10日—至今"
    assert targets[0][3] == "实际（2026年6月30日）"
    assert sorted(row[1:] for row in targets[1:]) == [["全中心", "≥ 95.0%", "92.0%", "未达成"],
                                                      ["市场监督管理局窗口", "≥ 93.0%", "92.0%", "未达成"],
                                                      ["税务局窗口", "≥ 90.0%", "92.0%", "达成"]]
    assert "2026年度标准化工作计划" in text(data) and "未达成 2 项" in text(data)


def test_auditor_register_shows_certificates_and_the_teams_qualification(lapsed_audit, auditor_user):
    data = proofs.auditor_register_docx(proofs.auditor_context(organisation="中心", as_of=TODAY))
    register, teams = tables(data)
    assert register[0] == ["序号", "姓名", "部门", "证书编号", "发证机构", "取得日期", "有效期至", "状态"]
    assert register[1][1:] == [auditor_user.display_name, "中心办公室", "NS-2020-017", "省标准化研究院",
                               "2020年1月1日", "2026年6月1日", "已过期"]
    assert teams[1][0] == lapsed_audit.number
    assert teams[1][2] == "2026年5月31日—2026年6月2日"
    assert "2026年6月1日 到期" in teams[1][4]


def test_a_qualified_team_reads_as_such(small_centre, auditor_user, departments):
    completed_audit(auditor_user, departments["market"])
    _register, teams = tables(proofs.auditor_register_docx(proofs.auditor_context(organisation="中心", as_of=TODAY)))
    assert teams[1][4] == "均持有效资格"


def test_training_plan_completion_and_rates_per_department(training):
    context = proofs.training_plan_context(organisation="中心", as_of=TODAY)
    data = proofs.training_plan_docx(context)
    items, departments = tables(data)
    assert [row[1:] for row in items[1:]] == [["3月", "计划培训3", "税务局窗口", "2026年3月12日"],
                                              ["5月", "计划培训5", "税务局窗口", "逾期未实施"],
                                              ["9月", "计划培训9", "税务局窗口", "未到期"]]
    assert departments[0] == ["部门", "应参训", "实际参训", "参训率", "参加考核", "考核合格", "考核合格率"]
    assert departments[1] == ["税务局窗口", "4", "3", "75.0%", "3", "2", "66.7%"]
    assert departments[-1] == ["全中心", "4", "3", "75.0%", "3", "2", "66.7%"]
    assert "培训计划完成率 50.0%" in text(data)


def test_no_plan_no_group_no_auditor_leaves_the_sections_out(office_user):
    from qms.dossier import sections
    from qms.dossier.sections import BuildContext

    context = BuildContext(as_of=TODAY, assessment=None, documents={})
    assert sections.leading_group(context) == []
    assert sections.auditor_register(context) == []
    assert sections.training_plan(context) == []


def test_preflight_names_the_unqualified_member_and_the_targets_behind(lapsed_audit, leadership, auditor_user):
    auditors = check_audit_teams(None, TODAY)
    assert len(auditors) == 1 and lapsed_audit.number in auditors[0].message
    assert auditor_user.display_name in auditors[0].message and auditors[0].url == "/audits/auditors/"
    behind = [b.message for b in check_plan_targets(None, TODAY)]
    assert len(behind) == 2
    assert any("全中心" in m and "≥ 95.0%" in m for m in behind)
    assert any("市场监督管理局窗口" in m and "≥ 93.0%" in m for m in behind)
    # a past audit's team and a plan target cannot be put right by the time the dossier is due: the
    # pre-flight warns of them (a reviewer may ask) but they do not refuse a final dossier
    assert not any(b.blocks for b in [*auditors, *check_plan_targets(None, TODAY)])


def test_the_preflight_page_lists_the_warnings_apart_from_the_blockers(lapsed_audit, leadership, client, office_user):
    client.force_login(office_user)
    page = client.get("/dossiers/preflight/").content.decode()
    warnings = page.split('id="dossier-warnings"', 1)[1]
    assert lapsed_audit.number in warnings and "提请注意" in warnings
    assert lapsed_audit.number not in page.split('id="dossier-warnings"', 1)[0]


def test_a_centre_target_the_figures_check_compares_is_not_named_twice(monkeypatch, office_user, manager_user):
    from ..assessment.helpers import known_figure as assessment_figure

    assessment_figure(monkeypatch, "coverage", "服务覆盖率", 80.0, target=90.0)
    make_plan(office_user, year=2026, approved_by=manager_user, targets=[("coverage", GE, 90, None)])
    assert check_plan_targets(None, TODAY) == []


def test_the_dossier_holds_the_new_sections_listed_in_its_index(leadership, lapsed_audit, training, manager_user):
    _dossier, files = build(manager_user)
    names = [name.split("_", 1)[1] for name in files]
    for name in ("领导小组及年度工作计划.docx", "内审员名册.docx", "培训计划及完成情况.docx"):
        assert name in names
    assert names.index("领导小组及年度工作计划.docx") == names.index("自评计分表.xlsx") + 1
    assert names.index("内审员名册.docx") == names.index(f"内审报告-{lapsed_audit.number}.docx") + 1
    index = "\n".join(cell for table in tables(files["00_目录.docx"]) for row in table for cell in row) + text(
        files["00_目录.docx"])
    for title in ("领导小组及年度工作计划", "内审员名册", "培训计划及完成情况"):
        assert title in index
