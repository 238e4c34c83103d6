"""Meetings of the leading group or its office: attendees, minutes, decisions (决议) with an owner
and a due date, carried out and verified. The decisions' moves are declared once in
`qms.leadership.workflows`."""

import datetime as dt

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from qms.core.errors import ApplicationError
from qms.core.history import save_with_reason
from qms.core.notifications import notification_send
from qms.core.workflow import event_record, transition

from ..models import Body, Decision, Meeting
from ..workflows import DECISION_WORKFLOW
from .bodies import require_editor


@transaction.atomic
def meeting_record(*, actor, body: Body, title: str, held_on: dt.date, minutes: str, attendees=(),
                   other_attendees: str = "", location: str = "", chair=None) -> Meeting:
    """Record a meeting held: date, attendees and minutes."""
    require_editor(actor)
    if not (title or "").strip():
        raise ApplicationError(_("请填写会议名称。"), field="title")
    if not (minutes or "").strip():
        raise ApplicationError(_("请填写会议纪要。"), field="minutes")
    if held_on > timezone.localdate():
        raise ApplicationError(_("召开日期不能晚于今天。"), field="held_on")
    if not attendees and not (other_attendees or "").strip():
        raise ApplicationError(_("请选择参加人员。"), field="attendees")
    meeting = save_with_reason(
        Meeting(body=body, title=title.strip(), held_on=held_on, minutes=minutes.strip(),
                other_attendees=(other_attendees or "").strip(), location=(location or "").strip(), chair=chair,
                created_by=actor), actor=actor, reason=_("记录会议"))
    meeting.attendees.set(attendees)
    return meeting


@transaction.atomic
def decision_add(*, actor, meeting: Meeting, text: str, owner, due_on: dt.date, department=None) -> Decision:
    """A decision of the meeting, with who carries it out and by when."""
    require_editor(actor)
    if not (text or "").strip():
        raise ApplicationError(_("请填写决议事项。"), field="text")
    if owner is None:
        raise ApplicationError(_("请指定责任人。"), field="owner")
    if due_on is None:
        raise ApplicationError(_("请填写完成期限。"), field="due_on")
    if due_on < meeting.held_on:
        raise ApplicationError(_("完成期限不能早于会议日期。"), field="due_on")
    decision = save_with_reason(
        Decision(meeting=meeting, text=text.strip(), owner=owner, department=department or owner.department,
                 due_on=due_on), actor=actor, reason=_("会议决议"))
    event_record(decision, actor=actor, label=_("形成决议"), from_status="", workflow=DECISION_WORKFLOW.key)
    notification_send(recipients=[owner], verb="leadership_decision",
                      message=_("领导小组决议：%(d)s（%(due)s 前落实）") % {"d": decision.text[:80], "due": due_on},
                      url=decision.get_absolute_url())
    return decision


@transaction.atomic
def decision_complete(*, actor, decision: Decision, note: str, completed_on: dt.date | None = None) -> Decision:
    """The owner reports the decision carried out."""
    decision = Decision.objects.select_for_update().get(pk=decision.pk)
    DECISION_WORKFLOW.check(decision, actor, "complete")
    if not (note or "").strip():
        raise ApplicationError(_("请填写落实情况。"), field="note")
    decision.completion_note, decision.completed_on = note.strip(), completed_on or timezone.localdate()
    return transition(decision, actor=actor, move="complete", note=note.strip(), workflow=DECISION_WORKFLOW)


@transaction.atomic
def decision_verify(*, actor, decision: Decision, effective: bool, note: str) -> Decision:
    """Verify a decision reported carried out: effective closes it, not effective sends it back."""
    decision = Decision.objects.select_for_update().get(pk=decision.pk)
    DECISION_WORKFLOW.check(decision, actor, "verify" if effective else "reject")
    if not (note or "").strip():
        raise ApplicationError(_("请填写验证意见。"), field="note")
    decision.verification_note = note.strip()
    if effective:
        decision.verified_by, decision.verified_on = actor, timezone.localdate()
        return transition(decision, actor=actor, move="verify", note=note.strip(), workflow=DECISION_WORKFLOW)
    return transition(decision, actor=actor, move="reject", note=_("验证未通过：") + note.strip(),
                      workflow=DECISION_WORKFLOW)
