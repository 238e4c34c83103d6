"""The workflows of standards' records, declared once: editions, consultations, change requests.

Who may make each move, on what condition, with which button: see `qms.core.workflow`. The
services call `transition()`; the pages show `Workflow.buttons()`; the views check
`Workflow.allows()`."""

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from qms.core.workflow import Move, Rule, Workflow, workflow_register

from .models import ChangeRequest, Consultation, EditionStatus, Origin
from .permissions import can_approve_edition, can_edit_standards, can_review_edition

S = EditionStatus

OFFICE = Rule(lambda user, obj: can_edit_standards(user), _("只有标准化办公室可以处理标准版本。"))
REVIEWER = Rule(lambda user, edition: can_review_edition(user, edition),
                _("您不是这个版本的审核人（起草人不能审核自己起草的版本）。"))
APPROVER = Rule(lambda user, edition: can_approve_edition(user, edition),
                _("只有管理层可以批准标准，且不能批准自己起草的版本。"))


def _all(*conditions):
    """A condition that holds when each of `conditions` holds (the first refusal is given)."""
    def condition(obj, context):
        for each in conditions:
            message = each(obj, context)
            if message:
                return message
        return None
    return condition


def _raising(check):
    """A condition from a check that raises TransitionRefused (standards.services.conditions)."""
    def condition(obj, context):
        from qms.core.errors import TransitionRefused

        try:
            check(obj)
        except TransitionRefused as refusal:
            return refusal.message
        return None
    return condition


def _comments_taken_in(edition):
    from .services.conditions import comments_taken_in

    comments_taken_in(edition)


def _revision_text_changed(edition):
    from .services.conditions import revision_text_changed

    revision_text_changed(edition)


READY_FOR_REVIEW = _all(_raising(_comments_taken_in), _raising(_revision_text_changed))
TEXT_CHANGED = _raising(_revision_text_changed)


def _has_text(edition, context):
    if not (edition.text or "").strip() and not edition.document:
        return _("版本 %(n)s 还没有标准文本，请先上传文本。") % {"n": edition.number}
    return None


def _consultation_settled(edition, context):
    if edition.consultations.filter(status="open").exists():
        return _("征求意见尚未结束，请先处理全部意见并结束征求意见。")
    return None


def _review_signed(edition, context):
    from .models import SignOff
    from .services.signoffs import signoffs_valid

    if not signoffs_valid(edition, SignOff.Kind.REVIEW):
        return _("没有有效的审核签署（文本在审核后已更改），请先重新审核。")
    return None


def _publishable(edition, context):
    from .models import SignOff
    from .services.signoffs import signoffs_valid

    for kind in (SignOff.Kind.REVIEW, SignOff.Kind.APPROVAL):
        if not signoffs_valid(edition, kind):
            return _("版本 %(n)s 的审核或批准签署已失效，需重新签署后才能发布。") % {"n": edition.number}
    today = context.get("today") or timezone.localdate()
    if edition.effective_on and edition.effective_on > today:
        return _("%(n)s 的实施日期为 %(d)s，届时系统将自动发布。") % {
            "n": edition.number, "d": edition.effective_on.isoformat()}
    return None


def _registrable(edition, context):
    """Draft straight to in force: adopted external standards, or with a named exemption."""
    if edition.standard.origin != Origin.ADOPTED and not context.get("exempt_reason"):
        return _("自制标准须经审核、批准（已批准）后才能发布；%(n)s 当前为“%(s)s”。") % {
            "n": edition.number, "s": edition.get_status_display()}
    return None


def _superseding(edition, context):
    if not context.get("superseded_by"):
        return _("现行版本只在新版本发布时被代替。")
    return None


EDITION_WORKFLOW = workflow_register(Workflow(
    key="edition", label=_("标准版本"), model="standards.Edition", statuses=S,
    describe=lambda edition: str(_("版本 %(n)s") % {"n": edition.number}),
    moves=(
        Move("consult", (S.DRAFT,), S.CONSULTATION, _("发起征求意见"), OFFICE, _has_text,
             view="consultation-open", style="primary"),
        Move("submit", (S.DRAFT,), S.REVIEW, _("直接提交审核"), OFFICE, _all(_has_text, READY_FOR_REVIEW),
             view="edition-submit"),
        Move("register", (S.DRAFT,), S.IN_FORCE, _("登记为现行"), OFFICE, _registrable,
             view="edition-publish", style="success", method="post", help=_("采用的外部标准无需中心内部审批，直接登记。")),
        Move("consultation_done", (S.CONSULTATION,), S.REVIEW, _("结束征求意见并提交审核"), OFFICE,
             _all(_consultation_settled, READY_FOR_REVIEW), button=False),
        Move("sign_review", (S.REVIEW,), S.PENDING_APPROVAL, _("审核签署"), REVIEWER, TEXT_CHANGED,
             view="edition-review", style="primary"),
        Move("review_return", (S.REVIEW,), S.DRAFT, _("审核退回"), REVIEWER, reason_required=True, button=False,
             view="edition-review"),
        Move("approve", (S.PENDING_APPROVAL,), S.APPROVED, _("批准"), APPROVER, _all(_review_signed, TEXT_CHANGED),
             view="edition-approve", style="primary"),
        Move("approval_return", (S.PENDING_APPROVAL,), S.DRAFT, _("批准退回"), APPROVER, reason_required=True,
             button=False, view="edition-approve"),
        Move("recall_review", (S.PENDING_APPROVAL, S.APPROVED), S.REVIEW, _("文本更改，重新审核"), OFFICE,
             button=False),
        Move("publish", (S.APPROVED,), S.IN_FORCE, _("发布实施"), OFFICE, _publishable, view="edition-publish",
             style="success", system=True, method="post"),
        Move("return", (S.CONSULTATION, S.REVIEW, S.PENDING_APPROVAL, S.APPROVED), S.DRAFT, _("退回修改"),
             OFFICE, reason_required=True, view="edition-return", style="outline-danger"),
        Move("supersede", (S.IN_FORCE,), S.SUPERSEDED, _("被新版本代替"), OFFICE, _superseding, button=False,
             system=True),
        Move("withdraw", (S.DRAFT, S.IN_FORCE), S.WITHDRAWN, _("废止"), OFFICE, reason_required=True,
             view="edition-withdraw", style="outline-danger"),
    ),
))

def _comments_disposed(consultation, context):
    open_seqs = list(consultation.comments.filter(disposition="", no_objection=False)
                     .values_list("seq", flat=True))
    if open_seqs:
        return _("还有 %(n)d 条意见未处理（序号 %(seqs)s），不能结束征求意见。") % {
            "n": len(open_seqs), "seqs": "、".join(str(s) for s in open_seqs)}
    return None


def _closable_now(consultation):
    """Before the deadline only when everyone asked has answered (the record says which)."""
    from .services.consultations import consultation_close_basis

    consultation_close_basis(consultation)


CONSULTATION_WORKFLOW = workflow_register(Workflow(
    key="consultation", label=_("征求意见"), model="standards.Consultation", statuses=Consultation.Status,
    describe=lambda c: str(_("征求意见（%(n)s）") % {"n": c.edition.number}),
    moves=(
        Move("close", (Consultation.Status.OPEN,), Consultation.Status.CLOSED, _("结束征求意见"),
             Rule(lambda user, obj: can_edit_standards(user), _("只有标准化办公室可以结束征求意见。")),
             _all(_comments_disposed, _raising(_closable_now)), button=False),  # the close form on the page
        Move("abort", (Consultation.Status.OPEN,), Consultation.Status.CLOSED, _("中止征求意见"),
             Rule(lambda user, obj: can_edit_standards(user), _("只有标准化办公室可以中止征求意见。")),
             reason_required=True, button=False),
    ),
))

_CR = ChangeRequest.Status
CR_OFFICE = Rule(lambda user, obj: can_edit_standards(user), _("只有标准化办公室可以处理修订申请。"))
CHANGE_REQUEST_WORKFLOW = workflow_register(Workflow(
    key="change_request", label=_("修订申请"), model="standards.ChangeRequest", statuses=_CR,
    describe=lambda r: str(_("%(c)s 的修订申请") % {"c": r.standard.code}),
    moves=(
        Move("accept", (_CR.OPEN,), _CR.ACCEPTED, _("受理并启动修订"), CR_OFFICE, view="change-request-decide",
             style="primary"),
        Move("decline", (_CR.OPEN,), _CR.DECLINED, _("不予采纳"), CR_OFFICE, reason_required=True,
             view="change-request-decide", style="outline-danger"),
    ),
))
