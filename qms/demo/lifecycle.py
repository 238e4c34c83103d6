"""Demo records of the standards' life: a settled consultation awaiting its effective date, one
still open, training sessions with sign-in sheets, acknowledgements, implementation checks,
periodic reviews and change requests. Runs after qms.demo.org and qms.demo.standards; does
nothing if their departments, users or standards in force are missing, or if it ran before."""

import datetime as dt
import random

from django.db import transaction
from django.utils import timezone

from qms.core.history import checks_left_to_database
from qms.org.models import Department, Role
from standards import services
from standards.models import (
    Acknowledgement,
    Edition,
    EditionStatus,
    Origin,
    Standard,
    StandardStatus,
    TrainingSession,
)
from standards.selectors import reviews_due, users_with_role
from standards.services.acknowledgements import acknowledgements_record_past
from standards.services.checks import implementation_checks_record_many
from standards.services.consultations import consultation_earliest_deadline

COMMENTS = [
    ("4.2", "窗口人员应统一着装", "建议明确夏季和冬季着装的具体要求。", "accepted", ""),
    ("5.1", "", "首问责任人应登记咨询人的联系方式，便于回访。", "partly", "仅对需回访的事项登记，避免过度收集个人信息。"),
    ("5.3", "承诺件应在承诺时限内办结", "建议增加超时预警环节。", "accepted", ""),
    ("6", "", "建议删除窗口每日自查表。", "rejected", "每日自查是实施检查的证据来源，予以保留。"),
]
TRAININGS = ["首问负责制和一次性告知制宣贯", "窗口服务规范及礼仪培训", "限时办结制与超时预警宣贯",
             "安全与应急标准培训", "信息公开与办事指南编写规范", "新修订标准集中宣贯"]


def _people():
    office = list(users_with_role(Role.OFFICE))
    managers = list(users_with_role(Role.MANAGER))
    auditors = list(users_with_role(Role.AUDITOR))
    return office, managers, auditors


def load(stdout) -> None:
    # One transaction; field rules per save, the constraints are the database's (as qms.demo.standards).
    with transaction.atomic(), checks_left_to_database():
        _load(stdout)


def _load(stdout) -> None:
    office, managers, auditors = _people()
    departments = list(Department.objects.filter(kind="department", is_active=True, users__is_active=True).distinct())
    in_force = list(Standard.objects.filter(status=StandardStatus.IN_FORCE).order_by("code")
                    .prefetch_related("applicable_departments"))
    if not (office and managers and departments and in_force):
        stdout.write("lifecycle: skipped (departments, users or standards in force missing)")
        return
    if TrainingSession.objects.exists():
        stdout.write("lifecycle: already loaded")
        return
    rng = random.Random(2026)  # noqa: S311 - deterministic demo data
    actor = office[0]
    reviewer = (office[1:] or [m for m in managers if m.pk != actor.pk])[0]
    in_house = [s for s in in_force if s.origin == Origin.IN_HOUSE] or in_force
    _consultations(actor, reviewer, managers[0], in_house, departments, rng)
    _trainings(actor, departments, in_force, rng)
    _acknowledge(rng)
    _checks(auditors or office, in_force, departments, rng)
    _reviews_and_requests(actor, in_force, departments)
    stdout.write("lifecycle: consultations, trainings, acknowledgements, checks, reviews loaded")


def _commenters(departments):
    from django.contrib.auth import get_user_model

    return list(get_user_model().objects.filter(is_active=True, department__in=departments)[:6])


def _consultations(actor, reviewer, manager, candidates, departments, rng):
    today = timezone.localdate()
    settled, ongoing = candidates[0], candidates[min(1, len(candidates) - 1)]
    asked = departments[:4]
    commenters = _commenters(asked) or [actor]
    edition = services.edition_revision_start(actor=actor, standard=settled, reason="落实年度改进计划，补充超时预警要求")
    consultation = services.consultation_open(actor=actor, edition=edition,
                                              deadline=consultation_earliest_deadline(today),
                                              departments=asked, note="请各窗口结合实际工作提出意见。")
    comments = []
    for i, (clause, quote, text, _disposition, _reason) in enumerate(COMMENTS):
        author = commenters[i % len(commenters)]
        comments.append(services.comment_submit(actor=author if _asked(author, asked) else actor,
                                                consultation=consultation, clause=clause, quote=quote, text=text))
    _answer_for_silent_departments(consultation, asked)
    services.edition_set_document(actor=actor, edition=edition, upload=_revised_text(edition),
                                  reason="按采纳的意见修改征求意见稿")
    for comment, (clause, _quote, _text, disposition, reason) in zip(comments, COMMENTS, strict=True):
        services.comment_dispose(actor=actor, comment=comment, disposition=disposition, reason=reason,
                                 changed_clause=clause if disposition != "rejected" else "")
    services.consultation_close(actor=actor, consultation=consultation)  # everyone asked has answered
    services.edition_review_sign(actor=reviewer, edition=edition, approve=True, note="意见处理得当，同意报批。")
    if manager.pk != edition.created_by_id:
        services.edition_approve(actor=manager, edition=edition, approve=True, note="同意发布。",
                                 effective_on=today + dt.timedelta(days=15))
    if ongoing.pk != settled.pk:
        draft = services.edition_revision_start(actor=actor, standard=ongoing, reason="窗口调整后更新服务流程")
        open_one = services.consultation_open(actor=actor, edition=draft,
                                              deadline=consultation_earliest_deadline(today) + dt.timedelta(days=4),
                                              departments=departments[:6])
        author = commenters[-1]
        services.comment_submit(actor=author if _asked(author, departments[:6]) else actor, consultation=open_one,
                                clause="3.2", text="建议把“综合窗口”的术语定义与市级标准保持一致。")


REVISED_CLAUSES = [
    "4.2 窗口人员应统一着装：夏季着短袖制服，冬季着长袖制服及外套。",
    "5.1 首问责任人对需回访的事项登记咨询人的联系方式，其他事项不登记个人信息。",
    "5.3 承诺件应在承诺时限内办结；距承诺时限 1 个工作日时，系统向窗口人员发出超时预警。",
]


def _revised_text(edition):
    """The revision's own text: the edition in force's, with the new number and the clauses the
    comments changed."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from qms.core.documents.docx import add_paragraph, document_bytes, new_document

    old = edition.replaces
    document = new_document(header_text=edition.number)
    for line in (edition.text or "").splitlines():
        if line.strip():
            add_paragraph(document, line if "代替" in line or not old else line.replace(old, edition.number))
    for line in REVISED_CLAUSES:
        add_paragraph(document, line)
    return SimpleUploadedFile("征求意见稿（修改）.docx", document_bytes(document),
                              content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document")


def _answer_for_silent_departments(consultation, departments):
    """A department asked that has no comment answers 无意见 (so the record shows every answer)."""
    from django.contrib.auth import get_user_model

    answered = set(consultation.comments.values_list("author__department_id", flat=True))
    for department in departments:
        if department.pk in answered:
            continue
        user = get_user_model().objects.filter(is_active=True, department=department).order_by("pk").first()
        if user is not None:
            services.comment_submit(actor=user, consultation=consultation, no_objection=True)


def _asked(user, departments) -> bool:
    return user.department_id in {d.pk for d in departments}


def _trainings(actor, departments, in_force, rng):
    today = timezone.localdate()
    editions = [s.editions.get(status=EditionStatus.IN_FORCE) for s in in_force[:24]]
    for i, title in enumerate(TRAININGS):
        held_on = max(today.replace(month=1, day=1), today - dt.timedelta(days=12 + 23 * i))
        session = services.training_session_create(
            actor=actor, title=title, held_on=held_on, trainer=["王明", "李娟", "陈思远"][i % 3], location="三楼会议室",
            editions=editions[i * 4:(i + 1) * 4] or editions[:2], departments=rng.sample(departments, min(5, len(departments))))
        expected = list(session.expected.all())
        attended = [u for u in expected if rng.random() < 0.965]
        services.training_attendance_record(actor=actor, session=session, attendees=attended)


def _acknowledge(rng):
    pending = list(Acknowledgement.objects.filter(acknowledged_at=None, edition__status=EditionStatus.IN_FORCE))
    now = timezone.now()
    done = []
    for ack in pending:
        if rng.random() < 0.92:
            ack.acknowledged_at = now - dt.timedelta(days=rng.randint(0, 20), hours=rng.randint(0, 8))
            done.append(ack)
    if done:
        acknowledgements_record_past(acknowledgements=done, reason="已阅知悉（演示数据）")


def _checks(checkers, in_force, departments, rng):
    today = timezone.localdate()
    checks = []
    for standard in in_force:
        roll = rng.random()
        if standard.checked_through_others:
            continue  # checked with the standards that use it (qms.demo.figures)
        if roll < 0.03:
            continue  # not checked this year: lowers 实施率 as in real life
        applicable = list(standard.applicable_departments.all()) or departments
        result, notes = "conforming", "现场抽查台账与办理记录，符合标准要求。"
        if roll > 0.985:
            result, notes = "nonconforming", "抽查 10 件承诺件，2 件未在系统中登记办结时间。"
        elif roll > 0.9:
            result, notes = "mostly", "个别记录填写不完整，已当场指出。"
        checks.append({"actor": rng.choice(checkers), "standard": standard, "department": rng.choice(applicable),
                       "checked_on": today - dt.timedelta(days=rng.randint(3, 330)), "result": result,
                       "notes": notes})
    implementation_checks_record_many(checks=checks)


def _reviews_and_requests(actor, in_force, departments):
    due = reviews_due()
    for row in due[:2]:
        if row.overdue:
            services.periodic_review_record(actor=actor, standard=row.standard, outcome="confirm",
                                            reasons="经复审，标准内容与现行法规和中心实际一致，继续有效。")
    from django.contrib.auth import get_user_model

    staff = get_user_model().objects.filter(is_active=True, department__in=departments).first() or actor
    in_progress = set(Edition.objects.filter(standard__in=in_force).exclude(
        status__in=[EditionStatus.IN_FORCE, EditionStatus.SUPERSEDED, EditionStatus.WITHDRAWN])
        .values_list("standard_id", flat=True))  # one query, not one per standard
    targets = [s for s in in_force if s.pk not in in_progress]
    if len(targets) < 3:
        return
    services.change_request_create(actor=staff, standard=targets[-1], clause="5.2",
                                   reason="午间时段办事群众较多，现行标准未规定午间延时服务。",
                                   proposal="增加“午间不打烊”延时服务条款。")
    declined = services.change_request_create(actor=staff, standard=targets[-2], clause="附录A",
                                              reason="希望取消纸质登记表。")
    services.change_request_decline(actor=actor, request=declined,
                                    reason="纸质登记表仍是上级检查要求的原始记录，暂予保留。")
