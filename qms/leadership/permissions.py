"""Who may do what with the leading group, its meetings and the plans. Every view asks these."""

from qms.org.models import Role
from qms.org.roles import has_role, is_department_head


def can_edit_leadership(user) -> bool:
    """Keep the bodies and their members, record meetings and decisions, keep the plans and their
    targets, verify decisions: the standardization office and management."""
    return has_role(user, Role.OFFICE, Role.MANAGER)


def can_complete_decision(user, decision) -> bool:
    """Report a decision carried out: its owner, the office or management."""
    return decision.owner_id == getattr(user, "pk", None) or can_edit_leadership(user)


def can_update_task(user, task) -> bool:
    """Move a plan task on: the office, management, or the head of the task's department."""
    return can_edit_leadership(user) or (
        is_department_head(user) and task.department_id is not None and user.department_id == task.department_id)
