"""Management review: inputs compiled from the records of the period (无数据 where a source has
none), the workflow of decisions and actions, and the report read back and converted."""

import datetime as dt
from io import StringIO

import pytest
import time_machine
from django.core.management import CommandError, call_command
from django.utils import timezone

from audits.evaluation.documents.review_report import build_management_review_docx
from audits.evaluation.models import ActionStatus, ReviewStatus
from audits.evaluation.selectors.reviews import review_inputs, review_report_context
from audits.evaluation.services import complaints as complaint_svc
from audits.evaluation.services import reviews as svc
from qms.core.errors import ApplicationError, PermissionRefused, TransitionRefused

from ..docs import docx_all_text, needs_libreoffice, pdf_pages_of
from ..standards.helpers import make_in_force
from .helpers import add_ratings

pytestmark = pytest.mark.django_db
TZ = dt.timezone(dt.timedelta(hours=8))


def _year():
    return timezone.localdate().year


def plan(actor, year=None, **kw):
    year = year or _year()
    return svc.review_create(actor=actor, title=f"{year}年度管理评审", period_start=dt.date(year, 1, 1),
                             period_end=dt.date(year, 12, 31), planned_on=kw.pop("planned_on", dt.date(year, 1, 2)),
                             **kw)


def hold(actor, review, attendees, day=None):
    return svc.review_hold(actor=actor, review=review, held_on=day or review.planned_on, attendees=attendees,
                           minutes="听取各部门汇报，讨论改进事项。", conclusion="体系运行适宜、充分、有效。")


@pytest.fixture
def records(office_user, departments):
    """A year of records: ratings, two complaints (one substantiated), a standard published."""
    year = _year()
    add_ratings(departments["market"], dt.date(year, 1, 2), satisfied=97, basic=1, dissatisfied=2)
    add_ratings(departments["tax"], dt.date(year, 1, 2), satisfied=90, dissatisfied=10)
    with time_machine.travel(dt.datetime(year, 1, 2, 9, tzinfo=TZ), tick=False):
        first = complaint_svc.complaint_create(actor=office_user, channel="web", complainant_name="甲",
                                               description="等候过久", department=departments["tax"])
        complaint_svc.complaint_create(actor=office_user, channel="phone", complainant_name="乙",
                                       description="材料要求不一致", department=departments["market"])
        complaint_svc.complaint_reply(actor=office_user, complaint=first, reply="已增开窗口", substantiated=True)
    make_in_force(office_user, name="首问负责制", code="301-01", number=f"Q/XZFW 301.01-{year}")


def test_inputs_match_the_records_of_the_period(office_user, manager_user, departments, records):
    year = _year()
    previous = plan(manager_user, year - 1, planned_on=dt.date(year - 1, 12, 20))
    hold(manager_user, previous, [manager_user])
    svc.decision_record(actor=manager_user, review=previous, text="提高税务窗口满意度", actions=[
        {"description": "税务窗口增设自助终端", "owner": office_user, "due_on": dt.date(year, 3, 31)}])
    review = plan(manager_user)
    svc.review_input_save(actor=manager_user, review=review, department=departments["tax"], text="申请增加人员两名。")
    sections = {s.key: s for s in review_inputs(review, today=dt.date(year, 6, 30))}
    prev = sections["previous_actions"]
    assert "共确定措施 1 项，已验证关闭 0 项，未关闭 1 项" in prev.lines[0]
    assert prev.rows == [["税务窗口增设自助终端", "测office", f"{year}年3月31日", "进行中（超期）"]]
    assert sections["satisfaction"].lines[0] == (
        "一事一评共 200 件：满意 187、基本满意 1、不满意 12，满意率 94.00%（目标 98.00%）。")
    assert sections["satisfaction"].rows == [["税务局窗口", "100", "10", "90.00%"]]
    assert "受理投诉 2 件，已答复 1 件" in sections["complaints"].lines[0]
    assert "属实 1 件" in sections["complaints"].lines[0]
    assert "发布实施 1 项（其中修订 0 项），废止 0 项" in sections["standards"].lines[0]
    assert sections["standards"].rows[0][2] == f"Q/XZFW 301.01-{year} 首问负责制"
    figures = {row[0]: row[1] for row in sections["figures"].rows}
    assert figures["满意率"] == "94.00%"
    assert figures["标准覆盖率"] == "无数据"  # no service items, posts or facilities: nothing to cover
    assert sections["departments"].rows == [["税务局窗口", "申请增加人员两名。"]]


def test_inputs_without_records_say_no_data(manager_user, departments):
    review = plan(manager_user, 2019)
    sections = {s.key: s for s in review_inputs(review)}
    for key in ("previous_actions", "satisfaction", "complaints", "standards", "scorecards", "departments"):
        assert sections[key].available is False, key
    assert sections["satisfaction"].lines == ["无数据"]
    assert sections["previous_actions"].lines == ["本次为首次管理评审，无以往措施。"]


def test_decisions_and_actions_tracked_to_closure(office_user, manager_user, head_user, auditor_user, departments):
    review = plan(manager_user)
    with pytest.raises(ApplicationError, match="已召开"):
        svc.decision_record(actor=manager_user, review=review, text="决定")
    review = hold(manager_user, review, [manager_user, office_user, head_user])
    assert review.status == ReviewStatus.HELD and review.attendees.count() == 3
    decision = svc.decision_record(actor=manager_user, review=review, text="完善投诉处理标准", actions=[
        {"description": "修订投诉处理规范", "owner": head_user, "due_on": dt.date(_year(), 12, 1)}])
    action = decision.actions.get()
    assert action.department == departments["market"]
    with pytest.raises(PermissionRefused):
        svc.action_complete(actor=auditor_user, action=action, note="代填")
    action = svc.action_complete(actor=head_user, action=action, note="已发布新版规范")
    with pytest.raises(PermissionRefused):
        svc.action_verify(actor=head_user, action=action, effective=True, note="自验")
    action = svc.action_verify(actor=manager_user, action=action, effective=False, note="未覆盖网上投诉")
    assert action.status == ActionStatus.OPEN
    action = svc.action_complete(actor=head_user, action=action, note="补充网上投诉条款")
    action = svc.action_verify(actor=office_user, action=action, effective=True, note="有效")
    assert action.status == ActionStatus.CLOSED and action.verified_by == office_user
    assert [e.to_status for e in action.events.all()] == ["open", "done", "open", "done", "closed"]
    review = svc.review_close(actor=manager_user, review=review)
    with pytest.raises(TransitionRefused):
        svc.review_close(actor=manager_user, review=review)


def test_who_may_plan_and_write_inputs(role_users, departments):
    for name in ("auditor", "head", "staff", "admin"):
        with pytest.raises(PermissionRefused):
            plan(role_users[name])
    review = plan(role_users["office"])
    svc.review_input_save(actor=role_users["head"], review=review, department=departments["market"], text="本部门输入")
    with pytest.raises(PermissionRefused):
        svc.review_input_save(actor=role_users["head"], review=review, department=departments["tax"], text="代写")


def test_concurrent_minutes_are_refused(manager_user, office_user):
    review = plan(manager_user)
    svc.review_hold(actor=manager_user, review=review, held_on=review.planned_on, attendees=[manager_user],
                    minutes="第一稿", expected_version=review.version)
    with pytest.raises(ApplicationError, match="已被他人修改"):
        svc.review_hold(actor=office_user, review=review, held_on=review.planned_on, attendees=[office_user],
                        minutes="另一稿", expected_version=review.version)


def _held_review_with_decision(manager_user, office_user):
    review = hold(manager_user, plan(manager_user), [manager_user, office_user])
    svc.decision_record(actor=manager_user, review=review, text="开展窗口服务礼仪培训", actions=[
        {"description": "组织全体窗口人员礼仪培训", "owner": office_user, "due_on": dt.date(_year(), 9, 30)}])
    return review


def test_report_reads_back_with_inputs_minutes_and_actions(manager_user, office_user, records):
    review = _held_review_with_decision(manager_user, office_user)
    text = docx_all_text(build_management_review_docx(review_report_context(review)))
    for expected in ("管理评审报告", review.number, "以往管理评审所采取措施的情况", "本次为首次管理评审",
                     "满意率 94.00%", "受理投诉 2 件", "标准覆盖率", "无数据", "听取各部门汇报",
                     "体系运行适宜、充分、有效。", "决定1：开展窗口服务礼仪培训", "组织全体窗口人员礼仪培训"):
        assert expected in text, expected


def test_report_follows_iso_9001_review_clauses_flags_overdue_actions_and_has_signatures(
        manager_user, office_user, records):
    review = _held_review_with_decision(manager_user, office_user)
    late = dt.date(_year(), 10, 1)
    text = docx_all_text(build_management_review_docx(review_report_context(review, today=late)))
    for expected in ("以往管理评审所采取措施的情况（9.3.2 a)）", "与质量管理体系相关的内外部因素的变化（9.3.2 b)）",
                     "质量方针和质量目标的实现程度（9.3.2 c) 2)）", "不合格以及纠正措施（9.3.2 c) 4)）",
                     "审核结果（9.3.2 c) 6)）", "外部供方的绩效（9.3.2 c) 7)）", "资源的充分性（9.3.2 d)）",
                     "应对风险和机遇所采取措施的有效性（9.3.2 e)）", "改进的机会（9.3.2 f)）",
                     "评审输出（GB/T 19001-2016 9.3.3）", "进行中（超期）", "已过完成期限仍未关闭",
                     f"{_year()}年9月30日", "编制", "审核", "批准（管理者）"):
        assert expected in text, expected
    on_time = docx_all_text(build_management_review_docx(review_report_context(review, today=dt.date(_year(), 9, 1))))
    assert "（超期）" not in on_time and "已过完成期限" not in on_time


@needs_libreoffice
@pytest.mark.libreoffice
def test_report_command_writes_a_file_libreoffice_opens(manager_user, office_user, records, tmp_path):
    review = _held_review_with_decision(manager_user, office_user)
    path = tmp_path / "review.docx"
    out = StringIO()
    call_command("export_management_review", "--year", str(_year()), "--docx", str(path), stdout=out)
    assert review.number in out.getvalue()
    assert "开展窗口服务礼仪培训" in docx_all_text(path.read_bytes())
    assert pdf_pages_of(path) >= 2
    with pytest.raises(CommandError, match="没有 1999 年度"):
        call_command("export_management_review", "--year", "1999", "--docx", str(tmp_path / "x.docx"))


def test_review_pages(client, manager_user, office_user, auditor_user, records):
    review = _held_review_with_decision(manager_user, office_user)
    client.force_login(auditor_user)
    page = client.get(f"/evaluation/reviews/{review.pk}/").content.decode()
    assert "满意率 94.00%" in page and "开展窗口服务礼仪培训" in page and 'id="decision-form"' not in page
    assert client.get(f"/evaluation/reviews/{review.pk}/report/").status_code == 200
    assert client.post(f"/evaluation/reviews/{review.pk}/decisions/new/", {"text": "x"}).status_code == 403
    client.force_login(manager_user)
    response = client.post(f"/evaluation/reviews/{review.pk}/decisions/new/", {
        "text": "增设导办岗", "action": "设立导办台", "owner": office_user.pk, "due_on": f"{_year()}-10-31"}, follow=True)
    assert "增设导办岗" in response.content.decode()
    assert review.actions.count() == 2


def test_a_revision_under_way_is_a_change_of_the_standard_system(manager_user, office_user):
    from standards import services as standard_services

    standard, current = make_in_force(office_user, code="301-02", name="首问负责制",
                                      number=f"Q/XZFW 301.02-{_year() - 3}")
    draft = standard_services.edition_revision_start(actor=office_user, standard=standard, reason="复审结论：修订")
    section = {s.key: s for s in review_inputs(plan(manager_user))}["standards"]
    assert section.available and "正在修订 1 项" in section.lines[0]
    assert ["—", "修订中（草稿）", f"{draft.number} 首问负责制"] in section.rows
