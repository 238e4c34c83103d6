import datetime as dt

import pytest
import time_machine

from qms.core.calendar import working_day_add, working_days_between
from qms.core.errors import ApplicationError, TransitionRefused
from qms.core.models import Holiday
from qms.org.selectors import organisation_profile
from standards import services
from standards.models import EditionStatus
from standards.services.conditions import revision_warnings

from .helpers import docx_upload, earliest_deadline, make_in_force, revise_text

pytestmark = pytest.mark.django_db
MONDAY = dt.datetime(2026, 9, 28, 10, tzinfo=dt.UTC)  # the week before 国庆


@pytest.fixture
def revision(office_user):
    standard, current = make_in_force(office_user, number="Q/XZFW 301.01-2024",
                                      lines=("4.1 窗口人员应当使用普通话。",))
    edition = services.edition_revision_start(actor=office_user, standard=standard, reason="修订")
    return current, edition


def test_working_days_follow_the_office_calendar_with_holidays_and_tiaoxiu():
    for day in range(1, 8):
        Holiday.objects.create(date=dt.date(2026, 10, day), name="国庆节")
    Holiday.objects.create(date=dt.date(2026, 10, 10), name="调休上班", kind=Holiday.Kind.WORK)
    start = dt.date(2026, 9, 28)  # Monday
    assert working_days_between(start, dt.date(2026, 10, 9)) == 4  # 29, 30 Sep; 8, 9 Oct
    assert working_day_add(start, 10) == dt.date(2026, 10, 16)  # 29 30 | 8 9 10 (Saturday, worked) 12 … 16


def test_deadline_must_allow_the_minimum_working_days(revision, office_user, departments):
    _current, edition = revision
    revise_text(office_user, edition)
    with time_machine.travel(MONDAY, tick=False):
        with pytest.raises(ApplicationError, match="不少于 10 个工作日") as refused:
            services.consultation_open(actor=office_user, edition=edition, deadline=dt.date(2026, 10, 8),
                                       departments=[departments["tax"]])
        assert "2026-10-16" in refused.value.message  # ten working days: 国庆 off, Saturday 10 Oct worked
        profile = organisation_profile()
        profile.consultation_min_working_days = 5
        profile.save()
        services.consultation_open(actor=office_user, edition=edition, deadline=dt.date(2026, 10, 10),
                                   departments=[departments["tax"]])


def test_early_close_only_when_everyone_asked_has_answered(revision, office_user, staff_user, head_user,
                                                          departments):
    _current, edition = revision
    revise_text(office_user, edition)
    consultation = services.consultation_open(actor=office_user, edition=edition, deadline=earliest_deadline(),
                                              departments=[departments["tax"]], people=[head_user])
    services.comment_submit(actor=staff_user, consultation=consultation, no_objection=True)
    with pytest.raises(TransitionRefused, match="测head"):
        services.consultation_close(actor=office_user, consultation=consultation)
    services.comment_submit(actor=head_user, consultation=consultation, clause="4.2", text="预约时段再细化")
    comment = consultation.comments.get(author=head_user)
    services.comment_dispose(actor=office_user, comment=comment, disposition="accepted", changed_clause="4.2")
    services.consultation_close(actor=office_user, consultation=consultation)
    consultation.refresh_from_db()
    assert consultation.close_basis == "all_answered"
    assert "全部被征求人已反馈" in edition.status_changes.get(to_status="review").note


def test_close_after_the_deadline_needs_no_answers(revision, office_user, departments):
    _current, edition = revision
    revise_text(office_user, edition)
    deadline = earliest_deadline()
    consultation = services.consultation_open(actor=office_user, edition=edition, deadline=deadline,
                                              departments=[departments["tax"]])
    later = dt.datetime.combine(deadline + dt.timedelta(days=1), dt.time(10), tzinfo=dt.UTC)
    with time_machine.travel(later, tick=False):
        services.consultation_close(actor=office_user, consultation=consultation)
    consultation.refresh_from_db()
    assert consultation.close_basis == "deadline"


def test_comment_taken_in_must_name_the_changed_clause_before_review(revision, office_user, staff_user,
                                                                     departments):
    _current, edition = revision
    revise_text(office_user, edition)
    consultation = services.consultation_open(actor=office_user, edition=edition, deadline=earliest_deadline(),
                                              departments=[departments["tax"]])
    comment = services.comment_submit(actor=staff_user, consultation=consultation, clause="4.1", text="补充手语")
    services.comment_dispose(actor=office_user, comment=comment, disposition="partly", reason="部分采纳")
    with pytest.raises(TransitionRefused, match="序号 1"):
        services.consultation_close(actor=office_user, consultation=consultation)
    services.comment_dispose(actor=office_user, comment=comment, disposition="partly", reason="部分采纳",
                             changed_clause="9.9")
    with pytest.raises(TransitionRefused, match="找不到：9.9"):
        services.consultation_close(actor=office_user, consultation=consultation)
    services.comment_dispose(actor=office_user, comment=comment, disposition="partly", reason="部分采纳",
                             no_change_reason="4.1 已覆盖手语服务")
    services.consultation_close(actor=office_user, consultation=consultation)
    edition.refresh_from_db()
    assert edition.status == EditionStatus.REVIEW


def test_review_and_approval_refused_while_text_is_unchanged(revision, office_user):
    _current, edition = revision
    with pytest.raises(TransitionRefused, match="完全相同"):
        services.edition_submit(actor=office_user, edition=edition)
    edition.refresh_from_db()
    assert edition.status == EditionStatus.DRAFT
    services.edition_set_document(actor=office_user, edition=edition,
                                  upload=docx_upload(["4.1 窗口人员应当使用普通话。"], name="same.docx"))
    with pytest.raises(TransitionRefused, match="完全相同"):
        services.edition_submit(actor=office_user, edition=edition)


def test_warning_when_the_revision_still_carries_the_old_number(revision, office_user):
    current, edition = revision
    revise_text(office_user, edition, lines=("本文件代替 Q/XZFW 301.01-2024。", "见 Q/XZFW 301.01-2024 第4章。"))
    warnings = revision_warnings(edition)
    assert len(warnings) == 1 and "1 处" in warnings[0] and current.number in warnings[0]
    revise_text(office_user, edition, lines=("本文件代替 Q/XZFW 301.01-2024。", "4.1 新的要求。"))
    assert revision_warnings(edition) == []
