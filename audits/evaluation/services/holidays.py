"""The office's holiday table (for working-day deadlines)."""

import datetime as dt

from django.db import transaction
from django.utils.translation import gettext as _

from qms.core.errors import ApplicationError, PermissionRefused
from qms.core.history import save_with_reason

from ..models import Holiday
from ..permissions import can_manage_evaluation


@transaction.atomic
def holiday_save(*, actor, date: dt.date, name: str, kind: str = Holiday.Kind.OFF) -> Holiday:
    """Add or change the exception for `date` (a weekday off, or a weekend day worked)."""
    if not can_manage_evaluation(actor):
        raise PermissionRefused(_("只有标准化办公室可以维护节假日。"))
    if not (name or "").strip():
        raise ApplicationError(_("请填写名称，如“国庆节”。"), field="name")
    if kind not in Holiday.Kind.values:
        raise ApplicationError(_("类别无效。"), field="kind")
    holiday = Holiday.objects.filter(date=date).first() or Holiday(date=date)
    holiday.name, holiday.kind = name.strip(), kind
    return save_with_reason(holiday, actor=actor, reason=_("维护节假日"))


@transaction.atomic
def holiday_delete(*, actor, holiday: Holiday) -> None:
    if not can_manage_evaluation(actor):
        raise PermissionRefused(_("只有标准化办公室可以维护节假日。"))
    holiday._change_reason = _("删除节假日")
    holiday._history_user = actor
    holiday.delete()
