"""Demo: the centre prepares its application, as an office would after its self-check. It closes
the gaps the pre-flight checks name (procedure standards for the uncovered items but two, work
standards for every post, management standards for every facility, an implementation check of
every standard in force, the outstanding acknowledgements, the overdue corrective actions, the
reply to a complaint past its deadline, the adopted standards replaced nationally),
scores the rest of the self-assessment, drafts every narrative from the records, submits, and
requests the final dossier (`load_demo` builds it once every loader has run). Runs last;
idempotent (nothing happens once a final dossier is built).
Every change goes through the services, with history."""

import datetime as dt
import math

from django.db import transaction
from django.utils import timezone

from qms.org.models import ROLE_GROUP_NAMES, Role, User

BLIND_SPOTS_KEPT = 2  # items left without a procedure standard, so the blind-spot page shows something


def _user(role: Role):
    return User.objects.filter(groups__name=ROLE_GROUP_NAMES[role], is_active=True).order_by("pk").first()


def _cover_items(office) -> int:
    from qms.core.history import checks_left_to_database
    from standards.catalog import services
    from standards.catalog.models import ServiceItem
    from standards.models import EditionStatus, StandardStatus
    from standards.models.history import history_batched
    from standards.services.acknowledgements import acknowledgements_batched

    uncovered = (ServiceItem.objects.filter(is_active=True, parent__isnull=True)
                 .exclude(procedure_standard__status=StandardStatus.IN_FORCE).order_by("code"))
    done = 0
    # Item by item, as an office would (each publication right after its generation). As the
    # standards loader writes: field rules per save, the constraints the database's (one
    # transaction), the history rows of standards, editions and sign-offs and the publications'
    # acknowledgement requests stored at the end.
    with acknowledgements_batched(), checks_left_to_database(), history_batched():
        for item in list(uncovered)[BLIND_SPOTS_KEPT:]:
            result = services.procedure_standard_generate(actor=office, item=item)
            if result.edition.status == EditionStatus.DRAFT:
                item.refresh_from_db()
                services.procedure_standard_publish(actor=office, item=item)
            done += 1
    return done


def _cover_posts_and_facilities(office) -> int:
    from standards.catalog import services
    from standards.catalog.models import Facility, Post
    from standards.models import Standard, StandardStatus

    in_force = Standard.objects.filter(status=StandardStatus.IN_FORCE)
    work = in_force.filter(name__contains="工作标准").order_by("code").first()
    managing = (in_force.filter(name__contains="设施").order_by("code").first()
                or in_force.filter(node__code__startswith="2").order_by("code").first())
    done = 0
    for post in Post.objects.filter(is_active=True).exclude(work_standards__status=StandardStatus.IN_FORCE):
        services.post_update(actor=office, post=post, work_standards=[work], reason="申报前补齐岗位工作标准")
        done += 1
    for facility in Facility.objects.filter(is_active=True).exclude(management_standard__status=StandardStatus.IN_FORCE):
        services.facility_update(actor=office, facility=facility, management_standard=managing,
                                 reason="申报前补齐设施管理标准")
        done += 1
    return done


def _check_every_standard(office) -> int:
    from standards.models import (
        CONFORMING_RESULTS,
        CheckResult,
        ImplementationCheck,
        Standard,
        StandardStatus,
    )
    from standards.selectors.figures import twelve_months_before
    from standards.services.checks import implementation_checks_record_many

    today = timezone.localdate()
    checked = ImplementationCheck.objects.filter(result__in=CONFORMING_RESULTS,
                                                 checked_on__gt=twelve_months_before(today))
    unchecked = (Standard.objects.filter(status=StandardStatus.IN_FORCE).exclude(pk__in=checked.values("standard_id"))
                 .prefetch_related("applicable_departments").order_by("code"))
    checks = [{"actor": office, "standard": standard, "department": standard.applicable_departments.first() or office.department,
               "result": CheckResult.CONFORMING, "checked_on": today - dt.timedelta(days=7 + index % 60),
               "notes": "申报前专项检查：现场抽查记录齐全，按标准执行。"}
              for index, standard in enumerate(unchecked)]
    return len(implementation_checks_record_many(checks=checks))


def _confirm_acknowledgements(target: float = 96.0) -> int:
    from standards.models import Acknowledgement, EditionStatus
    from standards.services.acknowledgements import acknowledgements_confirm_many

    rows = Acknowledgement.objects.filter(edition__status=EditionStatus.IN_FORCE)
    total, done = rows.count(), rows.filter(acknowledged_at__isnull=False).count()
    needed = max(math.ceil(total * target / 100) - done, 0)
    pending = rows.filter(acknowledged_at__isnull=True).order_by("pk")[:needed]
    acknowledgements_confirm_many(acknowledgements=list(pending))  # each by its own person
    return needed


def _finish_overdue_actions() -> int:
    from audits import services
    from audits.models.nonconformity import CAStatus
    from audits.selectors.nonconformities import corrective_actions_overdue

    done = 0
    for action in corrective_actions_overdue():
        department = action.nonconformity.department
        head = User.objects.filter(groups__name=ROLE_GROUP_NAMES[Role.DEPARTMENT_HEAD], department=department).first()
        auditor = User.objects.filter(groups__name=ROLE_GROUP_NAMES[Role.AUDITOR]).exclude(department=department).first()
        if head is None or auditor is None:
            continue
        if action.status == CAStatus.TO_PLAN:
            services.corrective_action_propose(
                actor=head, action=action, correction="已当场纠正", why_chain=["未按标准执行", "岗位培训不到位"],
                root_cause="岗位培训不到位", action_plan="组织岗位再培训并复查", owner=head,
                due_date=timezone.localdate())
            services.corrective_action_accept(actor=auditor, action=action, note="同意")
        services.corrective_action_report_done(actor=head, action=action, completion_note="已完成再培训，复查符合要求。")
        done += 1
    return done


def _record_complaint_replies(office) -> int:
    """Complaints still open past their deadline: the office records the telephone reply it gave
    on the deadline day (the escalation rows stay in the record)."""
    from audits.evaluation.models import OPEN_STATUSES, Complaint
    from audits.evaluation.services.complaints import complaint_investigate, complaint_reply

    late = Complaint.objects.filter(status__in=OPEN_STATUSES, due_on__lt=timezone.localdate()).order_by("pk")
    for complaint in late:
        complaint = complaint_investigate(actor=office, complaint=complaint, note="调阅记录，询问当事人。")
        complaint_reply(actor=office, complaint=complaint, substantiated=True, replied_on=complaint.due_on,
                        reply="已电话答复投诉人并致歉，已责成窗口整改。")
    return len(late)


def _score_the_rest(manager, assessment) -> None:
    """Items the demo left unscored get the suggested score where a figure gives one, else full."""
    from qms.assessment import services
    from qms.assessment.selectors import assessment_rows

    for section in assessment_rows(assessment):
        for row in section.items:
            if row.score.points is None and row.item.max_points > 0:
                suggested = row.suggestion.points if row.suggestion else None
                services.score_set(actor=manager, assessment=assessment, item_id=row.item.pk,
                                   points=row.item.max_points if suggested is None else suggested)


@transaction.atomic
def _prepare(office, manager, assessment, stdout):
    """Close the gaps, score the rest, draft the narratives, submit (all or nothing)."""
    from qms.assessment import services

    counts = [_cover_items(office), _cover_posts_and_facilities(office), _check_every_standard(office),
              _confirm_acknowledgements(), _finish_overdue_actions(), _record_complaint_replies(office)]
    stdout.write("  application: gaps closed (items, posts/facilities, checks, acknowledgements, actions, "
                 "complaint replies): "
                 + ", ".join(map(str, counts)))
    _score_the_rest(manager, assessment)
    services.narrative_draft_unfinished(actor=manager, assessment=assessment)
    return services.assessment_submit(actor=manager, assessment=assessment)


def _request_final(manager, assessment, stdout) -> None:
    """The final dossier requested, its job left queued: `load_demo` builds it after the loaders
    (in a process of its own with --dossier-in-background, as `make run` does). A final dossier
    whose build was stopped or failed is queued again; one still queued or running is left."""
    from qms.core.errors import ApplicationError
    from qms.dossier.models import Dossier
    from qms.dossier.services import dossier_follow_job, dossier_request, dossier_rerun

    earlier = Dossier.objects.filter(kind=Dossier.Kind.FINAL, assessment=assessment).select_related("job").first()
    if earlier is not None:
        if dossier_follow_job(earlier).status == Dossier.Status.FAILED:
            dossier_rerun(actor=manager, dossier=earlier, queue=False)
            stdout.write(f"  application: final dossier #{earlier.pk} queued again")
        return
    try:  # the request runs the pre-flight checks, and names every blocker it refuses for
        dossier = dossier_request(actor=manager, assessment=assessment, kind=Dossier.Kind.FINAL, queue=False)
    except ApplicationError as refusal:
        blockers = refusal.extra.get("blockers")
        if blockers is None:
            raise
        stdout.write("  application: not ready for a final dossier: " + "；".join(b.message for b in blockers))
        return
    stdout.write(f"  application: final dossier #{dossier.pk} requested")


def load(stdout) -> None:
    from qms.assessment.models import Assessment
    from qms.dossier.models import Dossier

    office, manager = _user(Role.OFFICE), _user(Role.MANAGER)
    assessment = Assessment.objects.filter(year=timezone.localdate().year).order_by("-created_at").first()
    if office is None or manager is None or assessment is None:
        stdout.write("  application: no office, manager or self-assessment yet, skipped")
        return
    if Dossier.objects.filter(kind=Dossier.Kind.FINAL, job__status="done").exists():
        stdout.write("  application: already loaded")
        return
    if assessment.status == Assessment.Status.DRAFT:
        assessment = _prepare(office, manager, assessment, stdout)
    _request_final(manager, assessment, stdout)
