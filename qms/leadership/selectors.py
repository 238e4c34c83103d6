"""Reads of the leading group for other apps (the self-assessment's narratives): plain values."""

import datetime as dt

from .models import Body, Meeting, MemberRole, Plan
from .services.bodies import members_current


def leadership_summary(*, year: int, as_of: dt.date) -> dict:
    """The leading group on `as_of` (name, 组长, members), its office, the meetings held in `year`
    up to `as_of`, the approved 实施方案 and the year's approved plan (with how many targets)."""
    group = Body.objects.filter(kind=Body.Kind.GROUP).first()
    if group is None:
        return {}
    members = members_current(group, day=as_of)
    leaders = [m.name for m in members if m.role == MemberRole.LEADER]
    office = group.offices.first()
    plan = Plan.objects.filter(kind=Plan.Kind.YEARLY, year=year, approved_on__isnull=False).first()
    scheme = Plan.objects.filter(kind=Plan.Kind.SCHEME, approved_on__isnull=False).order_by("-year").first()
    return {"group": group.name, "leader": "、".join(leaders), "members": len(members),
            "office": office.name if office else "",
            "office_members": len(members_current(office, day=as_of)) if office else 0,
            "meetings": Meeting.objects.filter(body__in=[group, *group.offices.all()], held_on__year=year,
                                               held_on__lte=as_of).count(),
            "scheme": scheme.title if scheme else "", "plan": plan.title if plan else "",
            "targets": plan.targets.count() if plan else 0}
