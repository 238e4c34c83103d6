"""Raising a nonconformity from a 不符合 implementation check (standards' 标准实施检查)."""

from django.db import transaction
from django.utils.translation import gettext as _

from qms.core.errors import ApplicationError
from standards.models import ImplementationCheck
from standards.services import implementation_check_link_nonconformity

from ..models import Grade, Nonconformity, Source
from .nonconformities import nonconformity_raise


@transaction.atomic
def nonconformity_raise_from_check(*, actor, check: ImplementationCheck, grade: str = Grade.MINOR) -> Nonconformity:
    """One step: the check's department, standard and notes become a nonconformity (source:
    implementation check), and the check records the nonconformity's number."""
    check = ImplementationCheck.objects.select_related("standard", "department").get(pk=check.pk)
    if not check.needs_nonconformity:
        raise ApplicationError(_("该检查不需要或已开具不符合项。"))
    nonconformity = nonconformity_raise(
        actor=actor, department=check.department, standard=check.standard,
        description=check.notes or _("标准实施检查结果为不符合：%(s)s") % {"s": check.standard.name},
        evidence=_("实施检查 %(d)s，检查人 %(c)s") % {"d": check.checked_on, "c": check.checker},
        grade=grade, source=Source.IMPLEMENTATION_CHECK, source_ref=f"实施检查#{check.pk}",
    )
    implementation_check_link_nonconformity(actor=actor, check=check, reference=nonconformity.number)
    return nonconformity
