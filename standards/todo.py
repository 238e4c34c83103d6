"""我的待办 from standards (see qms.core.todo): comments to give (until the deadline, after which
they can no longer be given), editions to review or approve, editions to acknowledge. The same predicates as the pages where
they are done."""

import datetime as dt

from django.db.models import Q
from django.urls import reverse

from qms.core.todo import Todo

from .models import Consultation, Edition, EditionStatus, TrainingScore, TrainingSession
from .selectors.lifecycle import acknowledgements_owed
from .services.training_tests import can_record_scores
from .workflows import EDITION_WORKFLOW


def _consultations_to_answer(user, today):
    asked = Q(people=user)
    if user.department_id:
        asked |= Q(departments=user.department_id)
    answered = Q(comments__author=user)
    if user.department_id:
        answered |= Q(comments__department=user.department_id)
    done = Consultation.objects.filter(answered).values("pk")
    for c in (Consultation.objects.filter(asked, status=Consultation.Status.OPEN, deadline__gte=today).exclude(pk__in=done)
              .select_related("edition__standard").distinct()):
        yield Todo(kind="反馈征求意见", title=f"{c.edition.standard.name}（{c.edition.number}）",
                   url=reverse("consultation-detail", args=[c.pk]), due_on=c.deadline, today=today)


def _editions_to_sign(user, today):
    steps = {EditionStatus.REVIEW: ("审核标准", "sign_review"),
             EditionStatus.PENDING_APPROVAL: ("批准标准", "approve")}
    for edition in Edition.objects.filter(status__in=list(steps)).select_related("standard"):
        kind, move = steps[edition.status]
        if EDITION_WORKFLOW.allows(edition, user, move):  # the same rule as the page's button
            yield Todo(kind=kind, title=f"{edition.standard.name}（{edition.number}）",
                       url=reverse("edition-detail", args=[edition.pk]), today=today)


def _acknowledgements(user, today):
    """What the 学习确认 page lists as owed (editions in force only): the same selector."""
    for ack in acknowledgements_owed(user):
        yield Todo(kind="学习确认", title=f"{ack.edition.standard.name}（{ack.edition.number}）",
                   url=reverse("acknowledgement-list"), today=today)


def _scores_to_enter(user, today):
    """Sessions with a test, held, with people signed in, and no score entered yet."""
    if not can_record_scores(user):
        return
    for session in (TrainingSession.objects.filter(pass_mark__isnull=False, held_on__lte=today,
                                                   attendees__isnull=False, scores__isnull=True).distinct()):
        yield Todo(kind="登记考核成绩", title=f"{session.held_on:%Y-%m-%d} {session.title}",
                   url=reverse("training-scores", args=[session.pk]), today=today)


def _tests_to_retake(user, today):
    """A test the person failed in the last 180 days, until a later session of the same plan item
    records a pass for them (the retake)."""
    since = today - dt.timedelta(days=180)
    failed = [s for s in TrainingScore.objects.filter(user=user, session__held_on__gte=since)
              .select_related("session") if not s.passed]
    if not failed:
        return
    passes = [s for s in TrainingScore.objects.filter(user=user).select_related("session") if s.passed]
    for score in failed:
        session = score.session
        retaken = any(p.session.held_on > session.held_on and session.plan_item_id
                      and p.session.plan_item_id == session.plan_item_id for p in passes)
        if not retaken:
            yield Todo(kind="补考", title=f"{session.title}（{score.score} 分，合格分 {session.pass_mark}）",
                       url=reverse("training-file", args=[user.pk]), today=today)


def todos(user, *, today):
    yield from _consultations_to_answer(user, today)
    yield from _editions_to_sign(user, today)
    yield from _acknowledgements(user, today)
    yield from _scores_to_enter(user, today)
    yield from _tests_to_retake(user, today)
