"""Who may do what with standards. Everyone logged in reads; the office edits; reviewers
sign off, managers approve, and nobody signs off an edition they drafted."""

from qms.org.models import Role
from qms.org.roles import has_role


def can_edit_standards(user) -> bool:
    return has_role(user, Role.OFFICE)


def can_view_standards(user) -> bool:
    return bool(getattr(user, "is_authenticated", False))


def is_drafter(user, edition) -> bool:
    """The sign-off rule: whoever created the edition or replaced its text never reviews or
    approves it (the four-eyes principle)."""
    pk = getattr(user, "pk", None)
    return pk is not None and (pk == edition.created_by_id or pk in (edition.text_authors or []))


def can_review_edition(user, edition) -> bool:
    """The named reviewer if the edition has one; otherwise any manager or office member who
    did not draft it."""
    if not getattr(user, "is_authenticated", False) or is_drafter(user, edition):
        return False
    if edition.reviewer_id:
        return edition.reviewer_id == user.pk
    return has_role(user, Role.MANAGER, Role.OFFICE)


def can_approve_edition(user, edition) -> bool:
    """A manager who did not draft the edition."""
    return has_role(user, Role.MANAGER) and not is_drafter(user, edition)


def can_record_checks(user) -> bool:
    """Implementation checks are made by the office and the internal auditors."""
    return has_role(user, Role.OFFICE, Role.AUDITOR)


def sees_all_checks(user) -> bool:
    return has_role(user, Role.OFFICE, Role.AUDITOR, Role.MANAGER)


def can_view_check(user, check) -> bool:
    """A check and its evidence files follow the rule of nonconformities and their attachments
    (the one rule for every stored file: whoever may read the record may read its files): the
    office, auditors and managers see every department's; a department head sees their own."""
    return sees_all_checks(user) or (
        has_role(user, Role.DEPARTMENT_HEAD) and check.department_id is not None
        and getattr(user, "department_id", None) == check.department_id)


def can_comment(user, consultation) -> bool:
    """The people and departments asked, and the office."""
    if has_role(user, Role.OFFICE):
        return True
    if consultation.people.filter(pk=user.pk).exists():
        return True
    return user.department_id is not None and consultation.departments.filter(pk=user.department_id).exists()


def can_replace_document(user, edition) -> bool:
    """The office replaces the text of an edition that is not yet published."""
    return can_edit_standards(user) and edition.status in (
        "draft", "consultation", "review", "pending_approval", "approved")


def can_view_all_training(user) -> bool:
    """Every person's training file and the external-training register: the office and management."""
    return has_role(user, Role.OFFICE, Role.MANAGER)


def can_view_training_file(user, person) -> bool:
    """个人培训档案: the person, the office and management, and the head of the person's department."""
    if not getattr(user, "is_authenticated", False):
        return False
    if user.pk == person.pk or can_view_all_training(user):
        return True
    return (has_role(user, Role.DEPARTMENT_HEAD) and user.department_id is not None
            and user.department_id == person.department_id)
