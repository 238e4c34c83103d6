"""Who is asked: the people a workflow step notifies or expects."""

from django.contrib.auth import get_user_model

from qms.org.models import ROLE_GROUP_NAMES, Role


def users_with_role(*roles: str):
    names = [ROLE_GROUP_NAMES[r] for r in roles]
    return get_user_model().objects.filter(is_active=True, groups__name__in=names).distinct()


def department_users(department_ids):
    return get_user_model().objects.filter(is_active=True, department_id__in=list(department_ids))


def reviewers_for(edition) -> list:
    """The named reviewer, or every manager and office member except the drafter."""
    if edition.reviewer_id:
        return [edition.reviewer]
    return list(users_with_role(Role.MANAGER, Role.OFFICE).exclude(pk=edition.created_by_id))


def approvers_for(edition) -> list:
    return list(users_with_role(Role.MANAGER).exclude(pk=edition.created_by_id))
