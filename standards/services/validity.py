"""Validity of adopted standards (标准有效性确认): set a status by hand, record a confirmation,
and act on a standard found replaced or abolished: adopt the replacement (a new edition that
supersedes the old one) or withdraw it from the system with a reason."""

import datetime as dt

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from qms.core.errors import ApplicationError, PermissionRefused
from qms.core.history import save_with_reason

from ..models import (
    AdoptedStatus,
    EditionStatus,
    ExternalState,
    Origin,
    Standard,
    StandardStatus,
    ValidityConfirmation,
    ValidityFinding,
)
from ..numbers import number_key
from ..permissions import can_edit_standards
from .editions import edition_create, edition_publish, edition_withdraw
from .standards import standard_update


def _require_office(actor):
    if not can_edit_standards(actor):
        raise PermissionRefused(_("只有标准化办公室可以确认采用标准的有效性。"))


def _in_force_adopted(standard: Standard):
    if standard.origin != Origin.ADOPTED:
        raise ApplicationError(_("%(n)s 是自制标准：自制标准由复审确认，不做有效性确认。") % {"n": standard.number})
    edition = standard.editions.filter(status=EditionStatus.IN_FORCE).order_by().first()  # one at most
    if edition is None:
        raise ApplicationError(_("%(n)s 没有现行版本。") % {"n": standard.number or standard.name})
    return edition


@transaction.atomic
def adopted_status_set(*, actor, standard: Standard, state: str, effective_on: dt.date | None = None,
                       ends_on: dt.date | None = None, replaced_by: str = "", source: str = "",
                       confirmed_on: dt.date | None = None) -> AdoptedStatus:
    """Record what the outside world says of an adopted standard's number now."""
    _require_office(actor)
    if standard.origin != Origin.ADOPTED:
        raise ApplicationError(_("只有采用的国家、行业、地方或团体标准有外部状态。"))
    if state == ExternalState.REPLACED and not replaced_by.strip():
        raise ApplicationError(_("被代替的标准须写明代替标准号。"), field="replaced_by")
    status = AdoptedStatus.objects.filter(standard=standard).first() or AdoptedStatus(standard=standard)
    status.number, status.state = standard.number, state
    status.effective_on, status.ends_on = effective_on or status.effective_on, ends_on
    status.replaced_by = replaced_by.strip() if state == ExternalState.REPLACED else ""
    status.source = source or _("手工登记")
    status.confirmed_on, status.confirmed_by = confirmed_on or timezone.localdate(), actor
    return save_with_reason(status, actor=actor, reason=status.source)


@transaction.atomic
def validity_confirmation_record(*, actor, confirmed_on: dt.date, source: str, outcomes: dict,
                                 notes: str = "") -> ValidityConfirmation:
    """One 有效性确认: `outcomes` maps each adopted standard checked to its state (and, for a
    replaced one, a (state, replaced_by) pair). Each standard's status is set from its outcome."""
    _require_office(actor)
    if not outcomes:
        raise ApplicationError(_("请至少确认一项采用标准。"))
    if confirmed_on > timezone.localdate():
        raise ApplicationError(_("确认日期不能晚于今天。"), field="confirmed_on")
    confirmation = save_with_reason(
        ValidityConfirmation(confirmed_on=confirmed_on, confirmed_by=actor, source=source.strip(), notes=notes),
        actor=actor, reason=_("标准有效性确认"))
    for standard, outcome in outcomes.items():
        state, replaced_by = outcome if isinstance(outcome, tuple) else (outcome, "")
        status = adopted_status_set(actor=actor, standard=standard, state=state, replaced_by=replaced_by,
                                    source=_("有效性确认 %(d)s") % {"d": confirmed_on.isoformat()},
                                    confirmed_on=confirmed_on,
                                    ends_on=getattr(getattr(standard, "adopted_status", None), "ends_on", None))
        ValidityFinding.objects.create(confirmation=confirmation, standard=standard, number=standard.number,
                                       state=state, replaced_by=status.replaced_by, ends_on=status.ends_on)
    return confirmation


@transaction.atomic
def adopted_standard_replace(*, actor, standard: Standard, number: str = "", name: str = "",
                             effective_on: dt.date | None = None) -> Standard:
    """Adopt the standard that replaces this one: a new edition (the replacement's number and
    name) put in force, superseding the old edition (recorded as a supersession: 被 … 代替)."""
    _require_office(actor)
    old = _in_force_adopted(standard)
    status = AdoptedStatus.objects.filter(standard=standard).first()
    number = (number or (status.replaced_by if status else "")).strip()
    if not number:
        raise ApplicationError(_("请填写代替标准号。"), field="number")
    if number_key(number) == number_key(old.number):
        raise ApplicationError(_("代替标准号与现行版本相同。"), field="number")
    effective_on = effective_on or (status.ends_on if status else None) or timezone.localdate()
    reason = _("采用代替标准 %(new)s（代替 %(old)s）") % {"new": number, "old": old.number}
    edition = edition_create(actor=actor, standard=standard, number=number, title=name or standard.name,
                             replaces=old.number, published_on=effective_on, effective_on=effective_on,
                             reason=reason)
    edition_publish(actor=actor, edition=edition, effective_on=effective_on, published_on=effective_on, note=reason)
    standard = Standard.objects.get(pk=standard.pk)
    if name and name != standard.name:
        standard = standard_update(actor=actor, standard=standard, expected_version=standard.version, name=name,
                                   reason=reason)
    adopted_status_set(actor=actor, standard=standard, state=ExternalState.CURRENT, effective_on=effective_on,
                       source=reason)
    return standard


@transaction.atomic
def adopted_standard_withdraw(*, actor, standard: Standard, reason: str,
                              withdrawn_on: dt.date | None = None) -> Standard:
    """Withdraw an adopted standard from the system (its edition in force is 废止) with a reason."""
    _require_office(actor)
    if not (reason or "").strip():
        raise ApplicationError(_("撤出体系必须填写原因。"), field="reason")
    edition = _in_force_adopted(standard)
    status = AdoptedStatus.objects.filter(standard=standard).first()
    withdrawn_on = withdrawn_on or (status.ends_on if status and status.ends_on else None) or timezone.localdate()
    edition_withdraw(actor=actor, edition=edition, reason=reason.strip(), withdrawn_on=withdrawn_on)
    standard = Standard.objects.get(pk=standard.pk)
    if standard.status != StandardStatus.WITHDRAWN:
        raise ApplicationError(_("%(n)s 仍有未完结的版本，未能撤出体系。") % {"n": standard.number})
    return standard
