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
    """Create one group per role and give it exactly the permissions the apps declare."""
    for role, perms in role_permissions().items():
        group, _ = Group.objects.get_or_create(name=ROLE_GROUP_NAMES[role])
        objs = []
        for perm in sorted(perms):
            app_label, codename = perm.split(".", 1)
            found = Permission.objects.filter(content_type__app_label=app_label, codename=codename).first()
            if found:
                objs.append(found)
        group.permissions.set(objs)


def user_set_roles(*, user, roles: list[str]) -> None:
    groups = Group.objects.filter(name__in=[ROLE_GROUP_NAMES[r] for r in roles])
    user.groups.set(groups)
    user.__dict__.pop("_qms_roles", None)
