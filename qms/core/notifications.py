"""In-app notifications with an e-mail copy (console back end by default)."""

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction

from .models import Notification


def notification_send(*, recipients, verb: str, message: str, url: str = "") -> list[Notification]:
    recipients = [r for r in dict.fromkeys(recipients) if r is not None]
    rows = Notification.objects.bulk_create(
        [Notification(recipient=r, verb=verb, message=message[:500], url=url) for r in recipients]
    )
    emails = [r.email for r in recipients if r.email]
    if emails:
        transaction.on_commit(
            lambda: send_mail(message[:150], f"{message}\n{url}", settings.DEFAULT_FROM_EMAIL, emails,
                              fail_silently=True)
        )
    return rows
