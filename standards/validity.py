"""Pure rules about an adopted standard's external status (no database)."""

import datetime as dt

from django.utils.translation import gettext as _

from .models import ExternalState
from .numbers import number_key


def obsolete_note(*, state: str, ends_on: dt.date | None, replaced_by: str, today: dt.date) -> str:
    """The warning shown wherever a replaced or abolished standard appears, e.g.
    '已于 2023-03-17 废止，由 GB/T 24421.2-2023 代替'; '' for a standard still current."""
    if state not in (ExternalState.REPLACED, ExternalState.ABOLISHED):
        return ""
    if ends_on is None:
        text = _("已废止")
    elif ends_on > today:
        text = _("将于 %(d)s 废止") % {"d": ends_on.isoformat()}
    else:
        text = _("已于 %(d)s 废止") % {"d": ends_on.isoformat()}
    if state == ExternalState.REPLACED and replaced_by:
        text += _("，由 %(n)s 代替") % {"n": replaced_by}
    return text


def status_applies(status_number: str, standard_number: str) -> bool:
    """A status speaks of one number: after the replacement is adopted it no longer applies."""
    return bool(status_number) and number_key(status_number) == number_key(standard_number)
