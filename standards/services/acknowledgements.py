"""Acknowledgements (学习确认): on publication everyone in the standard's applicable departments
is asked to confirm they have read and understood the edition."""

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from qms.core.errors import PermissionRefused, TransitionRefused
from qms.core.history import save_with_reason
from qms.core.notifications import notification_send

from ..models import Acknowledgement, Edition, EditionStatus
from ..selectors.people import department_users


def acknowledgements_request(*, edition: Edition, actor=None) -> list[Acknowledgement]:
    """Ask every active person of the standard's applicable departments to acknowledge the
    edition (once per person), and notify them. Called by publication."""
    department_ids = list(edition.standard.applicable_departments.values_list("pk", flat=True))
    already = set(edition.acknowledgements.values_list("user_id", flat=True))
    people = [u for u in department_users(department_ids) if u.pk not in already]
    if not people:
        return []
    rows = bulk_create_with_history(
        [Acknowledgement(edition=edition, user=u, department_id=u.department_id) for u in people],
        Acknowledgement, default_user=actor, default_change_reason=_("发布后要求学习确认"),
    )
    notification_send(
        recipients=people, verb="acknowledge",
        message=_("%(n)s《%(t)s》已发布实施，请学习并确认已阅知悉。") % {"n": edition.number, "t": edition.title},
        url=reverse("acknowledgement-list"),
    )
    return rows


@transaction.atomic
def acknowledgement_confirm(*, actor, acknowledgement: Acknowledgement) -> Acknowledgement:
    """The person confirms they have read and understood the edition (only their own)."""
    ack = Acknowledgement.objects.select_for_update().select_related("edition").get(pk=acknowledgement.pk)
    if ack.user_id != actor.pk:
        raise PermissionRefused(_("只能确认本人的学习记录。"))
    if ack.edition.status != EditionStatus.IN_FORCE:
        raise TransitionRefused(_("%(n)s 已不是现行版本，无需确认。") % {"n": ack.edition.number})
    if ack.acknowledged_at is None:
        ack.acknowledged_at = timezone.now()
        save_with_reason(ack, actor=actor, reason=_("已阅知悉"))
    return ack
