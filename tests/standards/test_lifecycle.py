"""Publication on the effective date, acknowledgements, training, checks, periodic review,
change requests, and the figures on known data."""

import datetime as dt

import pytest
import time_machine
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from qms.core.errors import ApplicationError, PermissionRefused, TransitionRefused
from qms.core.models import Notification
from standards import selectors, services
from standards.models import (
    Acknowledgement,
    ChangeRequest,
    EditionStatus,
    Level,
    Origin,
    PeriodicReview,
    StandardStatus,
)
from standards.tasks import lifecycle_daily_task
from tests.factories import UserFactory

from ..hostile import png_bytes
from .helpers import approve_through_workflow, make_in_force, revise_text

pytestmark = pytest.mark.django_db
S = EditionStatus


def at(day: dt.date, hour=9):
    """A moment on `day` in the centre's time zone (for time_machine)."""
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour)))


@pytest.fixture
def reviewer(departments):
    return UserFactory(username="office2", roles=["office"], department=departments["office"])


@pytest.fixture
def tax_staff(departments):
    return [UserFactory(username=f"tax{i}", department=departments["tax"]) for i in range(3)]


def test_approved_edition_goes_in_force_on_its_effective_date_by_the_daily_job(
        office_user, reviewer, manager_user, departments, tax_staff):
    standard, current = make_in_force(office_user, applicable_departments=[departments["tax"]])
    edition = revise_text(office_user, services.edition_revision_start(actor=office_user, standard=standard,
                                                                       reason="年度修订"))
    effective = dt.date(2026, 3, 1)
    with time_machine.travel(at(dt.date(2026, 2, 20)), tick=False):
        approve_through_workflow(edition, office=office_user, reviewer=reviewer, manager=manager_user,
                                 effective_on=effective)
        assert edition.status == S.APPROVED and edition.published_on == dt.date(2026, 2, 20)
        with pytest.raises(TransitionRefused, match="自动发布"):
            services.edition_publish(actor=office_user, edition=edition)
    with time_machine.travel(at(dt.date(2026, 2, 28)), tick=False):
        assert services.lifecycle_daily()["published"] == 0
    edition.refresh_from_db()
    assert edition.status == S.APPROVED
    with time_machine.travel(at(dt.date(2026, 3, 1), hour=0), tick=False):
        result = lifecycle_daily_task.delay().get()
    assert result["published"] == 1
    edition.refresh_from_db()
    current.refresh_from_db()
    assert edition.status == S.IN_FORCE and current.status == S.SUPERSEDED
    change = edition.status_changes.get(to_status="in_force")
    assert change.actor is None and "自动发布" in change.note
    assert Acknowledgement.objects.filter(edition=edition).count() == 3  # the three tax staff


def test_daily_job_is_on_the_beat_schedule():
    entry = settings.CELERY_BEAT_SCHEDULE["standards-lifecycle-daily"]
    assert entry["task"] == lifecycle_daily_task.name


def test_publication_asks_everyone_of_applicable_departments_to_acknowledge(
        office_user, staff_user, head_user, tax_staff, departments):
    UserFactory(username="left", department=departments["tax"], is_active=False)
    _standard, edition = make_in_force(office_user, applicable_departments=[departments["tax"]])
    asked = set(Acknowledgement.objects.filter(edition=edition).values_list("user__username", flat=True))
    assert asked == {"staff", "tax0", "tax1", "tax2"}
    assert Notification.objects.filter(recipient=staff_user, verb="acknowledge").exists()
    assert not Notification.objects.filter(recipient=head_user, verb="acknowledge").exists()
    assert Acknowledgement.history.filter(edition_id=edition.pk).count() == 4


def test_person_acknowledges_own_request_only_and_rates_follow(office_user, staff_user, tax_staff, departments):
    standard, edition = make_in_force(office_user, applicable_departments=[departments["tax"]])
    mine = Acknowledgement.objects.get(edition=edition, user=staff_user)
    with pytest.raises(PermissionRefused):
        services.acknowledgement_confirm(actor=tax_staff[0], acknowledgement=mine)
    assert list(selectors.acknowledgements_owed(staff_user)) == [mine]
    services.acknowledgement_confirm(actor=staff_user, acknowledgement=mine)
    assert not selectors.acknowledgements_owed(staff_user).exists()
    rate = selectors.acknowledgement_rate(standard=standard)
    assert (rate.numerator, rate.denominator, rate.percent) == (1, 4, 25.0)
    assert selectors.acknowledgement_rate(department=departments["tax"]).percent == 25.0
    assert selectors.acknowledgement_rate(department=departments["market"]).percent is None
    by_department = dict(selectors.acknowledgement_rates_by("department"))
    assert by_department["税务局窗口"].percent == 25.0


def test_acknowledgements_of_superseded_editions_no_longer_count(office_user, staff_user, departments):
    standard, first = make_in_force(office_user, applicable_departments=[departments["tax"]])
    second = services.edition_create(actor=office_user, standard=standard, number="Q/XZFW 301.01-2026", text="新")
    services.edition_publish(actor=office_user, edition=second, exempt_reason="测试")
    owed = list(selectors.acknowledgements_owed(staff_user))
    assert [a.edition for a in owed] == [second]
    old = Acknowledgement.objects.get(edition=first, user=staff_user)
    with pytest.raises(TransitionRefused):
        services.acknowledgement_confirm(actor=staff_user, acknowledgement=old)


def test_participation_rate_per_session_per_standard_and_year(office_user, staff_user, tax_staff, head_user,
                                                             departments):
    standard, edition = make_in_force(office_user)
    other, other_edition = make_in_force(office_user, code="301-02", number="Q/XZFW 301.02-2024")
    first = services.training_session_create(
        actor=office_user, title="窗口服务规范宣贯", held_on=dt.date(2026, 4, 10), trainer="王老师",
        editions=[edition], departments=[departments["tax"]], people=[head_user])
    assert first.expected.count() == 5
    services.training_attendance_record(actor=office_user, session=first,
                                        attendees=[staff_user, tax_staff[0], tax_staff[1], head_user, office_user])
    second = services.training_session_create(
        actor=office_user, title="补训", held_on=dt.date(2026, 5, 6), trainer="王老师",
        editions=[edition, other_edition], people=[tax_staff[2]])
    services.training_attendance_record(actor=office_user, session=second, attendees=[])
    rate = selectors.session_participation(first)
    assert (rate.numerator, rate.denominator, rate.percent) == (4, 5, 80.0)  # office_user was not expected
    year = selectors.participation_rate(year=2026)
    assert (year.numerator, year.denominator) == (4, 6)
    assert str(year) == "66.7%"
    assert selectors.participation_rate(standard=other).percent == 0.0
    assert selectors.participation_by_standard(year=2026)[standard.pk].denominator == 6
    assert selectors.participation_rate(year=2025).percent is None


def test_the_staff_of_the_departments_a_training_applies_to_must_attend(office_user, tax_staff, departments):
    market = departments["market"]
    clerks = [UserFactory(department=market) for _ in range(3)]
    _standard, edition = make_in_force(office_user, applicable_departments=[market])
    session = services.training_session_create(
        actor=office_user, title="宣贯", held_on=dt.date(2026, 4, 10), trainer="王老师", editions=[edition],
        people=[tax_staff[0]])
    assert set(session.expected.all()) == {*clerks, tax_staff[0]}  # not only the person invited
    services.training_attendance_record(actor=office_user, session=session, attendees=[tax_staff[0], clerks[0]])
    rate = selectors.session_participation(session)
    assert (rate.numerator, rate.denominator) == (2, 4)
    assert selectors.participation_rate(year=2026, until=dt.date(2026, 4, 9)).denominator == 0


def test_training_needs_editions_and_people_and_the_office(office_user, staff_user):
    _standard, edition = make_in_force(office_user)
    with pytest.raises(ApplicationError, match="人员"):
        services.training_session_create(actor=office_user, title="x", held_on=dt.date(2026, 1, 5), trainer="t",
                                         editions=[edition])
    with pytest.raises(PermissionRefused):
        services.training_session_create(actor=staff_user, title="x", held_on=dt.date(2026, 1, 5), trainer="t",
                                         editions=[edition], people=[staff_user])


def test_implementation_rate_counts_conforming_checks_of_last_twelve_months(office_user, auditor_user, departments):
    today = dt.date(2026, 6, 30)
    standards = [make_in_force(office_user, code=f"301-0{i}", number=f"Q/XZFW 301.0{i}-2024",
                               applicable_departments=[departments["tax"]])[0] for i in range(1, 6)]
    make_in_force(office_user, code="301-09", number="Q/XZFW 301.09-2024")[1]
    withdrawn, withdrawn_edition = make_in_force(office_user, code="302-01", node="302", number="Q/XZFW 302.01-2024")
    tax, market = departments["tax"], departments["market"]
    with time_machine.travel(at(today), tick=False):
        record = services.implementation_check_record
        record(actor=auditor_user, standard=standards[0], department=tax, checked_on=today, result="conforming")
        record(actor=auditor_user, standard=standards[1], department=market, checked_on=dt.date(2025, 7, 1),
               result="mostly", notes="个别台账未及时登记")
        record(actor=auditor_user, standard=standards[2], department=tax, checked_on=dt.date(2025, 6, 30),
               result="conforming")  # exactly 12 months ago: outside the window
        record(actor=auditor_user, standard=standards[3], department=tax, checked_on=dt.date(2026, 1, 5),
               result="nonconforming", notes="未按规定公示办事指南")
        record(actor=auditor_user, standard=withdrawn, department=tax, checked_on=today, result="conforming")
        services.edition_withdraw(actor=office_user, edition=withdrawn_edition, reason="并入 301")
        # checked in the window: 301-01 (符合), 301-02 (基本符合), 301-04 (不符合); 301-03 is outside it
        rate = selectors.implementation_rate(today=today)
        assert (rate.numerator, rate.denominator, rate.percent) == (2, 3, 66.7)
        tax_rate = selectors.implementation_rate(today=today, department=tax)
        assert (tax_rate.numerator, tax_rate.denominator) == (1, 2)
        # 检查覆盖面: 3 of the 6 standards in force checked; in tax, 2 of the 5 that apply to it
        coverage = selectors.check_coverage(today=today)
        assert (coverage.numerator, coverage.denominator) == (3, 6)
        tax_coverage = selectors.check_coverage(today=today, department=tax)
        assert (tax_coverage.numerator, tax_coverage.denominator) == (2, 5)
        # a later conforming check of 301-04 counts: the latest check in the window decides
        record(actor=auditor_user, standard=standards[3], department=tax, checked_on=today, result="conforming")
        assert selectors.implementation_rate(today=today).percent == 100.0


def test_adopted_standards_checked_through_others_need_no_check_of_their_own(office_user):
    units, _e = make_in_force(office_user, code="105-01", node="105", number="GB 3100-1993", name="国际单位制及其应用",
                              origin=Origin.ADOPTED, level=Level.NATIONAL)
    make_in_force(office_user, code="301-01", number="Q/XZFW 301.01-2024")
    assert selectors.check_coverage().denominator == 2
    services.standard_update(actor=office_user, standard=units, expected_version=units.version,
                             checked_through_others=True)
    assert selectors.check_coverage().denominator == 1
    assert list(selectors.standards_needing_checks().values_list("code", flat=True)) == ["301-01"]


def test_nonconforming_check_is_returned_for_raising_a_nonconformity(office_user, auditor_user, staff_user,
                                                                     departments):
    standard, _edition = make_in_force(office_user)
    photo = SimpleUploadedFile("现场.png", png_bytes(), content_type="image/png")
    with pytest.raises(PermissionRefused):
        services.implementation_check_record(actor=staff_user, standard=standard, department=departments["tax"],
                                             checked_on=timezone.localdate(), result="conforming")
    with pytest.raises(ApplicationError, match="问题"):
        services.implementation_check_record(actor=auditor_user, standard=standard, department=departments["tax"],
                                             checked_on=timezone.localdate(), result="nonconforming")
    check = services.implementation_check_record(
        actor=auditor_user, standard=standard, department=departments["tax"], checked_on=timezone.localdate(),
        result="nonconforming", notes="窗口未执行一次性告知", evidence=[photo])
    assert check.needs_nonconformity and check.evidence.get().name == "现场.png"
    assert list(selectors.checks_needing_nonconformity()) == [check]
    services.implementation_check_link_nonconformity(actor=auditor_user, check=check, reference="NC-2026-004")
    check.refresh_from_db()
    assert not check.needs_nonconformity and not selectors.checks_needing_nonconformity().exists()


def test_check_needs_a_standard_in_force(office_user, auditor_user, departments):
    from .helpers import make_standard

    planned = make_standard(office_user, code="301-30")
    with pytest.raises(ApplicationError, match="没有现行版本"):
        services.implementation_check_record(actor=auditor_user, standard=planned, department=departments["tax"],
                                             checked_on=timezone.localdate(), result="conforming")


def test_reviews_due_lists_overdue_and_next_ninety_days(office_user):
    today = dt.date(2026, 6, 1)
    overdue, e1 = make_in_force(office_user, code="301-01", number="A-2022")
    soon, e2 = make_in_force(office_user, code="301-02", number="B-2023")
    later, e3 = make_in_force(office_user, code="301-03", number="C-2024")
    for edition, effective in ((e1, dt.date(2023, 1, 10)), (e2, dt.date(2023, 8, 1)), (e3, dt.date(2024, 1, 1))):
        edition.effective_on = effective
        edition.save()
    rows = selectors.reviews_due(today=today)
    assert [(r.standard.code, r.due_on, r.overdue) for r in rows] == [
        ("301-01", dt.date(2026, 1, 10), True), ("301-02", dt.date(2026, 8, 1), False)]


def test_periodic_review_outcomes(office_user, staff_user):
    today = dt.date(2026, 6, 1)
    confirm, e1 = make_in_force(office_user, code="301-01", number="A-2022")
    revise, e2 = make_in_force(office_user, code="301-02", number="Q/XZFW 301.02-2022")
    withdraw, e3 = make_in_force(office_user, code="301-03", number="C-2022")
    for edition in (e1, e2, e3):
        edition.effective_on = dt.date(2023, 1, 1)
        edition.save()
    with time_machine.travel(at(today), tick=False):
        with pytest.raises(PermissionRefused):
            services.periodic_review_record(actor=staff_user, standard=confirm, outcome="confirm", reasons="x")
        with pytest.raises(ApplicationError, match="理由"):
            services.periodic_review_record(actor=office_user, standard=confirm, outcome="confirm", reasons="")
        kept = services.periodic_review_record(actor=office_user, standard=confirm, outcome="confirm",
                                               reasons="内容仍适用")
        assert kept.due_on == dt.date(2026, 1, 1)
        revised = services.periodic_review_record(actor=office_user, standard=revise, outcome="revise",
                                                  reasons="流程已调整")
        services.periodic_review_record(actor=office_user, standard=withdraw, outcome="withdraw",
                                        reasons="业务已划出中心")
        due_codes = [r.standard.code for r in selectors.reviews_due(today=today)]
    assert "301-01" not in due_codes  # next review 2029
    assert revised.revision.status == S.DRAFT and revised.revision.number == "Q/XZFW 301.02-2026"
    withdraw.refresh_from_db()
    assert withdraw.status == StandardStatus.WITHDRAWN
    assert PeriodicReview.objects.count() == 3


def test_review_reminders_go_out_ninety_days_before_and_when_overdue(office_user):
    standard, edition = make_in_force(office_user, code="301-01", number="A-2023")
    edition.effective_on = dt.date(2023, 9, 1)
    edition.save()
    due = dt.date(2026, 9, 1)

    def reminders_on(day):
        with time_machine.travel(at(day), tick=False):
            services.lifecycle_daily()
        return Notification.objects.filter(recipient=office_user, verb="review_due").count()

    assert reminders_on(due - dt.timedelta(days=91)) == 0
    assert reminders_on(due - dt.timedelta(days=90)) == 1
    assert reminders_on(due - dt.timedelta(days=89)) == 1
    assert reminders_on(due + dt.timedelta(days=30)) == 2
    assert "逾期 30 天" in Notification.objects.filter(verb="review_due").first().message


def test_change_request_accept_starts_revision_and_tells_the_requester(office_user, staff_user):
    standard, current = make_in_force(office_user)
    request = services.change_request_create(actor=staff_user, standard=standard, clause="5.3",
                                             reason="预约办理时段不够", proposal="增加午间预约")
    with pytest.raises(PermissionRefused):
        services.change_request_accept(actor=staff_user, request=request)
    services.change_request_accept(actor=office_user, request=request)
    request.refresh_from_db()
    assert request.status == ChangeRequest.Status.ACCEPTED and request.revision.status == S.DRAFT
    assert request.revision.replaces == current.number
    assert Notification.objects.filter(recipient=staff_user, verb="change_request_decided").exists()
    with pytest.raises(TransitionRefused):
        services.change_request_decline(actor=office_user, request=request, reason="重复")


def test_change_request_decline_needs_reasons(office_user, staff_user):
    standard, _current = make_in_force(office_user)
    request = services.change_request_create(actor=staff_user, standard=standard, reason="希望简化")
    with pytest.raises(ApplicationError, match="理由"):
        services.change_request_decline(actor=office_user, request=request, reason="")
    services.change_request_decline(actor=office_user, request=request, reason="与上级规定不符")
    request.refresh_from_db()
    assert request.status == ChangeRequest.Status.DECLINED and request.decision_note == "与上级规定不符"
    assert not standard.editions.filter(status=S.DRAFT).exists()
    assert "不予采纳" in Notification.objects.get(recipient=staff_user).message


def test_macro_documents_are_refused_as_check_evidence(office_user, auditor_user, departments, settings):
    from ..hostile import macro_docx, media_files

    standard, _edition = make_in_force(office_user)
    kept = media_files(settings)
    with pytest.raises(ApplicationError, match="宏"):
        services.implementation_check_record(
            actor=auditor_user, standard=standard, department=departments["tax"], checked_on=timezone.localdate(),
            result="conforming", evidence=[SimpleUploadedFile("记录.docx", macro_docx())])
    assert media_files(settings) == kept and not standard.implementation_checks.exists()
