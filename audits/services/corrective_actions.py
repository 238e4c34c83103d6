"""Corrective actions: the steps of a round.

The moves, and who makes each (the head of the nonconformity's department, or an auditor from
another department), are declared once in `audits.workflows.CORRECTIVE_ACTION_WORKFLOW`; the
named services below fill in the step's fields and make the move."""

import datetime as dt

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from qms.core.errors import ApplicationError, TransitionRefused
from qms.core.history import save_with_reason
from qms.core.workflow import transition
from standards.models import ChangeRequest
from standards.services import change_request_create

from ..models import CAStatus, CorrectiveAction, Nonconformity
from ..workflows import CORRECTIVE_ACTION_WORKFLOW
from .common import attachment_add, setting
from .nonconformities import notify_department, open_round

C = CAStatus
MAX_WHYS = 5


def corrective_action_transition(*, action: CorrectiveAction, to_status: str, actor, note: str = "",
                                 move: str = "") -> CorrectiveAction:
    """Make one declared move of the round (`audits.workflows.CORRECTIVE_ACTION_WORKFLOW`):
    guard, history and timeline row. Callers hold the transaction (and the row lock)."""
    return transition(action, actor=actor, move=move or None, to=to_status, note=note,
                      workflow=CORRECTIVE_ACTION_WORKFLOW)


def _locked(action: CorrectiveAction) -> CorrectiveAction:
    return CorrectiveAction.objects.select_for_update(of=("self",)).select_related("nonconformity__department").get(
        pk=action.pk)


def _clean_whys(why_chain) -> list[str]:
    whys = [str(w).strip() for w in (why_chain or []) if str(w).strip()]
    if not whys:
        raise ApplicationError(_("请至少回答一个“为什么”（五问分析）。"), field="why_chain")
    if len(whys) > MAX_WHYS:
        raise ApplicationError(_("五问分析最多五问。"), field="why_chain")
    return whys


def _required(value: str, field: str, message: str) -> str:
    if not (value or "").strip():
        raise ApplicationError(message, field=field)
    return value.strip()


@transaction.atomic
def corrective_action_propose(*, actor, action: CorrectiveAction, correction: str, why_chain: list[str],
                              root_cause: str, action_plan: str, owner, due_date: dt.date,
                              cause_is_standard: bool = False, change_proposal: str = "") -> CorrectiveAction:
    """The department head proposes correction, 5-why cause analysis, plan, owner and due date.
    Proposing confirms the nonconformity if the head had not yet done so."""
    action = _locked(action)
    nonconformity = action.nonconformity
    CORRECTIVE_ACTION_WORKFLOW.check(action, actor, "propose")
    action.correction = _required(correction, "correction", _("请填写纠正（对已发生问题的处置）。"))
    action.why_chain = _clean_whys(why_chain)
    action.root_cause = _required(root_cause, "root_cause", _("请填写根本原因。"))
    action.action_plan = _required(action_plan, "action_plan", _("请填写纠正措施计划。"))
    if owner is None or owner.department_id != nonconformity.department_id:
        raise ApplicationError(_("整改责任人应为“%(d)s”的人员。") % {"d": nonconformity.department}, field="owner")
    if due_date is None or due_date < timezone.localdate():
        raise ApplicationError(_("完成期限不能早于今天。"), field="due_date")
    if cause_is_standard:
        if nonconformity.standard is None:
            raise ApplicationError(_("该不符合项未关联标准，不能以“标准本身有缺陷”为原因。"), field="cause_is_standard")
        _required(change_proposal, "change_proposal", _("原因在于标准本身时，请填写标准修改建议。"))
    action.owner, action.due_date = owner, due_date
    action.cause_is_standard, action.change_proposal = cause_is_standard, change_proposal.strip()
    if not nonconformity.acknowledged_by_id:
        nonconformity.acknowledged_by, nonconformity.acknowledged_at = actor, timezone.now()
        save_with_reason(nonconformity, actor=actor, reason=_("提交整改计划即确认不符合项"))
    corrective_action_transition(action=action, to_status=C.TO_REVIEW, actor=actor, move="propose")
    _notify_auditor(action, _("%(n)s 的纠正措施计划已提交，请审核。"))
    return action


def _notify_auditor(action: CorrectiveAction, message: str):
    from qms.core.notifications import notification_send

    from .nonconformities import nonconformity_url

    nonconformity = action.nonconformity
    notification_send(recipients=[nonconformity.raised_by], verb="corrective_action",
                      message=message % {"n": nonconformity.number}, url=nonconformity_url(nonconformity))


@transaction.atomic
def corrective_action_accept(*, actor, action: CorrectiveAction, note: str = "") -> CorrectiveAction:
    """The auditor accepts the plan. If the cause is the standard itself, a change request for
    that standard is raised (source: audit) and linked to the round."""
    action = _locked(action)
    nonconformity = action.nonconformity
    action.review_note = note.strip()
    corrective_action_transition(action=action, to_status=C.IMPLEMENTING, actor=actor, note=note.strip())
    if action.cause_is_standard and action.change_request_id is None:
        action.change_request = change_request_create(
            actor=actor, standard=nonconformity.standard, clause=nonconformity.clause,
            reason=_("%(n)s：%(cause)s") % {"n": nonconformity.number, "cause": action.root_cause},
            proposal=action.change_proposal, source=ChangeRequest.Source.AUDIT,
        )
        save_with_reason(action, actor=actor, reason=_("提出标准修订申请"))
    notify_department(nonconformity, verb="corrective_action", extra=[action.owner], message=_(
        "%(n)s 的纠正措施计划已同意，请于 %(due)s 前完成。") % {"n": nonconformity.number, "due": action.due_date})
    return action


@transaction.atomic
def corrective_action_return(*, actor, action: CorrectiveAction, note: str) -> CorrectiveAction:
    """Send the round back: a plan to be redone (待审核 → 待制定), or work found not done
    at verification (待验证 → 实施中). The reason is required."""
    action = _locked(action)
    note = _required(note, "note", _("退回必须说明理由。"))
    move = {C.TO_REVIEW: "return_plan", C.TO_VERIFY: "return_work"}.get(action.status)
    if move is None:
        raise TransitionRefused(_("纠正措施当前为“%(s)s”，无可退回的步骤。") % {"s": action.get_status_display()})
    corrective_action_transition(action=action, to_status="", actor=actor, note=note, move=move)
    notify_department(action.nonconformity, verb="corrective_action", message=_(
        "%(n)s 的纠正措施被退回：%(r)s") % {"n": action.nonconformity.number, "r": note})
    return action


@transaction.atomic
def corrective_action_report_done(*, actor, action: CorrectiveAction, completion_note: str,
                                  upload=None) -> CorrectiveAction:
    """The department reports the action done, with its evidence."""
    action = _locked(action)
    CORRECTIVE_ACTION_WORKFLOW.check(action, actor, "report")
    action.completion_note = _required(completion_note, "completion_note", _("请说明完成情况和证据。"))
    action.completed_on = timezone.localdate()
    corrective_action_transition(action=action, to_status=C.TO_VERIFY, actor=actor, move="report")
    if upload is not None:
        attachment_add(actor=actor, upload=upload, corrective_action=action)
    _notify_auditor(action, _("%(n)s 的纠正措施已报告完成，请验证。"))
    return action


@transaction.atomic
def corrective_action_verify(*, actor, action: CorrectiveAction, note: str,
                             effectiveness_review_on: dt.date | None = None) -> CorrectiveAction:
    """The auditor verifies the action was done; effectiveness is judged on or after
    `effectiveness_review_on` (default: AUDITS_EFFECTIVENESS_DAYS after today)."""
    action = _locked(action)
    today = timezone.localdate()
    review_on = effectiveness_review_on or today + dt.timedelta(days=setting("AUDITS_EFFECTIVENESS_DAYS", 30))
    if review_on < today:
        raise ApplicationError(_("有效性评价日期不能早于今天。"), field="effectiveness_review_on")
    action.verification_note = _required(note, "note", _("请填写验证意见。"))
    action.verified_by, action.verified_on, action.effectiveness_review_on = actor, today, review_on
    return corrective_action_transition(action=action, to_status=C.VERIFIED, actor=actor, note=action.verification_note)


@transaction.atomic
def corrective_action_judge_effectiveness(*, actor, action: CorrectiveAction, effective: bool,
                                          note: str) -> CorrectiveAction:
    """After the effectiveness period: 有效 closes the nonconformity; 无效 opens the next round."""
    action = _locked(action)
    today = timezone.localdate()
    note = _required(note, "note", _("请填写有效性评价。"))
    action.effectiveness_note = note
    corrective_action_transition(action=action, to_status="", actor=actor, note=note,
                                 move="effective" if effective else "ineffective")
    nonconformity = Nonconformity.objects.select_for_update().get(pk=action.nonconformity_id)
    if effective:
        nonconformity.closed_on = today
        transition(nonconformity, actor=actor, move="close", note=note, check=False,
                   reason=_("纠正措施有效，关闭"))
    else:
        open_round(nonconformity=nonconformity, actor=actor, start=today)
        notify_department(nonconformity, verb="corrective_action", message=_(
            "%(n)s 的纠正措施评价为无效，请重新分析原因并提交计划。") % {"n": nonconformity.number})
    return action
