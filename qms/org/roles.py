"""Role predicates. Access rules elsewhere are built from these, never from group names."""

from .models import ROLE_GROUP_NAMES, Role


def user_roles(user) -> frozenset[str]:
    """The set of `Role` values the user holds (cached on the user object for the request)."""
    if not getattr(user, "is_authenticated", False):
        return frozenset()
    cached = getattr(user, "_qms_roles", None)
    if cached is None:
        names = set(user.groups.values_list("name", flat=True))
        cached = frozenset(role for role, name in ROLE_GROUP_NAMES.items() if name in names)
        user._qms_roles = cached
    return cached


def has_role(user, *roles: str) -> bool:
    if getattr(user, "is_superuser", False):
        return True
    return bool(user_roles(user) & set(roles))


def is_office(user) -> bool:
    return has_role(user, Role.OFFICE)


def is_department_head(user) -> bool:
    return has_role(user, Role.DEPARTMENT_HEAD)
