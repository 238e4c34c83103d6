"""The edition workflow: every declared move (standards.workflows) and every refusal."""

import datetime as dt

import pytest
import time_machine
from django.utils import timezone

from qms.core.errors import ApplicationError, PermissionRefused, TransitionRefused
from qms.core.models import Notification
from standards import services
from standards.models import Edition, EditionStatus, Origin, Plan, SignOff
from tests.factories import UserFactory

from .helpers import (
    EXEMPT,
    approve_through_workflow,
    docx_upload,
    earliest_deadline,
    make_in_force,
    make_standard,
    revise_text,
)

pytestmark = pytest.mark.django_db
S = EditionStatus


@pytest.fixture
def revision(office_user):
    standard, current = make_in_force(office_user, lines=("窗口人员应当使用普通话。",))
    edition = services.edition_revision_start(actor=office_user, standard=standard, reason="补充预约服务要求")
    return standard, current, revise_text(office_user, edition)


@pytest.fixture
def reviewer(departments):
    return UserFactory(username="office2", roles=["office"], department=departments["office"], last_name="李",
                       first_name="审")


def moves(edition):
    return list(edition.status_changes.values_list("from_status", "to_status"))


def test_revision_carries_text_and_document_of_edition_in_force(office_user):
    standard, current = make_in_force(office_user, lines=("窗口人员应当使用普通话。",))
    edition = services.edition_revision_start(actor=office_user, standard=standard, reason="补充预约服务要求")
    assert edition.status == S.DRAFT and edition.seq == 2
    assert edition.text == current.text and "普通话" in edition.text
    assert edition.document_sha256 == current.document_sha256 and edition.document.name == current.document.name
    assert edition.replaces == current.number
    assert edition.number.endswith(f"-{timezone.localdate().year}")
    standard.refresh_from_db()
    assert standard.plan == Plan.TO_REVISE


def test_second_revision_is_refused_while_one_is_under_way(revision, office_user):
    standard, _current, edition = revision
    with pytest.raises(TransitionRefused, match=edition.number):
        services.edition_revision_start(actor=office_user, standard=standard, reason="再改")


def test_full_path_puts_revision_in_force_and_supersedes_previous(revision, office_user, reviewer, manager_user,
                                                                  staff_user, departments):
    standard, current, edition = revision
    consultation = services.consultation_open(actor=office_user, edition=edition,
                                              deadline=earliest_deadline(),
                                              departments=[departments["tax"]])
    comment = services.comment_submit(actor=staff_user, consultation=consultation, clause="4.2",
                                      text="建议增加预约服务时段")
    services.comment_dispose(actor=office_user, comment=comment, disposition="accepted", changed_clause="4.2")
    services.consultation_close(actor=office_user, consultation=consultation)
    services.edition_review_sign(actor=reviewer, edition=edition, approve=True, note="同意")
    services.edition_approve(actor=manager_user, edition=edition, approve=True, effective_on=timezone.localdate())
    edition.refresh_from_db()
    current.refresh_from_db()
    assert edition.status == S.IN_FORCE and current.status == S.SUPERSEDED
    assert moves(edition) == [("", "draft"), ("draft", "consultation"), ("consultation", "review"),
                              ("review", "pending_approval"), ("pending_approval", "approved"),
                              ("approved", "in_force")]
    assert edition.status_changes.get(to_status="review").actor == office_user
    approval = SignOff.objects.get(edition=edition, kind="approval")
    assert approval.actor == manager_user and approval.document_sha256 == edition.document_sha256
    assert approval.is_valid
    standard.refresh_from_db()
    assert standard.number == edition.number and standard.plan == Plan.NONE


def test_consultation_requires_text(office_user):
    standard = make_standard(office_user)
    empty = services.edition_create(actor=office_user, standard=standard, number="Q/XZFW 301.01-2026")
    with pytest.raises(TransitionRefused, match="文本"):
        services.consultation_open(actor=office_user, edition=empty, deadline=earliest_deadline(),
                                   people=[office_user])


@pytest.mark.parametrize("role", ["auditor", "manager", "head", "staff"])
def test_only_office_opens_consultation_or_submits(role, role_users, revision, departments):
    _standard, _current, edition = revision
    with pytest.raises(PermissionRefused):
        services.consultation_open(actor=role_users[role], edition=edition, deadline=earliest_deadline(),
                                   departments=[departments["tax"]])
    with pytest.raises(PermissionRefused):
        services.edition_submit(actor=role_users[role], edition=edition)
    edition.refresh_from_db()
    assert edition.status == S.DRAFT


def test_consultation_cannot_close_while_a_comment_has_no_disposition(revision, office_user, staff_user,
                                                                    departments):
    _standard, _current, edition = revision
    consultation = services.consultation_open(actor=office_user, edition=edition, deadline=earliest_deadline(),
                                              departments=[departments["tax"]])
    first = services.comment_submit(actor=staff_user, consultation=consultation, clause="3", text="术语不清")
    services.comment_submit(actor=staff_user, consultation=consultation, quote="使用普通话", text="补充手语服务")
    services.comment_dispose(actor=office_user, comment=first, disposition="accepted")
    with pytest.raises(TransitionRefused, match="1 条意见未处理（序号 2）"):
        services.consultation_close(actor=office_user, consultation=consultation)
    edition.refresh_from_db()
    assert edition.status == S.CONSULTATION
    consultation.refresh_from_db()
    assert consultation.status == "open"


def test_partial_or_rejected_disposition_needs_a_reason(revision, office_user, staff_user, departments):
    _standard, _current, edition = revision
    consultation = services.consultation_open(actor=office_user, edition=edition, deadline=earliest_deadline(),
                                              departments=[departments["tax"]])
    comment = services.comment_submit(actor=staff_user, consultation=consultation, clause="5", text="删去此条")
    with pytest.raises(ApplicationError, match="理由"):
        services.comment_dispose(actor=office_user, comment=comment, disposition="rejected")
    with pytest.raises(PermissionRefused):
        services.comment_dispose(actor=staff_user, comment=comment, disposition="accepted")
    services.comment_dispose(actor=office_user, comment=comment, disposition="partly", reason="保留，改写措辞")
    comment.refresh_from_db()
    assert comment.get_disposition_display() == "部分采纳" and comment.disposed_by == office_user


def test_comments_only_from_people_asked_and_before_deadline(revision, office_user, staff_user, head_user,
                                                           departments):
    _standard, _current, edition = revision
    deadline = earliest_deadline()
    consultation = services.consultation_open(actor=office_user, edition=edition, deadline=deadline,
                                              departments=[departments["tax"]])
    with pytest.raises(PermissionRefused, match="未征求"):
        services.comment_submit(actor=head_user, consultation=consultation, clause="1", text="x")
    with pytest.raises(ApplicationError, match="章条"):
        services.comment_submit(actor=staff_user, consultation=consultation, text="没有指明条款")
    assert Notification.objects.filter(recipient=staff_user, verb="comments_requested").exists()
    late = dt.datetime.combine(deadline + dt.timedelta(days=1), dt.time(10), tzinfo=dt.UTC)
    with time_machine.travel(late, tick=False), pytest.raises(TransitionRefused, match="截止"):
        services.comment_submit(actor=staff_user, consultation=consultation, clause="1", text="晚了")


def test_return_from_consultation_needs_reason_and_closes_it(revision, office_user, departments):
    _standard, _current, edition = revision
    consultation = services.consultation_open(actor=office_user, edition=edition, deadline=earliest_deadline(),
                                              departments=[departments["tax"]])
    with pytest.raises(ApplicationError, match="理由"):
        services.edition_return(actor=office_user, edition=edition, reason="")
    services.edition_return(actor=office_user, edition=edition, reason="结构需要调整")
    edition.refresh_from_db()
    consultation.refresh_from_db()
    assert edition.status == S.DRAFT and consultation.status == "closed"
    assert ("consultation", "draft") in moves(edition)


def test_drafter_cannot_review_and_named_reviewer_only(revision, office_user, reviewer, manager_user):
    _standard, _current, edition = revision
    with pytest.raises(ApplicationError, match="起草人"):
        services.edition_submit(actor=office_user, edition=edition, reviewer=office_user)
    services.edition_submit(actor=office_user, edition=edition, reviewer=reviewer)
    with pytest.raises(PermissionRefused, match="审核人"):
        services.edition_review_sign(actor=office_user, edition=edition, approve=True)
    with pytest.raises(PermissionRefused):
        services.edition_review_sign(actor=manager_user, edition=edition, approve=True)
    assert Notification.objects.filter(recipient=reviewer, verb="review_requested").exists()
    services.edition_review_sign(actor=reviewer, edition=edition, approve=True)
    edition.refresh_from_db()
    assert edition.status == S.PENDING_APPROVAL
    assert Notification.objects.filter(recipient=manager_user, verb="approval_requested").exists()


@pytest.mark.parametrize("role", ["auditor", "head", "staff"])
def test_other_roles_cannot_review(role, role_users, revision, office_user):
    _standard, _current, edition = revision
    services.edition_submit(actor=office_user, edition=edition)
    with pytest.raises(PermissionRefused):
        services.edition_review_sign(actor=role_users[role], edition=edition, approve=True)


def test_reviewer_sends_back_with_reasons(revision, office_user, reviewer):
    _standard, _current, edition = revision
    services.edition_submit(actor=office_user, edition=edition)
    with pytest.raises(ApplicationError, match="理由"):
        services.edition_review_sign(actor=reviewer, edition=edition, approve=False, note=" ")
    services.edition_review_sign(actor=reviewer, edition=edition, approve=False, note="第4章与现行制度冲突")
    edition.refresh_from_db()
    assert edition.status == S.DRAFT
    returned = SignOff.objects.get(edition=edition)
    assert returned.decision == "returned" and returned.note == "第4章与现行制度冲突"
    assert Notification.objects.filter(recipient=office_user, verb="returned").exists()


def test_nobody_approves_an_edition_they_drafted(departments, reviewer):
    boss = UserFactory(username="boss", roles=["office", "manager"], department=departments["office"])
    standard = make_standard(boss)
    edition = services.edition_create(actor=boss, standard=standard, number="Q/XZFW 301.01-2026",
                                      upload=docx_upload(["要求。"]))
    services.edition_submit(actor=boss, edition=edition)
    services.edition_review_sign(actor=reviewer, edition=edition, approve=True)
    with pytest.raises(PermissionRefused, match="自己起草"):
        services.edition_approve(actor=boss, edition=edition, approve=True, effective_on=timezone.localdate())
    edition.refresh_from_db()
    assert edition.status == S.PENDING_APPROVAL


@pytest.mark.parametrize("role", ["office", "auditor", "head", "staff"])
def test_only_managers_approve(role, role_users, revision, reviewer):
    _standard, _current, edition = revision
    services.edition_submit(actor=role_users["office"], edition=edition)
    services.edition_review_sign(actor=reviewer, edition=edition, approve=True)
    with pytest.raises(PermissionRefused):
        services.edition_approve(actor=role_users[role], edition=edition, approve=True,
                                 effective_on=timezone.localdate())


def test_manager_sends_back_and_the_next_round_signs_again(revision, office_user, reviewer, manager_user):
    _standard, _current, edition = revision
    services.edition_submit(actor=office_user, edition=edition)
    services.edition_review_sign(actor=reviewer, edition=edition, approve=True)
    services.edition_approve(actor=manager_user, edition=edition, approve=False, note="实施日期与系统上线冲突")
    edition.refresh_from_db()
    assert edition.status == S.DRAFT
    assert not SignOff.objects.filter(edition=edition, decision="approved", voided_at=None).exists()
    services.edition_submit(actor=office_user, edition=edition)
    with pytest.raises(TransitionRefused, match="不在待批准阶段"):
        services.edition_approve(actor=manager_user, edition=edition, approve=True, effective_on=timezone.localdate())
    services.edition_review_sign(actor=reviewer, edition=edition, approve=True)
    services.edition_approve(actor=manager_user, edition=edition, approve=True, effective_on=timezone.localdate())
    edition.refresh_from_db()
    assert edition.status == S.IN_FORCE


def test_approval_needs_effective_date(revision, office_user, reviewer, manager_user):
    _standard, _current, edition = revision
    services.edition_submit(actor=office_user, edition=edition)
    services.edition_review_sign(actor=reviewer, edition=edition, approve=True)
    with pytest.raises(ApplicationError, match="实施日期"):
        services.edition_approve(actor=manager_user, edition=edition, approve=True)


def test_document_change_after_signoff_voids_it_and_returns_to_review(revision, office_user, reviewer,
                                                                      manager_user):
    _standard, current, edition = revision
    future = timezone.localdate() + dt.timedelta(days=30)
    services.edition_submit(actor=office_user, edition=edition)
    services.edition_review_sign(actor=reviewer, edition=edition, approve=True)
    services.edition_approve(actor=manager_user, edition=edition, approve=True, effective_on=future)
    edition.refresh_from_db()
    assert edition.status == S.APPROVED
    services.edition_set_document(actor=office_user, edition=edition, upload=docx_upload(["改过的条文。"]))
    edition.refresh_from_db()
    assert edition.status == S.REVIEW
    assert all(s.voided_at is not None for s in edition.signoffs.all())
    assert SignOff.objects.filter(edition=edition, void_reason="标准文本已更改").count() == 2
    with pytest.raises(TransitionRefused):
        services.edition_publish(actor=office_user, edition=edition)
    current.refresh_from_db()
    assert current.status == S.IN_FORCE


def test_signoff_counts_only_for_the_text_it_saw(revision, office_user, reviewer):
    _standard, _current, edition = revision
    services.edition_submit(actor=office_user, edition=edition)
    services.edition_review_sign(actor=reviewer, edition=edition, approve=True)
    signoff = SignOff.objects.get(edition=edition)
    assert signoff.is_valid
    edition.text = edition.text + "\n新增一条"
    assert not signoff.matches(edition)


def test_in_house_edition_is_published_only_from_approved_unless_exempt(office_user):
    standard = make_standard(office_user)
    edition = services.edition_create(actor=office_user, standard=standard, number="Q/XZFW 301.01-2026",
                                      upload=docx_upload(["条文。"]))
    with pytest.raises(TransitionRefused, match="批准"):
        services.edition_publish(actor=office_user, edition=edition)
    edition.refresh_from_db()
    assert edition.status == S.DRAFT
    services.edition_publish(actor=office_user, edition=edition, exempt_reason="依据已批准的事项目录生成")
    edition.refresh_from_db()
    assert edition.status == S.IN_FORCE
    assert "依据已批准的事项目录生成" in edition.status_changes.get(to_status="in_force").note


def test_adopted_standard_is_registered_from_draft(office_user):
    standard = make_standard(office_user, name="质量管理体系 要求", origin=Origin.ADOPTED, level="national")
    edition = services.edition_create(actor=office_user, standard=standard, number="GB/T 19001-2016")
    services.edition_publish(actor=office_user, edition=edition, effective_on=dt.date(2017, 7, 1))
    edition.refresh_from_db()
    assert edition.status == S.IN_FORCE and edition.effective_on == dt.date(2017, 7, 1)


def test_in_force_edition_is_superseded_only_by_a_publication(office_user):
    _standard, edition = make_in_force(office_user)
    with pytest.raises(TransitionRefused):
        services.edition_transition(edition=edition, to_status=S.SUPERSEDED, actor=office_user)


@pytest.mark.parametrize("status", [S.CONSULTATION, S.REVIEW, S.PENDING_APPROVAL])
def test_unapproved_stages_cannot_be_published(status, office_user):
    standard = make_standard(office_user)
    edition = services.edition_create(actor=office_user, standard=standard, number="N", text="条文")
    Edition.objects.filter(pk=edition.pk).update(status=status)
    edition.refresh_from_db()
    with pytest.raises(TransitionRefused, match="不能转为“现行”"):
        services.edition_publish(actor=office_user, edition=edition, exempt_reason=EXEMPT)


def test_office_takes_approved_edition_back_to_draft(revision, office_user, reviewer, manager_user):
    _standard, _current, edition = revision
    approve_through_workflow(edition, office=office_user, reviewer=reviewer, manager=manager_user,
                             effective_on=timezone.localdate() + dt.timedelta(days=5))
    assert edition.status == S.APPROVED
    services.edition_return(actor=office_user, edition=edition, reason="上级文件调整，需修改")
    edition.refresh_from_db()
    assert edition.status == S.DRAFT
    assert ("approved", "draft") in moves(edition)


def test_abandoned_draft_is_withdrawn(revision, office_user):
    _standard, current, edition = revision
    services.edition_withdraw(actor=office_user, edition=edition, reason="不再修订")
    edition.refresh_from_db()
    current.refresh_from_db()
    assert edition.status == S.WITHDRAWN and current.status == S.IN_FORCE


def test_every_move_in_the_table_is_exercised():
    """Guard against a move added to the table without a test naming it here."""
    from standards.workflows import EDITION_WORKFLOW

    table = {(f, m.target) for m in EDITION_WORKFLOW.moves for f in m.sources}
    covered = {
        ("draft", "consultation"), ("draft", "review"), ("draft", "in_force"), ("draft", "withdrawn"),
        ("consultation", "review"), ("consultation", "draft"), ("review", "pending_approval"),
        ("review", "draft"), ("pending_approval", "approved"), ("pending_approval", "review"),
        ("pending_approval", "draft"), ("approved", "in_force"), ("approved", "review"), ("approved", "draft"),
        ("in_force", "superseded"), ("in_force", "withdrawn"),
    }
    assert table == covered


def test_whoever_replaced_the_text_may_not_review_or_approve_it(office_user, manager_user, departments):
    """The sign-off rule: the drafter, and anyone who replaced the text since, never signs it off."""
    from standards.permissions import can_approve_edition, can_review_edition

    other_office = UserFactory(username="office2", roles=["office"], department=departments["office"])
    third = UserFactory(username="office3", roles=["office"], department=departments["office"])
    standard = make_standard(office_user)
    edition = services.edition_create(actor=office_user, standard=standard, number="N-1", text="条文")
    services.edition_set_document(actor=other_office, edition=edition, upload=docx_upload(["新的条文"]))
    edition.refresh_from_db()
    services.edition_submit(actor=office_user, edition=edition)
    assert not can_review_edition(office_user, edition) and not can_review_edition(other_office, edition)
    assert can_review_edition(third, edition)
    with pytest.raises(PermissionRefused):
        services.edition_review_sign(actor=other_office, edition=edition, approve=True)
    assert not can_approve_edition(other_office, edition)
    assert can_approve_edition(manager_user, edition)
