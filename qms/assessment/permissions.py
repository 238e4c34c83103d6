"""Who may do what with scoring sheets, self-assessments and the dossier.

The office and management score and edit; auditors read; everyone logged in sees the dashboard."""

from qms.org.models import Role
from qms.org.roles import has_role


def can_edit_assessment(user) -> bool:
    return has_role(user, Role.OFFICE, Role.MANAGER)


def can_view_assessment(user) -> bool:
    return has_role(user, Role.OFFICE, Role.MANAGER, Role.AUDITOR, Role.ADMIN)
