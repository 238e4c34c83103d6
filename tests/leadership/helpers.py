import datetime as dt

from django.utils import timezone

from qms.core import figures
from qms.core.figures import Figure, FigureValue
from qms.leadership.models import Body, Comparator, MemberRole, Plan
from qms.leadership.services import bodies, meetings, plans


def today():
    return timezone.localdate()


def make_group(actor, *members):
    group = bodies.body_save(actor=actor, kind=Body.Kind.GROUP, name="标准化工作领导小组",
                             established_on=dt.date(2025, 3, 10))
    for user, role in members:
        bodies.member_add(actor=actor, body=group, role=role, user=user, term_start=dt.date(2025, 3, 10))
    return group


def make_meeting(actor, group, attendees, held_on=None):
    return meetings.meeting_record(actor=actor, body=group, title="领导小组第一次会议", held_on=held_on or today(),
                                   minutes="审议年度工作计划。", attendees=attendees)


def make_plan(actor, *, year=None, approved_by=None, targets=()):
    year = year or today().year
    plan = plans.plan_save(actor=actor, kind=Plan.Kind.YEARLY, year=year, title=f"{year}年度标准化工作计划",
                           approved_by=approved_by, approved_on=dt.date(year, 1, 15) if approved_by else None)
    for key, comparator, value, department in targets:
        plans.target_set(actor=actor, plan=plan, figure_key=key, comparator=comparator, value=value,
                         department=department)
    return plan


def known_figure(monkeypatch, key="known_rate", *, value=92.0, by_month=None, higher=True, unit="%"):
    """Register a figure with known values: `value` today, `by_month[(year, month)]` at a month end."""

    def compute(*, as_of=None):
        day = as_of or today()
        number = (by_month or {}).get((day.year, day.month), value)
        return FigureValue(value=number, numerator=number, denominator=100, detail="测试指标")

    figure = Figure(key=key, label="测试率", unit=unit, definition="测试", compute=compute, target=90.0,
                    higher_is_better=higher)
    monkeypatch.setitem(figures._REGISTRY, key, figure)
    return figure


GE, LE, LEADER, MEMBER = Comparator.AT_LEAST, Comparator.AT_MOST, MemberRole.LEADER, MemberRole.MEMBER
