"""Writes for the organisation: role groups and their permissions."""

from django.apps import apps
from django.contrib.auth.models import Group, Permission
from django.db import transaction

from .models import ROLE_GROUP_NAMES, Role


def role_permissions() -> dict[str, set[str]]:
    """Collect `role_permissions` ({Role: ["app_label.codename", ...]}) declared by every AppConfig."""
    wanted: dict[str, set[str]] = {role: set() for role in Role}
    for config in apps.get_app_configs():
        for role, perms in getattr(config, "role_permissions", {}).items():
            wanted[role].update(perms)
    return wanted


@transaction.atomic
def roles_sync() -> None:
    """Create one group per role and give it exactly the permissions the apps declare (the
    permission rows read in one query; a permission not in the database yet is left out)."""
    wanted = role_permissions()
    names = {name for perms in wanted.values() for name in perms}
    found = {f"{app_label}.{codename}": pk for pk, app_label, codename in Permission.objects.filter(
        codename__in={name.split(".", 1)[1] for name in names}).values_list("pk", "content_type__app_label", "codename")}
    for role, perms in wanted.items():
        group, _ = Group.objects.get_or_create(name=ROLE_GROUP_NAMES[role])
        group.permissions.set([found[name] for name in sorted(perms) if name in found])


def user_set_roles(*, user, roles: list[str]) -> None:
    groups = Group.objects.filter(name__in=[ROLE_GROUP_NAMES[r] for r in roles])
    user.groups.set(groups)
    user.__dict__.pop("_qms_roles", None)
