"""Who may do what with audits and nonconformities. Every view and service asks these.

- Auditors (内审员) create and run audits and raise nonconformities, accept plans and verify.
- Department heads (部门负责人) see and answer only their own department's nonconformities.
- Managers (管理层) and the standardization office (标准化办公室) read everything; the office
  and managers may also record nonconformities from sources other than an audit
  (complaints, implementation checks, management review)."""

from qms.org.models import Role
from qms.org.roles import has_role

from .models import Source

AUDIT_SOURCES = {Source.INTERNAL_AUDIT, Source.EXTERNAL_AUDIT}


def can_view_audits(user) -> bool:
    return has_role(user, Role.AUDITOR, Role.MANAGER, Role.OFFICE)


def can_manage_audits(user) -> bool:
    """Create, edit, run audits and programmes."""
    return has_role(user, Role.AUDITOR)


def can_edit_programme(user) -> bool:
    return has_role(user, Role.AUDITOR, Role.OFFICE)


def can_view_nonconformities(user) -> bool:
    """May open the nonconformity pages at all (heads see only their own department's)."""
    return has_role(user, Role.AUDITOR, Role.MANAGER, Role.OFFICE, Role.DEPARTMENT_HEAD)


def can_raise_nonconformity(user, source: str = Source.INTERNAL_AUDIT) -> bool:
    if has_role(user, Role.AUDITOR):
        return True
    return source not in AUDIT_SOURCES and has_role(user, Role.OFFICE, Role.MANAGER)


def sees_all_nonconformities(user) -> bool:
    return has_role(user, Role.AUDITOR, Role.MANAGER, Role.OFFICE)


def is_head_of(user, department_id) -> bool:
    """A department head of exactly this department."""
    return (has_role(user, Role.DEPARTMENT_HEAD) and department_id is not None
            and getattr(user, "department_id", None) == department_id)


def can_view_nonconformity(user, nonconformity) -> bool:
    return sees_all_nonconformities(user) or is_head_of(user, nonconformity.department_id)


def can_answer_nonconformity(user, nonconformity) -> bool:
    """Acknowledge, propose the plan, report it done: the head of the NC's department."""
    return is_head_of(user, nonconformity.department_id)


def can_judge_nonconformity(user, nonconformity) -> bool:
    """Accept plans, verify, judge effectiveness, reopen: an auditor from another department."""
    return has_role(user, Role.AUDITOR) and getattr(user, "department_id", None) != nonconformity.department_id


def can_record_improvement(user) -> bool:
    """Enter and edit the continual-improvement register: the office and management."""
    return has_role(user, Role.OFFICE, Role.MANAGER)


def can_complete_improvement(user, improvement) -> bool:
    """Report an improvement done: its owner, or the office and management."""
    return improvement.owner_id == getattr(user, "pk", None) or can_record_improvement(user)


def can_manage_auditors(user) -> bool:
    """Keep the register of internal auditors (内审员名册): the office and auditors (never one's own
    record, see `audits.services.auditors`)."""
    return has_role(user, Role.OFFICE, Role.AUDITOR)


def can_manage_audit_points(user) -> bool:
    """Write the audit-point library (审核要点): auditors and the office."""
    return has_role(user, Role.AUDITOR, Role.OFFICE)
