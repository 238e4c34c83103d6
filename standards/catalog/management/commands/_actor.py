"""The user a catalogue command acts as: --user, or the first active 标准化办公室 user."""

from django.contrib.auth import get_user_model
from django.core.management.base import CommandError

from qms.org.models import ROLE_GROUP_NAMES, Role


def add_user_argument(parser):
    parser.add_argument("--user", help="username to act as (default: the first active 标准化办公室 user)")


def command_actor(username: str | None):
    users = get_user_model().objects.filter(is_active=True)
    if username:
        user = users.filter(username=username).first()
        if user is None:
            raise CommandError(f"用户 {username} 不存在或已停用。")
        return user
    user = (users.filter(groups__name=ROLE_GROUP_NAMES[Role.OFFICE]).order_by("pk").first()
            or users.filter(is_superuser=True).order_by("pk").first())
    if user is None:
        raise CommandError("没有标准化办公室用户：请用 --user 指定操作人。")
    return user
