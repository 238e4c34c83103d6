"""Change requests: proposing a change to a standard in force."""

from django.db import transaction
from django.utils.translation import gettext as _

from qms.core.errors import ApplicationError
from qms.core.history import save_with_reason

from ..models import ChangeRequest, Standard, StandardStatus


@transaction.atomic
def change_request_create(*, actor, standard: Standard, reason: str, clause: str = "", proposal: str = "",
                          source: str = ChangeRequest.Source.PROPOSAL) -> ChangeRequest:
    """Anyone logged in may propose a change to a standard in force."""
    if standard.status != StandardStatus.IN_FORCE:
        raise ApplicationError(_("只能对现行标准提出修订申请。"), field="standard")
    if not (reason or "").strip():
        raise ApplicationError(_("请填写修订理由。"), field="reason")
    request = ChangeRequest(standard=standard, reason=reason.strip(), clause=clause, proposal=proposal,
                            source=source, requested_by=actor)
    return save_with_reason(request, actor=actor, reason=_("提出修订申请"))
