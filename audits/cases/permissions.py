"""Who may do what with cases. The figures are open to every signed-in user."""

from qms.org.models import Role
from qms.org.roles import has_role


def can_import_cases(user) -> bool:
    """Import the hall system's case export: the standardization office."""
    return has_role(user, Role.OFFICE)
