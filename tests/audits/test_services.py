import datetime as dt

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile

from audits import services
from audits.models import (
    Audit,
    AuditStatus,
    CAStatus,
    ChecklistItem,
    CorrectiveAction,
    Grade,
    NCStatus,
    Nonconformity,
    Result,
    Source,
)
from qms.core import bulk
from qms.core.errors import ApplicationError, ConcurrentEditError, PermissionRefused, TransitionRefused
from qms.core.models import Notification
from standards import services as standard_services
from standards.models import ChangeRequest

from ..hostile import html_pdf, macro_docx, media_files, png_bytes

pytestmark = pytest.mark.django_db
PNG = png_bytes()


def propose(head, action, *, due=None, **extra):
    fields = dict(correction="补签已办结的告知单", why_chain=["窗口人员未要求签字", "标准未写明签字环节"],
                  root_cause="岗位培训未覆盖签字要求", action_plan="组织窗口人员重新培训并每周抽查",
                  owner=head, due_date=due or dt.date.today() + dt.timedelta(days=20))
    fields.update(extra)
    return services.corrective_action_propose(actor=head, action=action, **fields)


def test_audit_number_counts_per_year_with_two_digits(auditor_user, departments, planned_audit):
    assert planned_audit.number == "NS-2026-01"
    second = services.audit_create(actor=auditor_user, title="专项审核", lead_auditor=auditor_user,
                                   departments=[departments["tax"]], start_date=dt.date(2026, 9, 1))
    assert second.number == "NS-2026-02"


def test_auditor_may_not_audit_own_department(auditor_user, departments):
    with pytest.raises(ApplicationError, match="测auditor.*中心办公室.*不能审核本部门"):
        services.audit_create(actor=auditor_user, title="审核办公室", lead_auditor=auditor_user,
                              departments=[departments["office"]])
    assert not Audit.objects.exists()


def test_team_member_from_audited_department_is_refused(planned_audit, auditor_user, departments, second_auditor):
    with pytest.raises(ApplicationError, match="钱审.*税务局窗口"):
        services.audit_update(actor=auditor_user, audit=planned_audit, team=[second_auditor],
                              departments=[departments["market"], departments["tax"]])


def test_only_auditors_plan_audits(office_user, head_user, departments):
    for user in (office_user, head_user):
        with pytest.raises(PermissionRefused):
            services.audit_create(actor=user, title="x", lead_auditor=user, departments=[departments["market"]])


def test_checklist_has_one_item_per_standard_and_department(planned_audit, standards_in_force, departments):
    items = list(planned_audit.items.select_related("standard", "department"))
    assert {(i.standard.code, i.department.code) for i in items} == {("301-01", "SCJG"), ("302-01", "SCJG")}
    assert all(i.edition_number.startswith("Q/XZFW") for i in items)
    assert services.checklist_generate(actor=planned_audit.lead_auditor, audit=planned_audit) == 0


def test_auditor_adds_a_requirement_item_before_but_not_during_the_audit(planned_audit, auditor_user,
                                                                         standards_in_force, departments):
    item = services.checklist_item_add(actor=auditor_user, audit=planned_audit, standard=standards_in_force[0],
                                       department=departments["market"], clause="4.3",
                                       requirement="首问负责登记表是否逐项填写")
    assert item.order == 3
    services.audit_start(actor=auditor_user, audit=planned_audit)
    with pytest.raises(ApplicationError, match="不能修改检查表"):
        services.checklist_item_add(actor=auditor_user, audit=planned_audit, requirement="再加一项")


def test_starting_an_audit_needs_a_checklist(auditor_user, departments):
    audit = services.audit_create(actor=auditor_user, title="空审核", lead_auditor=auditor_user,
                                  departments=[departments["market"]])
    with pytest.raises(ApplicationError, match="检查表为空"):
        services.audit_start(actor=auditor_user, audit=audit)


def test_nonconform_result_raises_numbered_nonconformity_and_tells_the_head(head_user, nonconformity, running_audit):
    assert nonconformity.number == f"NC-{dt.date.today().year}-001"
    assert nonconformity.department.code == "SCJG" and nonconformity.grade == Grade.MINOR
    assert nonconformity.audit == running_audit and nonconformity.source == Source.INTERNAL_AUDIT
    assert nonconformity.clause == "5.2" and nonconformity.standard.code == "301-01"
    action = nonconformity.actions.get()
    assert action.status == CAStatus.TO_PLAN and action.round == 1
    assert Notification.objects.filter(recipient=head_user, message__contains=nonconformity.number).exists()


def test_result_that_raised_a_nonconformity_cannot_be_changed(nonconformity, auditor_user):
    item = nonconformity.checklist_item
    with pytest.raises(ApplicationError, match="结果不能再改"):
        services.checklist_item_record(actor=auditor_user, item=item, result=Result.CONFORM)


def test_nonconform_needs_a_grade(running_audit, auditor_user):
    item = running_audit.items.first()
    with pytest.raises(ApplicationError, match="请选择等级"):
        services.checklist_item_record(actor=auditor_user, item=item, result=Result.NONCONFORM, evidence="x")
    assert not Nonconformity.objects.exists()


def test_stale_tablet_form_is_refused(running_audit, auditor_user):
    item = running_audit.items.first()
    services.checklist_item_record(actor=auditor_user, item=item, result=Result.CONFORM, expected_version=1)
    with pytest.raises(ConcurrentEditError, match="请刷新"):
        services.checklist_item_record(actor=auditor_user, item=item, result=Result.OBSERVATION, expected_version=1)


def test_photo_is_kept_as_item_evidence(running_audit, auditor_user):
    item = running_audit.items.first()
    services.checklist_item_record(actor=auditor_user, item=item, result=Result.CONFORM, evidence="现场查看",
                                   upload=SimpleUploadedFile("现场.png", PNG))
    attachment = item.attachments.get()
    assert attachment.kind == "png" and attachment.name == "现场.png" and attachment.file.read() == PNG


def test_completing_needs_every_result_and_a_conclusion(running_audit, auditor_user):
    with pytest.raises(ApplicationError, match="2 个检查项未记录结果"):
        services.audit_complete(actor=auditor_user, audit=running_audit, conclusion="基本符合")
    for item in running_audit.items.all():
        services.checklist_item_record(actor=auditor_user, item=item, result=Result.CONFORM)
    with pytest.raises(ApplicationError, match="审核结论"):
        services.audit_complete(actor=auditor_user, audit=running_audit, conclusion=" ")
    audit = services.audit_complete(actor=auditor_user, audit=running_audit, conclusion="体系运行有效")
    assert audit.status == AuditStatus.COMPLETED
    moves = list(audit.status_changes.values_list("to_status", flat=True))
    assert moves == ["planned", "in_progress", "completed"]
    with pytest.raises(TransitionRefused):
        services.audit_start(actor=auditor_user, audit=audit)


def test_copy_from_last_year_resets_results_and_flags_changed_standards(running_audit, auditor_user, office_user,
                                                                        standards_in_force):
    for item in running_audit.items.all():
        services.checklist_item_record(actor=auditor_user, item=item, result=Result.CONFORM, evidence="符合")
    services.audit_complete(actor=auditor_user, audit=running_audit, conclusion="有效")
    revised = standard_services.edition_create(actor=office_user, standard=standards_in_force[1],
                                               number="Q/XZFW 302.01-2026")
    standard_services.edition_publish(actor=office_user, edition=revised, exempt_reason="测试：登记修订版")
    copy = services.audit_copy_from(actor=auditor_user, source=running_audit, start_date=dt.date(2027, 3, 9))
    assert copy.number == "NS-2027-01" and copy.title == "2027年度第一次内部审核"
    assert copy.copied_from == running_audit
    items = {i.standard.code: i for i in copy.items.select_related("standard")}
    assert set(items) == {"301-01", "302-01"}
    assert all(i.result == Result.PENDING and i.evidence == "" for i in items.values())
    assert items["302-01"].standard_changed and items["302-01"].edition_number == "Q/XZFW 302.01-2026"
    assert not items["301-01"].standard_changed


def test_full_corrective_action_round_closes_the_nonconformity(nonconformity, head_user, auditor_user):
    action = nonconformity.actions.get()
    propose(head_user, action)
    services.corrective_action_accept(actor=auditor_user, action=action, note="同意")
    services.corrective_action_report_done(actor=head_user, action=action, completion_note="已培训12人",
                                           upload=SimpleUploadedFile("签到表.png", PNG))
    services.corrective_action_verify(actor=auditor_user, action=action, note="查看签到表属实",
                                      effectiveness_review_on=dt.date.today())
    services.corrective_action_judge_effectiveness(actor=auditor_user, action=action, effective=True,
                                                   note="连续两周抽查均已签字")
    nonconformity.refresh_from_db()
    action.refresh_from_db()
    assert nonconformity.status == NCStatus.CLOSED and nonconformity.closed_on == dt.date.today()
    assert nonconformity.acknowledged_by == head_user  # proposing confirmed it
    assert action.status == CAStatus.EFFECTIVE and action.attachments.count() == 1
    moves = list(action.status_changes.values_list("from_status", "to_status"))
    assert moves == [("", "to_plan"), ("to_plan", "to_review"), ("to_review", "implementing"),
                     ("implementing", "to_verify"), ("to_verify", "verified"), ("verified", "effective")]
    assert action.history.first().history_user == auditor_user


def test_plan_sent_back_needs_a_reason_and_returns_to_the_head(nonconformity, head_user, auditor_user):
    action = nonconformity.actions.get()
    propose(head_user, action)
    with pytest.raises(ApplicationError, match="理由"):
        services.corrective_action_return(actor=auditor_user, action=action, note="")
    services.corrective_action_return(actor=auditor_user, action=action, note="原因分析停留在表面")
    action.refresh_from_db()
    assert action.status == CAStatus.TO_PLAN
    assert action.status_changes.filter(to_status="to_plan",
                                       note="原因分析停留在表面").exists()


def test_failed_verification_returns_to_implementation(nonconformity, head_user, auditor_user):
    action = nonconformity.actions.get()
    propose(head_user, action)
    services.corrective_action_accept(actor=auditor_user, action=action)
    services.corrective_action_report_done(actor=head_user, action=action, completion_note="已完成")
    services.corrective_action_return(actor=auditor_user, action=action, note="未见培训记录")
    action.refresh_from_db()
    assert action.status == CAStatus.IMPLEMENTING


@pytest.mark.parametrize("step", ["accept", "report", "verify", "judge"])
def test_illegal_moves_are_refused(nonconformity, head_user, auditor_user, step):
    action = nonconformity.actions.get()
    calls = {
        "accept": lambda: services.corrective_action_accept(actor=auditor_user, action=action),
        "report": lambda: services.corrective_action_report_done(actor=head_user, action=action,
                                                                 completion_note="x"),
        "verify": lambda: services.corrective_action_verify(actor=auditor_user, action=action, note="x"),
        "judge": lambda: services.corrective_action_judge_effectiveness(actor=auditor_user, action=action,
                                                                        effective=True, note="x"),
    }
    with pytest.raises(TransitionRefused, match="待制定"):
        calls[step]()


def test_wrong_parties_are_refused(nonconformity, head_user, auditor_user, office_user, manager_user, departments):
    from ..factories import UserFactory

    other_head = UserFactory(username="taxhead", roles=["head"], department=departments["tax"])
    market_auditor = UserFactory(username="mkaud", roles=["auditor"], department=departments["market"])
    action = nonconformity.actions.get()
    for user in (other_head, auditor_user, office_user, manager_user):
        with pytest.raises(PermissionRefused, match="市场监督管理局窗口"):
            propose(user, action, owner=head_user)
    propose(head_user, action)
    with pytest.raises(PermissionRefused, match="独立性"):
        services.corrective_action_accept(actor=market_auditor, action=action)
    for user in (head_user, office_user, manager_user):
        with pytest.raises(PermissionRefused):
            services.corrective_action_accept(actor=user, action=action)


def test_plan_needs_cause_owner_of_the_department_and_a_future_date(nonconformity, head_user, auditor_user):
    action = nonconformity.actions.get()
    with pytest.raises(ApplicationError, match="为什么"):
        propose(head_user, action, why_chain=["", " "])
    with pytest.raises(ApplicationError, match="责任人"):
        propose(head_user, action, owner=auditor_user)
    with pytest.raises(ApplicationError, match="完成期限"):
        propose(head_user, action, due=dt.date.today() - dt.timedelta(days=1))
    with pytest.raises(ApplicationError, match="五问分析最多五问"):
        propose(head_user, action, why_chain=list("abcdef"))


def test_faulty_standard_raises_a_linked_change_request(nonconformity, head_user, auditor_user):
    action = nonconformity.actions.get()
    with pytest.raises(ApplicationError, match="修改建议"):
        propose(head_user, action, cause_is_standard=True)
    propose(head_user, action, cause_is_standard=True, change_proposal="5.2 增加“申请人签字确认”环节")
    assert not ChangeRequest.objects.exists()
    services.corrective_action_accept(actor=auditor_user, action=action)
    action.refresh_from_db()
    request = action.change_request
    assert request.source == ChangeRequest.Source.AUDIT and request.standard == nonconformity.standard
    assert request.clause == "5.2" and nonconformity.number in request.reason
    assert request.proposal == "5.2 增加“申请人签字确认”环节"


def _to_verified(nc, head, auditor, review_on):
    action = nc.actions.get(round=1)
    propose(head, action)
    services.corrective_action_accept(actor=auditor, action=action)
    services.corrective_action_report_done(actor=head, action=action, completion_note="完成")
    services.corrective_action_verify(actor=auditor, action=action, note="属实", effectiveness_review_on=review_on)
    return action


def test_effectiveness_waits_for_the_review_date(nonconformity, head_user, auditor_user):
    review_on = dt.date.today() + dt.timedelta(days=30)
    action = _to_verified(nonconformity, head_user, auditor_user, review_on)
    with pytest.raises(ApplicationError, match="有效性评价期至"):
        services.corrective_action_judge_effectiveness(actor=auditor_user, action=action, effective=True, note="好")
    with time_machine.travel(dt.datetime.combine(review_on, dt.time(10)), tick=False):
        services.corrective_action_judge_effectiveness(actor=auditor_user, action=action, effective=True, note="好")
    assert Nonconformity.objects.get(pk=nonconformity.pk).closed_on == review_on


def test_ineffective_action_opens_a_new_round(nonconformity, head_user, auditor_user):
    action = _to_verified(nonconformity, head_user, auditor_user, dt.date.today())
    services.corrective_action_judge_effectiveness(actor=auditor_user, action=action, effective=False,
                                                   note="复查仍有未签字告知单")
    rounds = list(nonconformity.actions.values_list("round", "status"))
    assert rounds == [(1, "ineffective"), (2, "to_plan")]
    assert Nonconformity.objects.get(pk=nonconformity.pk).status == NCStatus.OPEN


def test_closed_nonconformity_is_read_only_and_reopening_needs_a_reason(nonconformity, head_user, auditor_user):
    action = _to_verified(nonconformity, head_user, auditor_user, dt.date.today())
    services.corrective_action_judge_effectiveness(actor=auditor_user, action=action, effective=True, note="有效")
    with pytest.raises(ApplicationError, match="已关闭"):
        services.nonconformity_update(actor=auditor_user, nonconformity=nonconformity, description="改")
    with pytest.raises(ApplicationError, match="已关闭"):
        services.nonconformity_acknowledge(actor=head_user, nonconformity=nonconformity)
    with pytest.raises(ApplicationError, match="原因"):
        services.nonconformity_reopen(actor=auditor_user, nonconformity=nonconformity, reason="")
    services.nonconformity_reopen(actor=auditor_user, nonconformity=nonconformity, reason="回访发现同类问题")
    nonconformity.refresh_from_db()
    assert nonconformity.status == NCStatus.OPEN and nonconformity.closed_on is None
    assert nonconformity.status_changes.filter(label="重新打开",
                                       note="回访发现同类问题").exists()
    assert nonconformity.actions.get(round=2).status == CAStatus.TO_PLAN
    assert "回访发现同类问题" in nonconformity.history.first().history_change_reason


def test_other_apps_raise_nonconformities_with_their_source(office_user, departments, standards_in_force):
    nc = services.nonconformity_raise(actor=office_user, department=departments["tax"],
                                      standard=standards_in_force[0], clause="6.1",
                                      description="投诉反映窗口超时未办结", grade=Grade.MINOR,
                                      source=Source.COMPLAINT, source_ref="TS-2026-014")
    assert nc.source_ref == "TS-2026-014" and nc.audit is None and nc.actions.count() == 1
    with pytest.raises(PermissionRefused):
        services.nonconformity_raise(actor=office_user, department=departments["tax"], description="x",
                                     grade=Grade.MINOR, source=Source.INTERNAL_AUDIT)


def test_head_acknowledges_once(nonconformity, head_user):
    services.nonconformity_acknowledge(actor=head_user, nonconformity=nonconformity, note="认可")
    with pytest.raises(ApplicationError, match="已于"):
        services.nonconformity_acknowledge(actor=head_user, nonconformity=nonconformity)


def test_one_open_round_per_nonconformity_is_a_database_rule(nonconformity):
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        CorrectiveAction.objects.create(nonconformity=nonconformity, round=2, plan_due=dt.date.today())
    assert ChecklistItem.objects.count() == 2


def test_macro_documents_and_fake_pdfs_are_refused_as_evidence_and_not_kept(
        running_audit, nonconformity, head_user, auditor_user, settings):
    before = media_files(settings)
    item = running_audit.items.order_by("order").last()
    for name, data in (("整改.docx", macro_docx()), ("整改.pdf", html_pdf())):
        with pytest.raises(ApplicationError, match="宏|PDF"):
            services.checklist_item_record(actor=auditor_user, item=item, result=Result.CONFORM, evidence="x",
                                           upload=SimpleUploadedFile(name, data))
        with pytest.raises(ApplicationError, match="宏|PDF"):
            services.attachment_add(actor=head_user, upload=SimpleUploadedFile(name, data),
                                    corrective_action=nonconformity.actions.get())
    assert media_files(settings) == before and not item.attachments.exists()


def test_items_added_at_once_are_those_added_one_by_one(auditor_user, departments, standards_in_force,
                                                        monkeypatch):
    def audit(title):
        return services.audit_create(actor=auditor_user, title=title, lead_auditor=auditor_user,
                                     departments=[departments["market"]], criteria="本中心服务标准体系",
                                     start_date=dt.date(2026, 3, 10), end_date=dt.date(2026, 3, 12))

    wanted = [{"department": departments["market"], "standard": standards_in_force[0], "clause": "4.3",
               "requirement": " 首问负责登记表是否逐项填写 "},
              {"requirement": "大厅公示的办事指南是否现行版本"},
              {"department": departments["market"], "standard": standards_in_force[1], "requirement": "告知单签字"}]
    one, many = audit("逐项添加"), audit("一次添加")
    for w in wanted:
        services.checklist_item_add(actor=auditor_user, audit=one, **w)
    services.checklist_items_add(actor=auditor_user, audit=many, items=wanted)

    def written(a):
        items = [(i.order, i.department_id, i.standard_id, i.clause, i.requirement, i.edition_number)
                 for i in a.items.order_by("order")]
        history = [(h.order, h.history_type, h.history_change_reason, h.history_user_id)
                   for h in ChecklistItem.history.filter(audit_id=a.pk).order_by("history_id")]
        return items, history

    assert written(many) == written(one) and len(written(one)[1]) == 3
    assert written(one)[0][0][4] == "首问负责登记表是否逐项填写"
    real = bulk.bulk_insert  # the history rows' INSERT fails after the items were inserted

    def failing(model, objs, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(bulk, "bulk_insert", failing)
    with pytest.raises(RuntimeError, match="disk full"):
        services.checklist_items_add(actor=auditor_user, audit=many, items=wanted)
    monkeypatch.setattr(bulk, "bulk_insert", real)
    assert written(many) == written(one)  # nothing of the failed batch is left
    with pytest.raises(ApplicationError, match="检查内容"):
        services.checklist_items_add(actor=auditor_user, audit=many, items=[*wanted, {"requirement": " "}])
    assert written(many) == written(one)
