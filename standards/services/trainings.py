"""Training sessions (宣贯培训): plan who is expected, then record who attended."""

import datetime as dt

from django.db import transaction
from django.utils.translation import gettext as _

from qms.core.errors import ApplicationError, PermissionRefused
from qms.core.history import save_with_reason

from ..models import EditionStatus, Standard, TrainingSession
from ..permissions import can_edit_standards
from ..selectors.people import department_users


def _require_office(actor):
    if not can_edit_standards(actor):
        raise PermissionRefused(_("只有标准化办公室可以登记培训。"))


@transaction.atomic
def training_session_create(*, actor, title: str, held_on: dt.date, trainer: str, editions, departments=(),
                            people=(), location: str = "", notes: str = "", plan_item=None,
                            pass_mark=None) -> TrainingSession:
    """A session covering `editions`. Required attendees (`expected`, the 参训率's denominator):
    the active staff now of the departments the training applies to (those the editions'
    standards apply to, plus `departments`), and `people`; fixed at this moment so the
    session's rate stays true later."""
    _require_office(actor)
    editions, departments, people = list(editions), list(departments), list(people)
    if not editions:
        raise ApplicationError(_("请选择培训涉及的标准版本。"), field="editions")
    withdrawn = [e.number for e in editions if e.status == EditionStatus.WITHDRAWN]
    if withdrawn:
        raise ApplicationError(_("已废止的版本不能作为培训内容：%(n)s") % {"n": "、".join(withdrawn)},
                               field="editions")
    applies_to = {d.pk for d in departments} | set(
        Standard.applicable_departments.through.objects.filter(standard_id__in={e.standard_id for e in editions})
        .values_list("department_id", flat=True))
    expected = {u.pk: u for u in department_users(applies_to)}
    expected.update({u.pk: u for u in people})
    if not expected:
        raise ApplicationError(_("请选择应参训的部门或人员。"), field="departments")
    if plan_item is not None and plan_item.plan.year != held_on.year:
        raise ApplicationError(_("培训日期不在计划项目所属的 %(y)d 年度。") % {"y": plan_item.plan.year}, field="plan_item")
    session = TrainingSession(title=title.strip(), held_on=held_on, trainer=trainer.strip(), location=location,
                              notes=notes, created_by=actor, plan_item=plan_item, pass_mark=pass_mark)
    save_with_reason(session, actor=actor, reason=_("登记培训"))
    session.editions.set(editions)
    session.departments.set(departments)
    session.expected.set(expected.values())
    return session


@transaction.atomic
def training_attendance_record(*, actor, session: TrainingSession, attendees) -> TrainingSession:
    """Record who attended (the sign-in sheet); replaces the previous list."""
    _require_office(actor)
    session = TrainingSession.objects.select_for_update().get(pk=session.pk)
    session.attendees.set(list(attendees))
    save_with_reason(session, actor=actor, reason=_("登记签到：%(n)d 人") % {"n": session.attendees.count()})
    return session
