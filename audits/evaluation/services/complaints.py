"""Complaints: intake, investigation, reply with the finding, the complainant's feedback and
closure; escalation of overdue complaints (the daily beat job).

The moves are declared once in `audits.evaluation.workflows.COMPLAINT_WORKFLOW`; `_move` makes
them, and every step leaves a row on the complaint's timeline."""

import datetime as dt

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from qms.core.calendar import working_day_add
from qms.core.errors import ApplicationError, PermissionRefused, TransitionRefused
from qms.core.history import save_with_reason
from qms.core.notifications import notification_send
from qms.core.numbering import number_next
from qms.core.workflow import event_record, transition
from qms.org.models import ROLE_GROUP_NAMES, Role, User

from .. import sources
from ..models import OPEN_STATUSES, Channel, Complaint, ComplaintStatus, Feedback
from ..permissions import can_handle_complaint, can_raise_nonconformity_from_complaint, can_record_complaint
from ..selectors.settings import evaluation_settings
from ..workflows import COMPLAINT_WORKFLOW

S = ComplaintStatus


def _move(complaint: Complaint, *, move: str, actor, note: str) -> Complaint:
    """Make one declared move of the complaint (`audits.evaluation.workflows.COMPLAINT_WORKFLOW`)."""
    return transition(complaint, actor=actor, move=move, note=note, workflow=COMPLAINT_WORKFLOW)


def _note(complaint: Complaint, *, actor, note: str, label: str = "") -> None:
    """A timeline row that is not a move (an escalation, a further investigation note)."""
    event_record(complaint, actor=actor, label=label or note[:100], note=note, workflow=COMPLAINT_WORKFLOW.key)


def _locked(complaint: Complaint) -> Complaint:
    return Complaint.objects.select_for_update().get(pk=complaint.pk)


@transaction.atomic
def complaint_create(*, actor, channel: str, complainant_name: str, description: str, department,
                     complainant_phone: str = "", complainant_contact: str = "", item_name: str = "",
                     staff=None, staff_name: str = "", received_on: dt.date | None = None,
                     handler=None) -> Complaint:
    """Record a complaint from any channel; the reply deadline is counted in working days."""
    if not can_record_complaint(actor):
        raise PermissionRefused(_("您的角色不能登记投诉。"))
    if channel not in Channel.values:
        raise ApplicationError(_("请选择投诉渠道。"), field="channel")
    if not (complainant_name or "").strip():
        raise ApplicationError(_("请填写投诉人姓名（匿名投诉填“匿名”）。"), field="complainant_name")
    if not (description or "").strip():
        raise ApplicationError(_("请填写投诉内容。"), field="description")
    received_on = received_on or timezone.localdate()
    if received_on > timezone.localdate():
        raise ApplicationError(_("受理日期不能晚于今天。"), field="received_on")
    days = evaluation_settings().complaint_reply_days
    complaint = Complaint(
        number=number_next(key="TS", year=received_on.year), channel=channel, received_on=received_on,
        complainant_name=complainant_name.strip(), complainant_phone=complainant_phone.strip(),
        complainant_contact=complainant_contact.strip(), department=department, item_name=item_name.strip(),
        staff=staff, staff_name=staff_name.strip() or (staff.display_name if staff else ""),
        description=description.strip(), due_on=working_day_add(received_on, days), handler=handler,
        created_by=actor)
    save_with_reason(complaint, actor=actor, reason=_("受理投诉"))
    event_record(complaint, actor=actor, label=_("受理"), from_status="", workflow=COMPLAINT_WORKFLOW.key,
                 note=_("受理，%(d)d 个工作日内答复（%(due)s 前）") % {"d": days, "due": complaint.due_on})
    notification_send(recipients=_department_heads(department) + ([handler] if handler else []),
                      verb="complaint", message=_("新投诉 %(n)s：%(w)s") % {"n": complaint.number, "w": department},
                      url=reverse("complaint-detail", args=[complaint.pk]))
    return complaint


@transaction.atomic
def complaint_investigate(*, actor, complaint: Complaint, note: str) -> Complaint:
    """Add investigation notes; the first note moves a received complaint to 调查中."""
    complaint = _locked(complaint)
    if not (note or "").strip():
        raise ApplicationError(_("请填写调查情况。"), field="note")
    if complaint.status == S.CLOSED:
        raise TransitionRefused(_("投诉已办结，不能再补充调查。"))
    if not can_handle_complaint(actor, complaint):
        raise PermissionRefused(COMPLAINT_WORKFLOW.move("investigate").who.refusal_for(actor, complaint))
    stamp = timezone.localtime().strftime("%Y-%m-%d %H:%M")
    complaint.investigation = f"{complaint.investigation}\n[{stamp} {actor.display_name}] {note.strip()}".strip()
    if complaint.handler_id is None:
        complaint.handler = actor
    if complaint.status == S.RECEIVED:
        return _move(complaint, move="investigate", actor=actor, note=note.strip())
    save_with_reason(complaint, actor=actor, reason=_("补充调查情况"))
    _note(complaint, actor=actor, note=note.strip(), label=_("补充调查情况"))
    return complaint


@transaction.atomic
def complaint_reply(*, actor, complaint: Complaint, reply: str, substantiated: bool,
                    replied_on: dt.date | None = None) -> Complaint:
    """Record the reply to the complainant and whether the complaint was substantiated (属实)."""
    complaint = _locked(complaint)
    COMPLAINT_WORKFLOW.check(complaint, actor, "reply")
    if not (reply or "").strip():
        raise ApplicationError(_("请填写答复内容。"), field="reply")
    if substantiated is None:
        raise ApplicationError(_("请确认投诉是否属实。"), field="substantiated")
    complaint.reply, complaint.substantiated = reply.strip(), bool(substantiated)
    complaint.replied_on = replied_on or timezone.localdate()
    if complaint.replied_on < complaint.received_on:
        raise ApplicationError(_("答复日期不能早于受理日期。"), field="replied_on")
    finding = _("属实") if substantiated else _("不属实")
    late = complaint.replied_on > complaint.due_on
    note = _("已答复，投诉%(f)s") % {"f": finding} + (_("（超期答复）") if late else "")
    return _move(complaint, move="reply", actor=actor, note=note)


@transaction.atomic
def complaint_close(*, actor, complaint: Complaint, feedback: str, feedback_note: str = "") -> Complaint:
    """Record the complainant's feedback on the reply and close. A dissatisfied complainant
    reopens the investigation instead (see complaint_reopen)."""
    complaint = _locked(complaint)
    COMPLAINT_WORKFLOW.check(complaint, actor, "close")
    if feedback not in Feedback.values:
        raise ApplicationError(_("投诉人反馈无效。"), field="feedback")
    complaint.feedback, complaint.feedback_note = feedback, (feedback_note or "").strip()
    label = Feedback(feedback).label
    return _move(complaint, move="close", actor=actor, note=_("办结，投诉人反馈：%(f)s") % {"f": label})


@transaction.atomic
def complaint_reopen(*, actor, complaint: Complaint, reason: str) -> Complaint:
    """The complainant is not satisfied with the reply: investigate again, with a new reply
    deadline counted from today."""
    complaint = _locked(complaint)
    COMPLAINT_WORKFLOW.check(complaint, actor, "reopen")
    if not (reason or "").strip():
        raise ApplicationError(_("请填写重新调查的原因。"), field="reason")
    complaint.feedback, complaint.feedback_note = Feedback.DISSATISFIED, reason.strip()
    days = evaluation_settings().complaint_reply_days
    complaint.due_on = working_day_add(timezone.localdate(), days)
    complaint.escalation_level, complaint.escalated_on = 0, None
    note = _("投诉人不满意答复，重新调查（新答复期限 %(due)s）：") % {"due": complaint.due_on} + reason.strip()
    return _move(complaint, move="reopen", actor=actor, note=note)


def _department_heads(department) -> list[User]:
    return list(User.objects.filter(department=department, is_active=True,
                                    groups__name__in=_group_names(Role.DEPARTMENT_HEAD)).distinct())


def _role_users(*roles) -> list[User]:
    return list(User.objects.filter(is_active=True, groups__name__in=_group_names(*roles)).distinct())


def _group_names(*roles) -> list[str]:
    return [ROLE_GROUP_NAMES[r] for r in roles]


def complaints_escalate(*, today: dt.date | None = None) -> int:
    """The daily beat job. A complaint still open after its reply deadline is escalated once
    (level 1: the handler, the window's head and the office are notified); still open
    `complaint_escalate_again_days` working days after the deadline, it goes to management
    (level 2). Each escalation is an event row on the complaint. Returns the escalations made."""
    today = today or timezone.localdate()
    again_days = evaluation_settings().complaint_escalate_again_days
    made = 0
    overdue = Complaint.objects.filter(status__in=OPEN_STATUSES, due_on__lt=today, escalation_level__lt=2)
    for complaint in overdue.select_related("department", "handler"):
        level = 2 if today > working_day_add(complaint.due_on, again_days) else 1
        if level <= complaint.escalation_level:
            continue
        made += _escalate(complaint, level=level, today=today)
    return made


@transaction.atomic
def _escalate(complaint: Complaint, *, level: int, today: dt.date) -> int:
    complaint = _locked(complaint)
    if complaint.status not in OPEN_STATUSES or complaint.escalation_level >= level:
        return 0
    complaint.escalation_level, complaint.escalated_on = level, today
    note = _("超期未答复（期限 %(due)s），升级至%(to)s") % {
        "due": complaint.due_on, "to": _("管理层") if level == 2 else _("标准化办公室和窗口负责人")}
    save_with_reason(complaint, reason=note)
    _note(complaint, actor=None, note=note, label=_("超期升级"))
    recipients = _role_users(Role.MANAGER) if level == 2 else (
        _role_users(Role.OFFICE) + _department_heads(complaint.department) + [complaint.handler])
    notification_send(recipients=recipients, verb="complaint_overdue",
                      message=_("投诉 %(n)s 已超期未答复（%(w)s）") % {"n": complaint.number, "w": complaint.department},
                      url=reverse("complaint-detail", args=[complaint.pk]))
    return 1


@transaction.atomic
def complaint_raise_nonconformity(*, actor, complaint: Complaint, grade: str, description: str,
                                  clause: str = "", standard=None):
    """Raise a nonconformity (source: complaint) from a substantiated complaint, in one step.
    The complaint keeps the nonconformity's number; a complaint raises at most one."""
    if not can_raise_nonconformity_from_complaint(actor):
        raise PermissionRefused(_("只有标准化办公室可以由投诉提出不符合项。"))
    complaint = _locked(complaint)
    if complaint.substantiated is not True:
        raise ApplicationError(_("只有经调查属实的投诉才能提出不符合项。"))
    if complaint.nonconformity_ref:
        raise ApplicationError(_("该投诉已提出不符合项 %(n)s。") % {"n": complaint.nonconformity_ref})
    raise_nc = sources.nonconformity_raiser()
    if raise_nc is None:
        raise ApplicationError(_("内审与不符合项模块尚未启用。"))
    evidence = _("投诉 %(n)s（%(d)s 受理）：%(text)s\n答复：%(reply)s") % {
        "n": complaint.number, "d": complaint.received_on, "text": complaint.description, "reply": complaint.reply}
    nc = raise_nc(actor=actor, department=complaint.department, standard=standard, clause=clause.strip(),
                  description=description.strip(), evidence=evidence, grade=grade, source="complaint",
                  source_ref=complaint.number)
    complaint.nonconformity_ref = getattr(nc, "number", "") or str(nc.pk)
    save_with_reason(complaint, actor=actor, reason=_("提出不符合项 %(n)s") % {"n": complaint.nonconformity_ref})
    _note(complaint, actor=actor, note=_("提出不符合项 %(n)s") % {"n": complaint.nonconformity_ref})
    return nc
