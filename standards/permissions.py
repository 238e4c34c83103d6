"""Who may do what with standards. Everyone logged in reads; the office edits."""

from qms.org.models import Role
from qms.org.roles import has_role


def can_edit_standards(user) -> bool:
    return has_role(user, Role.OFFICE)


def can_view_standards(user) -> bool:
    return bool(getattr(user, "is_authenticated", False))
