"""The moves of the leading group's decisions (决议), declared once. See `qms.core.workflow`."""

from django.utils.translation import gettext_lazy as _

from qms.core.workflow import Move, Rule, Workflow, workflow_register

from .models import DecisionStatus
from .permissions import can_complete_decision, can_edit_leadership

D = DecisionStatus

OWNER = Rule(can_complete_decision, _("只有责任人、管理层或标准化办公室可以填报决议落实情况。"))
EDITOR = Rule(lambda user, obj: can_edit_leadership(user), _("只有管理层或标准化办公室可以验证决议落实情况。"))

DECISION_WORKFLOW = workflow_register(Workflow(
    key="leadership_decision", label=_("会议决议"), model="leadership.Decision", statuses=D,
    describe=lambda d: str(_("决议“%(d)s”") % {"d": d.text[:30]}),
    moves=(
        Move("complete", (D.OPEN,), D.DONE, _("填报落实"), OWNER, reason_required=True,
             view="leadership-decision-complete", style="link"),
        Move("verify", (D.DONE,), D.CLOSED, _("验证"), EDITOR, reason_required=True,
             view="leadership-decision-verify", style="link"),  # the verify page also offers 退回 (reject)
        Move("reject", (D.DONE,), D.OPEN, _("验证未通过"), EDITOR, reason_required=True, button=False,
             view="leadership-decision-verify"),
    ),
))
