"""The leading group and its office: the bodies and their members over time. A member who leaves
is given an end date (the row stays: the history of who sat in the group)."""

import datetime as dt

from django.db import transaction
from django.utils.translation import gettext as _

from qms.core.errors import ApplicationError, PermissionRefused
from qms.core.history import save_with_reason

from ..models import Body, Membership
from ..permissions import can_edit_leadership


def require_editor(actor):
    if not can_edit_leadership(actor):
        raise PermissionRefused(_("只有管理层或标准化办公室可以维护领导小组、会议和计划。"))


@transaction.atomic
def body_save(*, actor, body: Body | None = None, kind: str, name: str, parent: Body | None = None,
              established_on: dt.date | None = None, document_number: str = "", duties: str = "",
              order: int = 0) -> Body:
    """Create or change a body (the leading group, or its office)."""
    require_editor(actor)
    if not (name or "").strip():
        raise ApplicationError(_("请填写名称。"), field="name")
    if kind == Body.Kind.OFFICE and parent is None:
        raise ApplicationError(_("办公室须属于一个领导小组。"), field="parent")
    body = body or Body()
    if parent is not None and (parent.pk == body.pk or parent.kind != Body.Kind.GROUP):
        raise ApplicationError(_("办公室只能设在领导小组之下。"), field="parent")
    body.kind, body.name, body.parent = kind, name.strip(), parent if kind == Body.Kind.OFFICE else None
    body.established_on, body.document_number = established_on, (document_number or "").strip()
    body.duties, body.order = (duties or "").strip(), order
    return save_with_reason(body, actor=actor, reason=_("修改领导机构") if body.pk else _("设立领导机构"))


@transaction.atomic
def member_add(*, actor, body: Body, role: str, term_start: dt.date, user=None, person_name: str = "",
               position: str = "", term_end: dt.date | None = None) -> Membership:
    """A person joins a body (a system user, or a person named without a login)."""
    require_editor(actor)
    person_name = (person_name or "").strip()
    if user is None and not person_name:
        raise ApplicationError(_("请选择人员或填写姓名。"), field="user")
    if term_end is not None and term_end < term_start:
        raise ApplicationError(_("任期止不能早于任期起。"), field="term_end")
    if user is not None and Membership.objects.filter(body=body, user=user, term_end__isnull=True).exists():
        raise ApplicationError(_("%(n)s 已是%(b)s的在任成员。") % {"n": user.display_name, "b": body.name}, field="user")
    member = Membership(body=body, user=user, person_name="" if user else person_name,
                        position=(position or getattr(user, "title", "") or "").strip(), role=role,
                        term_start=term_start, term_end=term_end)
    return save_with_reason(member, actor=actor, reason=_("加入%(b)s") % {"b": body.name})


@transaction.atomic
def member_leave(*, actor, member: Membership, term_end: dt.date) -> Membership:
    """A member leaves the body on `term_end` (the row stays, with its term)."""
    require_editor(actor)
    member = Membership.objects.select_for_update().get(pk=member.pk)
    if member.term_end is not None:
        raise ApplicationError(_("该成员的任期已结束。"))
    if term_end < member.term_start:
        raise ApplicationError(_("任期止不能早于任期起。"), field="term_end")
    member.term_end = term_end
    return save_with_reason(member, actor=actor, reason=_("任期结束"))


def members_current(body: Body, *, day: dt.date):
    """The members of `body` on `day`, in role order (组长 first)."""
    from ..models import MemberRole

    rank = {value: n for n, value in enumerate(MemberRole.values)}
    members = [m for m in body.memberships.select_related("user", "user__department") if m.current(day)]
    return sorted(members, key=lambda m: (rank.get(m.role, 99), m.term_start, m.pk))
