"""Who may do what in evaluation and improvement. Every view and export asks these predicates.

Complainants' personal data (name, phone, other contact) is seen only by the roles that handle
complaints: the standardization office (标准化办公室, which runs complaint handling), management
(管理层, who answer for it), and the head (部门负责人) of the department the complaint concerns.
Everyone else (auditors, system administrators, staff, heads of other departments), and every
export made for them, sees it masked: `can_see_complainant` is the one rule."""

from qms.org.models import Role
from qms.org.roles import has_role, is_department_head


def can_manage_evaluation(user) -> bool:
    """Enter and import ratings, run surveys, configure criteria, holidays, compute scorecards."""
    return has_role(user, Role.OFFICE)


def can_record_complaint(user) -> bool:
    """Intake: the office, management, and department heads (the complaint may come in at their window)."""
    return has_role(user, Role.OFFICE, Role.MANAGER, Role.DEPARTMENT_HEAD)


def _heads_department(user, complaint) -> bool:
    return (is_department_head(user) and user.department_id is not None
            and user.department_id == complaint.department_id)


def can_handle_complaint(user, complaint) -> bool:
    """Investigate and reply: the office, or the head of the department concerned."""
    return has_role(user, Role.OFFICE) or _heads_department(user, complaint)


def can_see_complainant(user, complaint) -> bool:
    """Office, management, and the head of the department the complaint concerns."""
    return has_role(user, Role.OFFICE, Role.MANAGER) or _heads_department(user, complaint)


def can_raise_nonconformity_from_complaint(user) -> bool:
    return has_role(user, Role.OFFICE)


def can_edit_review(user) -> bool:
    """Plan a management review, record minutes, decisions and actions, verify actions."""
    return has_role(user, Role.OFFICE, Role.MANAGER)


def can_write_department_input(user, department) -> bool:
    return can_edit_review(user) or (is_department_head(user) and user.department_id == getattr(department, "pk", None))


def can_complete_action(user, action) -> bool:
    return action.owner_id == getattr(user, "pk", None) or can_edit_review(user)


def can_enter_ratings(user) -> bool:
    """Enter ratings at the window: the office, or a department head (for their own window)."""
    return has_role(user, Role.OFFICE, Role.DEPARTMENT_HEAD)


def can_view_staff_assessment(user) -> bool:
    """Staff scores are personal: the office, management and department heads."""
    return has_role(user, Role.OFFICE, Role.MANAGER, Role.DEPARTMENT_HEAD)
