"""Corrective actions: the round's workflow as data.

CA_TRANSITIONS maps each status to the moves it allows, each with the party who makes it
("department": the head of the nonconformity's department; "auditor": an auditor from another
department) and the label shown on the timeline. `corrective_action_transition` is the one place
a round's status changes; the named services below set the step's fields and call it."""

import datetime as dt

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from qms.core.errors import ApplicationError, PermissionRefused, TransitionRefused
from qms.core.history import save_with_reason
from standards.models import ChangeRequest
from standards.services import change_request_create

from ..models import CAStatus, CorrectiveAction, NCStatus, Nonconformity
from ..permissions import can_answer_nonconformity, can_judge_nonconformity
from .common import attachment_add, record_move, setting
from .nonconformities import notify_department, open_round

C = CAStatus
DEPARTMENT, AUDITOR = "department", "auditor"
CA_TRANSITIONS: dict[str, dict[str, tuple[str, str]]] = {
    C.TO_PLAN: {C.TO_REVIEW: (DEPARTMENT, gettext_lazy("提交整改计划"))},
    C.TO_REVIEW: {C.IMPLEMENTING: (AUDITOR, gettext_lazy("同意计划")),
                  C.TO_PLAN: (AUDITOR, gettext_lazy("退回计划"))},
    C.IMPLEMENTING: {C.TO_VERIFY: (DEPARTMENT, gettext_lazy("报告完成"))},
    C.TO_VERIFY: {C.VERIFIED: (AUDITOR, gettext_lazy("验证通过")),
                  C.IMPLEMENTING: (AUDITOR, gettext_lazy("验证未通过，退回"))},
    C.VERIFIED: {C.EFFECTIVE: (AUDITOR, gettext_lazy("评价有效并关闭")),
                 C.INEFFECTIVE: (AUDITOR, gettext_lazy("评价无效，重新整改"))},
    C.EFFECTIVE: {},
    C.INEFFECTIVE: {},
}
MAX_WHYS = 5


def _check_party(party: str, actor, nonconformity: Nonconformity, label: str):
    if party == DEPARTMENT and not can_answer_nonconformity(actor, nonconformity):
        raise PermissionRefused(_("只有“%(d)s”的部门负责人可以%(a)s。") % {"d": nonconformity.department, "a": label})
    if party == AUDITOR and not can_judge_nonconformity(actor, nonconformity):
        if getattr(actor, "department_id", None) == nonconformity.department_id:
            raise PermissionRefused(_("独立性要求：内审员不能对本部门的不符合项%(a)s。") % {"a": label})
        raise PermissionRefused(_("只有内审员可以%(a)s。") % {"a": label})


def corrective_action_transition(*, action: CorrectiveAction, to_status: str, actor, note: str = "",
                                 check_party: bool = True) -> CorrectiveAction:
    """Move a round if the table allows it and the actor is the right party; write the
    status-change row. Callers hold the transaction (and the row lock)."""
    nonconformity = action.nonconformity
    if nonconformity.status == NCStatus.CLOSED:
        raise ApplicationError(_("不符合项 %(n)s 已关闭，只读。") % {"n": nonconformity.number})
    move = CA_TRANSITIONS[action.status].get(to_status)
    if move is None:
        raise TransitionRefused(
            _("纠正措施当前为“%(from)s”，不能转为“%(to)s”。")
            % {"from": action.get_status_display(), "to": C(to_status).label}
        )
    party, label = move
    if check_party:
        _check_party(party, actor, nonconformity, str(label))
    from_status, action.status = action.status, to_status
    save_with_reason(action, actor=actor, reason=f"{label}{'：' + note if note else ''}")
    record_move(nonconformity=nonconformity, corrective_action=action, actor=actor, from_status=from_status,
                to_status=to_status, label=str(label), note=note)
    return action


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
    _check_party(DEPARTMENT, actor, nonconformity, _("提交整改计划"))
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
    corrective_action_transition(action=action, to_status=C.TO_REVIEW, actor=actor, check_party=False)
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
    back = {C.TO_REVIEW: C.TO_PLAN, C.TO_VERIFY: C.IMPLEMENTING}.get(action.status)
    if back is None:
        raise TransitionRefused(_("纠正措施当前为“%(s)s”，无可退回的步骤。") % {"s": action.get_status_display()})
    corrective_action_transition(action=action, to_status=back, actor=actor, note=note)
    notify_department(action.nonconformity, verb="corrective_action", message=_(
        "%(n)s 的纠正措施被退回：%(r)s") % {"n": action.nonconformity.number, "r": note})
    return action


@transaction.atomic
def corrective_action_report_done(*, actor, action: CorrectiveAction, completion_note: str,
                                  upload=None) -> CorrectiveAction:
    """The department reports the action done, with its evidence."""
    action = _locked(action)
    _check_party(DEPARTMENT, actor, action.nonconformity, _("报告完成"))
    action.completion_note = _required(completion_note, "completion_note", _("请说明完成情况和证据。"))
    action.completed_on = timezone.localdate()
    corrective_action_transition(action=action, to_status=C.TO_VERIFY, actor=actor, check_party=False)
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
    if action.effectiveness_review_on and today < action.effectiveness_review_on:
        raise ApplicationError(_("有效性评价期至 %(d)s，届时才能评价。") % {"d": action.effectiveness_review_on})
    action.effectiveness_note = note
    to_status = C.EFFECTIVE if effective else C.INEFFECTIVE
    corrective_action_transition(action=action, to_status=to_status, actor=actor, note=note)
    nonconformity = Nonconformity.objects.select_for_update().get(pk=action.nonconformity_id)
    if effective:
        nonconformity.status, nonconformity.closed_on = NCStatus.CLOSED, today
        save_with_reason(nonconformity, actor=actor, reason=_("纠正措施有效，关闭"))
        record_move(nonconformity=nonconformity, actor=actor, from_status=NCStatus.OPEN,
                    to_status=NCStatus.CLOSED, label=_("关闭"), note=note)
    else:
        open_round(nonconformity=nonconformity, actor=actor, start=today)
        notify_department(nonconformity, verb="corrective_action", message=_(
            "%(n)s 的纠正措施评价为无效，请重新分析原因并提交计划。") % {"n": nonconformity.number})
    return action
