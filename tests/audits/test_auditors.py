"""The register of internal auditors, the audit-team rule (qualified on every audit day, never
auditing one's own department) in the form and at the move to 实施中, audit points as checklist
items, and observations kept apart from numbered nonconformities."""

import datetime as dt
import io

import pytest
from docx import Document

from audits import services
from audits.documents import build_audit_report_docx
from audits.models import (
    AuditorQualification,
    AuditStatus,
    ChecklistItem,
    Grade,
    Nonconformity,
    Result,
    Source,
)
from audits.selectors.reports import audit_report_context
from audits.workflows import AUDIT_WORKFLOW
from qms.core.errors import ApplicationError, PermissionRefused, TransitionRefused
from qms.core.todo import todos_for
from qms.org.models import Role

from ..conftest import client_for
from ..docs import docx_all_text
from ..factories import UserFactory, qualify

pytestmark = pytest.mark.django_db

START, END = dt.date(2026, 3, 10), dt.date(2026, 3, 12)


@pytest.fixture
def newcomer(departments):
    """An auditor by role with no certificate on the register."""
    return UserFactory(username="newcomer", roles=[Role.AUDITOR], department=departments["office"],
                       last_name="周", first_name="新")


def _plan(actor, lead, departments, *, team=(), start=START, end=END, **extra):
    return services.audit_create(actor=actor, title="窗口服务专项审核", lead_auditor=lead, team=list(team),
                                 departments=[departments["market"]], start_date=start, end_date=end, **extra)


# --- the team rule ---------------------------------------------------------------------------
def test_unqualified_member_is_refused_by_name(auditor_user, newcomer, departments):
    with pytest.raises(ApplicationError, match="周新 没有内审员资格记录") as caught:
        _plan(auditor_user, auditor_user, departments, team=[newcomer])
    assert caught.value.field == "team"


def test_qualification_expiring_mid_audit_is_refused(auditor_user, newcomer, departments):
    qualify(newcomer, obtained_on=dt.date(2023, 3, 1), expires_on=dt.date(2026, 3, 11))
    with pytest.raises(ApplicationError, match="周新 的内审员资格于 2026年3月11日 到期，审核至 2026年3月12日"):
        _plan(auditor_user, auditor_user, departments, team=[newcomer])
    audit = _plan(auditor_user, auditor_user, departments, team=[newcomer], end=dt.date(2026, 3, 11))
    assert newcomer in audit.team.all()


def test_expired_and_not_yet_obtained_qualifications_are_refused(auditor_user, newcomer, departments):
    qualify(newcomer, obtained_on=dt.date(2020, 1, 1), expires_on=dt.date(2025, 12, 31))
    with pytest.raises(ApplicationError, match="已于 2025年12月31日 过期"):
        _plan(auditor_user, newcomer, departments)
    AuditorQualification.objects.filter(auditor=newcomer).update(obtained_on=dt.date(2026, 3, 11),
                                                                 expires_on=dt.date(2029, 3, 10))
    with pytest.raises(ApplicationError, match="在 2026年3月10日 尚未取得内审员资格"):
        _plan(auditor_user, newcomer, departments)


def test_a_renewal_taken_before_the_old_certificate_lapsed_covers_the_audit(auditor_user, newcomer, departments):
    qualify(newcomer, obtained_on=dt.date(2023, 3, 1), expires_on=dt.date(2026, 3, 11))
    qualify(newcomer, obtained_on=dt.date(2026, 3, 1), expires_on=dt.date(2029, 2, 28))
    assert _plan(auditor_user, newcomer, departments).lead_auditor == newcomer


def test_member_may_not_audit_own_department(auditor_user, departments):
    own = UserFactory(username="mkt_auditor", roles=[Role.AUDITOR], department=departments["market"],
                      last_name="吴", first_name="审")
    qualify(own)
    with pytest.raises(ApplicationError, match="审核员 吴审 属于“市场监督管理局窗口”，不能审核本部门"):
        _plan(auditor_user, auditor_user, departments, team=[own])


def test_audit_form_shows_the_refusal_on_the_team_field(client, auditor_user, newcomer, departments):
    response = client_for(client, auditor_user).post("/audits/new/", {
        "title": "窗口服务专项审核", "lead_auditor": auditor_user.pk, "team": [newcomer.pk],
        "departments": [departments["market"].pk], "start_date": "2026-03-10", "end_date": "2026-03-12"})
    assert response.status_code == 200
    assert "周新 没有内审员资格记录" in response.context["form"].errors["team"][0]


def test_start_is_refused_when_a_qualification_no_longer_covers_the_audit(client, planned_audit, auditor_user):
    qualification = auditor_user.auditor_qualifications.get()
    AuditorQualification.objects.filter(pk=qualification.pk).update(expires_on=dt.date(2026, 3, 11))
    refusal = AUDIT_WORKFLOW.refusal(planned_audit, auditor_user, AUDIT_WORKFLOW.move("start"))
    assert isinstance(refusal, TransitionRefused) and "测auditor 的内审员资格于 2026年3月11日 到期" in refusal.message
    with pytest.raises(TransitionRefused, match="到期"):
        services.audit_start(actor=auditor_user, audit=planned_audit)
    page = client_for(client, auditor_user).get(f"/audits/{planned_audit.pk}/")
    assert f'/audits/{planned_audit.pk}/start/' not in page.content.decode()  # no button: the declaration says no
    assert client.get(f"/audits/{planned_audit.pk}/start/").status_code == 403
    planned_audit.refresh_from_db()
    assert planned_audit.status == AuditStatus.PLANNED


# --- the register ----------------------------------------------------------------------------
def test_register_lists_status_and_keeps_earlier_certificates(client, office_user, auditor_user, newcomer,
                                                              second_auditor, head_user):
    today = dt.date.today()
    services.qualification_add(actor=office_user, auditor=newcomer, course="内审员培训", issuer="省标准化研究院",
                               certificate_number="NS-001", obtained_on=today - dt.timedelta(days=1000),
                               expires_on=today + dt.timedelta(days=30))
    AuditorQualification.objects.filter(auditor=second_auditor).update(expires_on=today - dt.timedelta(days=1))
    page = client_for(client, office_user).get("/audits/auditors/")
    html = page.content.decode()
    assert page.status_code == 200 and "周新" in html and "NS-001" in html
    statuses = {row.auditor.username: row.status_label for row in page.context["rows"]}
    assert statuses == {"auditor": "有效", "newcomer": "即将到期", "auditor2": "已过期"}
    client.force_login(head_user)
    assert client.get("/audits/auditors/").status_code == 403
    assert client.get("/audits/auditors/new/").status_code == 403


def test_register_is_kept_by_the_office_and_auditors_but_not_for_oneself(auditor_user, newcomer, office_user,
                                                                         manager_user):
    with pytest.raises(PermissionRefused, match="本人"):
        services.qualification_add(actor=newcomer, auditor=newcomer, course="c", issuer="i", certificate_number="n",
                                   obtained_on=START, expires_on=END)
    with pytest.raises(PermissionRefused):
        services.qualification_add(actor=manager_user, auditor=newcomer, course="c", issuer="i",
                                   certificate_number="n", obtained_on=START, expires_on=END)
    with pytest.raises(ApplicationError, match="有效期不能早于取得日期"):
        services.qualification_add(actor=auditor_user, auditor=newcomer, course="c", issuer="i",
                                   certificate_number="n", obtained_on=END, expires_on=START)
    q = services.qualification_add(actor=auditor_user, auditor=newcomer, course="c", issuer="i",
                                   certificate_number="n", obtained_on=START, expires_on=END)
    services.qualification_update(actor=office_user, qualification=q, expires_on=dt.date(2029, 3, 9),
                                  reason="复训换证")
    assert [h.history_change_reason for h in q.history.order_by("history_date")] == ["登记内审员资格", "复训换证"]


def test_auditor_sees_a_qualification_expiring_within_60_days_in_my_todo(auditor_user):
    AuditorQualification.objects.filter(auditor=auditor_user).update(expires_on=dt.date.today() + dt.timedelta(days=59))
    kinds = [t.kind for t in todos_for(auditor_user)]
    assert any("内审员资格" in k for k in kinds)
    AuditorQualification.objects.filter(auditor=auditor_user).update(expires_on=dt.date.today() + dt.timedelta(days=61))
    assert not any("内审员资格" in t.kind for t in todos_for(auditor_user))


# --- audit points ----------------------------------------------------------------------------
def test_checklist_lists_a_standards_audit_points_and_a_generic_line_for_others(auditor_user, departments,
                                                                                 standards_in_force):
    with_points, without = standards_in_force
    services.audit_point_add(actor=auditor_user, standard=with_points, clause="4.2",
                             text="申请材料不齐全的，一次性告知全部需要补正的材料。", method="抽查告知单 5 份")
    services.audit_point_add(actor=auditor_user, standard=with_points, clause="5.1", text="提前10分钟到岗。")
    retired = services.audit_point_add(actor=auditor_user, standard=with_points, clause="6.1", text="旧要点")
    services.audit_point_update(actor=auditor_user, point=retired, is_active=False)
    audit = _plan(auditor_user, auditor_user, departments)
    assert services.checklist_generate(actor=auditor_user, audit=audit) == 3
    rows = list(audit.items.order_by("order").values_list("standard_id", "clause", "requirement"))
    assert rows == [(with_points.pk, "4.2", "申请材料不齐全的，一次性告知全部需要补正的材料。"),
                    (with_points.pk, "5.1", "提前10分钟到岗。"),
                    (without.pk, "", f"按《{without.name}》核查执行情况")]
    assert audit.items.get(clause="4.2").audit_point.method == "抽查告知单 5 份"


def test_audit_points_are_written_by_auditors_and_the_office_only(client, head_user, manager_user, auditor_user,
                                                                  standards_in_force):
    with pytest.raises(PermissionRefused):
        services.audit_point_add(actor=manager_user, standard=standards_in_force[0], clause="4.1", text="x")
    response = client_for(client, auditor_user).post("/audits/points/new/", {
        "standard": standards_in_force[0].pk, "clause": "4.1", "text": "窗口人员熟悉办理流程", "is_active": "on"})
    assert response.status_code == 302
    assert "窗口人员熟悉办理流程" in client.get("/audits/points/").content.decode()
    client.force_login(manager_user)
    assert client.get("/audits/points/").status_code == 200
    assert client.get("/audits/points/new/").status_code == 403
    client.force_login(head_user)
    assert client.get("/audits/points/").status_code == 403


# --- observations ----------------------------------------------------------------------------
def test_observation_is_recorded_on_the_item_not_numbered_as_a_nonconformity(running_audit, auditor_user):
    item = running_audit.items.order_by("order").first()
    with pytest.raises(ApplicationError, match="观察到的情况"):
        services.checklist_item_record(actor=auditor_user, item=item, result=Result.OBSERVATION)
    services.checklist_item_record(actor=auditor_user, item=item, result=Result.OBSERVATION,
                                   description="告知单样表已磨损，建议更换")
    item.refresh_from_db()
    assert item.result == Result.OBSERVATION and item.evidence == "告知单样表已磨损，建议更换"
    assert not Nonconformity.objects.exists()
    with pytest.raises(ApplicationError, match="不开具编号的不符合项"):
        services.nonconformity_raise(actor=auditor_user, department=item.department, description="x",
                                     grade=Grade.OBSERVATION, source=Source.INTERNAL_AUDIT,
                                     checklist_item=ChecklistItem.objects.exclude(pk=item.pk).first())
    assert not Nonconformity.objects.exists()


def test_report_lists_observations_under_their_own_heading(client, nonconformity, running_audit, auditor_user):
    items = running_audit.items.filter(result=Result.PENDING)
    services.checklist_item_record(actor=auditor_user, item=items.first(), result=Result.OBSERVATION,
                                   evidence="首问登记表字迹潦草，建议改用电子登记")
    data = build_audit_report_docx(audit_report_context(running_audit))
    text = docx_all_text(data)
    assert text.index("四、不符合项") < text.index("五、观察项") < text.index("六、审核结论")
    assert "共开具不符合项 1 项" in text and "记录观察项 1 项" in text
    tables = {t.rows[0].cells[-1].text: "\n".join(c.text for r in t.rows for c in r.cells)
              for t in Document(io.BytesIO(data)).tables}
    assert "首问登记表字迹潦草" in tables["观察到的情况"] and nonconformity.number not in tables["观察到的情况"]
    assert "首问登记表字迹潦草" not in tables["状态"] and nonconformity.number in tables["状态"]
    page = client_for(client, auditor_user).get(f"/audits/{running_audit.pk}/")
    assert "首问登记表字迹潦草" in page.content.decode()
