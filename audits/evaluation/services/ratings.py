"""Ratings entered at the window (one finished case, one rating)."""

import datetime as dt

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from qms.core.errors import ApplicationError, PermissionRefused
from qms.org.models import Role
from qms.org.roles import has_role

from ..models import Grade, Rating


def _may_rate_for(actor, department) -> bool:
    return has_role(actor, Role.OFFICE) or (
        has_role(actor, Role.DEPARTMENT_HEAD) and actor.department_id == getattr(department, "pk", None))


@transaction.atomic
def rating_create(*, actor, case_number: str, department, grade: str, rated_on: dt.date | None = None,
                  item_name: str = "", staff=None, staff_name: str = "", reason: str = "",
                  finished_on_time: bool | None = None) -> Rating:
    """Record the applicant's rating of one finished case. A case is rated once."""
    if not _may_rate_for(actor, department):
        raise PermissionRefused(_("只有标准化办公室或本窗口负责人可以录入评价。"))
    case_number = (case_number or "").strip()
    if not case_number:
        raise ApplicationError(_("请填写办件编号。"), field="case_number")
    if grade not in Grade.values:
        raise ApplicationError(_("评价结果无效。"), field="grade")
    if Rating.objects.filter(case_number=case_number).exists():
        raise ApplicationError(_("办件 %(n)s 已有评价，一件一评，不能重复录入。") % {"n": case_number},
                               field="case_number")
    rating = Rating(case_number=case_number, department=department, grade=grade,
                    rated_on=rated_on or timezone.localdate(), item_name=item_name.strip(), staff=staff,
                    staff_name=staff_name.strip() or (staff.display_name if staff else ""),
                    reason=reason.strip(), finished_on_time=finished_on_time, source=Rating.Source.WINDOW,
                    created_by=actor)
    rating.full_clean()
    rating.save()
    return rating
