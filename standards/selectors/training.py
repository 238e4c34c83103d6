"""Training figures beyond 参训率 (defined in `figures`): 考核合格率, 培训计划完成率, the
breakdowns per department and per plan, and one person's training file (个人培训档案)."""

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Prefetch
from django.utils import timezone

from qms.org.models import Department

from ..models import Acknowledgement, ExternalTraining, TrainingPlan, TrainingScore, TrainingSession
from .figures import Rate


def _scores(*, year=None, plan=None, until=None):
    scores = TrainingScore.objects.filter(session__pass_mark__isnull=False)
    if plan is not None:
        scores = scores.filter(session__plan_item__plan=plan)
    else:
        scores = scores.filter(session__held_on__year=year or timezone.localdate().year)
    if until is not None:
        scores = scores.filter(session__held_on__lte=until)
    return scores.select_related("session", "user")


def pass_rate(*, year: int | None = None, plan: TrainingPlan | None = None, department=None,
              until: dt.date | None = None) -> Rate:
    """考核合格率 (training test pass rate).

    = participants tested whose score reached the session's pass mark (合格分)
      ÷ participants tested (people with a score recorded),
    counted once per person and session, over the sessions with a test held in `year` (default:
    the current year), or, with `plan`, the sessions carrying that plan's items; with `until`,
    only sessions held on or before that day; with `department`, only the people who belong to
    it now. A retake is its own session: a person who failed and then passed counts once failed,
    once passed."""
    scores = _scores(year=year, plan=plan, until=until)
    if department is not None:
        scores = scores.filter(user__department=department)
    rows = list(scores)
    return Rate(sum(1 for s in rows if s.passed), len(rows))


def session_pass_rate(session: TrainingSession) -> Rate:
    """考核合格率 of one session (definition as in `pass_rate`)."""
    rows = list(session.scores.select_related("session"))
    return Rate(sum(1 for s in rows if s.passed), len(rows))


@dataclass(frozen=True)
class DepartmentTraining:
    department: Department
    participation: Rate
    passing: Rate


def by_department(*, year: int | None = None, plan: TrainingPlan | None = None,
                  until: dt.date | None = None) -> list[DepartmentTraining]:
    """参训率 and 考核合格率 per department (the people's department now), same definitions as
    `figures.participation_rate` and `pass_rate`; departments with neither are left out."""
    sessions = TrainingSession.objects.filter(held_on__lte=until) if until else TrainingSession.objects.all()
    sessions = (sessions.filter(plan_item__plan=plan) if plan is not None
                else sessions.filter(held_on__year=year or timezone.localdate().year))
    expected: dict[int, list[int]] = defaultdict(lambda: [0, 0])
    for session in sessions.prefetch_related("expected", "attendees"):
        attended = {u.pk for u in session.attendees.all()}
        for user in session.expected.all():
            if user.department_id:
                expected[user.department_id][1] += 1
                expected[user.department_id][0] += user.pk in attended
    tested: dict[int, list[int]] = defaultdict(lambda: [0, 0])
    for score in _scores(year=year, plan=plan, until=until):
        if score.user.department_id:
            tested[score.user.department_id][1] += 1
            tested[score.user.department_id][0] += score.passed
    return [DepartmentTraining(d, Rate(*expected.get(d.pk, (0, 0))), Rate(*tested.get(d.pk, (0, 0))))
            for d in Department.objects.filter(pk__in=set(expected) | set(tested))]


def items_due(plan: TrainingPlan, as_of: dt.date):
    """The plan's items due by `as_of`: all of a past year's; this year's up to and including
    the month of `as_of`; none of a future year's."""
    items = plan.items.all()
    if plan.year > as_of.year:
        return items.none()
    return items if plan.year < as_of.year else items.filter(month__lte=as_of.month)


def plan_completion(plan: TrainingPlan, *, as_of: dt.date | None = None) -> Rate:
    """培训计划完成率 (training plan completion).

    = items of the year's training plan due by the date (a past year: all; the current year: the
      items planned up to and including the current month) that were held, i.e. carried by at
      least one session held on or before the date
      ÷ items due by the date."""
    as_of = as_of or timezone.localdate()
    due = items_due(plan, as_of)
    held = due.filter(sessions__held_on__lte=as_of).distinct()
    return Rate(held.count(), due.count())


def plan_rows(plan: TrainingPlan, *, as_of: dt.date | None = None) -> list[dict]:
    """Each item with its sessions, held or not, due or not (the plan page)."""
    as_of = as_of or timezone.localdate()
    due = set(items_due(plan, as_of).values_list("pk", flat=True))
    items = plan.items.prefetch_related(
        "departments", "editions", Prefetch("sessions", TrainingSession.objects.order_by("held_on")))
    rows = []
    for item in items:
        held = [s for s in item.sessions.all() if s.held_on <= as_of]
        rows.append({"item": item, "sessions": list(item.sessions.all()), "held": bool(held),
                     "due": item.pk in due, "overdue": item.pk in due and not held})
    return rows


def training_file(user) -> dict:
    """个人培训档案: the sessions the person was expected at or attended, their test scores,
    acknowledgements and external training."""
    sessions = (TrainingSession.objects.filter(expected=user) | TrainingSession.objects.filter(attendees=user))
    sessions = sessions.distinct().order_by("-held_on").prefetch_related("editions")
    attended = set(user.trainings_attended.values_list("pk", flat=True))
    scores = {s.session_id: s for s in TrainingScore.objects.filter(user=user).select_related("session")}
    rows = [{"session": s, "attended": s.pk in attended, "score": scores.get(s.pk)} for s in sessions]
    external = list(ExternalTraining.objects.filter(user=user))
    return {
        "person": user, "rows": rows,
        "attendance": Rate(sum(1 for r in rows if r["attended"]), len(rows)),
        "tested": Rate(sum(1 for s in scores.values() if s.passed), len(scores)),
        "acknowledgements": list(Acknowledgement.objects.filter(user=user).select_related("edition__standard")
                                 .order_by("-requested_at")),
        "external": external, "external_hours": sum((e.hours for e in external), 0),
    }
