"""Login throttling (django-axes): the client's address as the trusted proxy saw it, and a lock per
address across usernames on top of axes' lock per username and address.

Behind `TRUSTED_PROXY_COUNT` proxies that append to X-Forwarded-For (nginx:
`proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;`), the client is the entry that
many places from the right: a client can prepend entries but never append them. Without a
trusted proxy the header is ignored, since anyone can send it."""

import ipaddress

from axes.attempts import get_cool_off_threshold
from axes.handlers.database import AxesDatabaseHandler
from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import Sum


def client_ip(request) -> str:
    """AXES_CLIENT_IP_CALLABLE: REMOTE_ADDR, or the address the outermost trusted proxy saw."""
    remote = request.META.get("REMOTE_ADDR", "")
    count = settings.TRUSTED_PROXY_COUNT
    if count <= 0:
        return remote
    hops = [hop.strip() for hop in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if hop.strip()]
    if len(hops) < count:
        return remote
    try:
        return str(ipaddress.ip_address(hops[-count]))
    except ValueError:
        return remote


class LoginThrottleHandler(AxesDatabaseHandler):
    """AXES_HANDLER: axes' lock of a username from one address (AXES_FAILURE_LIMIT), and a lock of
    the address itself after LOGIN_ADDRESS_FAILURE_LIMIT failures across all usernames, so that
    one address cannot try a few passwords against every account."""

    def is_locked(self, request, credentials=None) -> bool:
        return super().is_locked(request, credentials) or self.address_is_locked(request)

    def user_login_failed(self, sender, credentials: dict, request=None, **kwargs):
        super().user_login_failed(sender, credentials, request, **kwargs)
        if request is not None and not getattr(request, "axes_locked_out", False) and self.address_is_locked(request):
            request.axes_locked_out = True  # the middleware answers with the lockout page
            request.axes_credentials = credentials

    def address_is_locked(self, request) -> bool:
        address = getattr(request, "axes_ip_address", None)
        if not address:
            return False
        attempts = AccessAttempt.objects.filter(ip_address=address)
        if settings.AXES_COOLOFF_TIME is not None:
            attempts = attempts.filter(attempt_time__gte=get_cool_off_threshold(request))
        failures = attempts.aggregate(n=Sum("failures_since_start"))["n"] or 0
        return failures >= settings.LOGIN_ADDRESS_FAILURE_LIMIT
