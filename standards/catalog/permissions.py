"""Who may do what in the catalogue. Everyone logged in reads. The office edits everything and
alone generates and publishes procedure standards; a department head edits the items and posts
of their own department."""

from qms.org.models import Role
from qms.org.roles import has_role


def can_edit_catalog(user) -> bool:
    """Office-wide catalogue work: import, bulk generation, facilities, any department."""
    return has_role(user, Role.OFFICE)


def can_edit_department_catalog(user, department) -> bool:
    if has_role(user, Role.OFFICE):
        return True
    return (has_role(user, Role.DEPARTMENT_HEAD) and department is not None
            and getattr(user, "department_id", None) == department.pk)


def can_publish_procedures(user) -> bool:
    return has_role(user, Role.OFFICE)


def can_issue_notice(user, item) -> bool:
    """Window staff of the item's department, and the office, give 一次性告知单."""
    if has_role(user, Role.OFFICE):
        return True
    return item is not None and getattr(user, "department_id", None) == item.department_id
