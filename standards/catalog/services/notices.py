"""一次性告知单 given at the window: each issue is recorded (编号 GZ-YYYY-NNNN) with the applicant,
the state of every material of the item (已提交 / 需补正 and what is wrong) and the deadline for
补正 when something is missing."""

import datetime as dt

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from qms.core.errors import ApplicationError, PermissionRefused
from qms.core.history import save_with_reason
from qms.core.numbering import number_next

from ..models import NoticeIssue, ServiceItem
from ..permissions import can_issue_notice


def _checked_materials(item: ServiceItem, materials: list[dict]) -> list[dict]:
    names = [m.name for m in item.materials.all()]
    if [m.get("name") for m in materials] != names:
        raise ApplicationError(_("材料清单与事项不一致，请刷新页面后重新填写。"))
    checked = []
    for index, material in enumerate(materials, start=1):
        submitted, problem = bool(material.get("submitted")), (material.get("problem") or "").strip()
        if not submitted and not problem:
            raise ApplicationError(_("第 %(n)s 项材料“%(m)s”需补正：请写明需要补正的内容。")
                                   % {"n": index, "m": material["name"]}, field=f"m{index}_problem")
        checked.append({"name": material["name"], "submitted": submitted, "problem": "" if submitted else problem})
    return checked


@transaction.atomic
def notice_issue(*, actor, item: ServiceItem, applicant: str, materials: list[dict], contact: str = "",
                 deadline: dt.date | None = None, issued_on: dt.date | None = None) -> NoticeIssue:
    """Record a 一次性告知单 given to `applicant`; `materials` are the item's materials in order,
    each {name, submitted, problem}. A deadline is required when anything needs 补正."""
    if not can_issue_notice(actor, item):
        raise PermissionRefused(_("只有本部门窗口人员或标准化办公室可以出具告知单。"))
    if not (applicant or "").strip():
        raise ApplicationError(_("请填写申请人。"), field="applicant")
    checked = _checked_materials(item, materials)
    issued_on = issued_on or timezone.localdate()
    missing = any(not m["submitted"] for m in checked)
    if missing and deadline is None:
        raise ApplicationError(_("有材料需补正，请填写补正期限。"), field="deadline")
    if deadline is not None and deadline < issued_on:
        raise ApplicationError(_("补正期限不能早于告知日期。"), field="deadline")
    issue = NoticeIssue(number=number_next(key="GZ", year=issued_on.year, width=4), item=item,
                        applicant=applicant.strip(), contact=contact.strip(), materials=checked,
                        deadline=deadline if missing else None, issued_on=issued_on, issued_by=actor)
    return save_with_reason(issue, actor=actor, reason=_("出具一次性告知单"))
