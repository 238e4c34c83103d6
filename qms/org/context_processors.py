from .models import Role
from .roles import has_role


def roles(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"user_roles": {}}
    return {"user_roles": {role.value: has_role(user, role) for role in Role}}
