"""The annual audit programme."""

from django.db import transaction
from django.utils.translation import gettext as _

from qms.core.errors import ApplicationError, PermissionRefused
from qms.core.history import save_with_reason

from ..models import AuditProgramme
from ..permissions import can_edit_programme

PROGRAMME_FIELDS = ("title", "objectives", "frequency_note")


def _require(actor):
    if not can_edit_programme(actor):
        raise PermissionRefused(_("只有内审员或标准化办公室可以编制年度内审方案。"))


@transaction.atomic
def programme_create(*, actor, year: int, title: str = "", objectives: str = "",
                     frequency_note: str = "") -> AuditProgramme:
    _require(actor)
    if AuditProgramme.objects.filter(year=year).exists():
        raise ApplicationError(_("%(year)s 年度的内审方案已存在。") % {"year": year}, field="year")
    programme = AuditProgramme(year=year, title=title.strip() or _("%(year)s 年度内部审核方案") % {"year": year},
                               objectives=objectives, frequency_note=frequency_note, created_by=actor)
    return save_with_reason(programme, actor=actor, reason=_("编制年度内审方案"))


@transaction.atomic
def programme_update(*, actor, programme: AuditProgramme, reason: str = "", **fields) -> AuditProgramme:
    _require(actor)
    unknown = set(fields) - set(PROGRAMME_FIELDS)
    if unknown:
        raise ApplicationError(_("不能修改字段：%(f)s") % {"f": ", ".join(sorted(unknown))})
    programme = AuditProgramme.objects.select_for_update().get(pk=programme.pk)
    for name, value in fields.items():
        setattr(programme, name, value)
    return save_with_reason(programme, actor=actor, reason=reason or _("修改年度内审方案"))
