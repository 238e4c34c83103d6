"""In-app notifications with an e-mail copy (console back end by default)."""

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction

from .models import Notification


def notification_send(*, recipients, verb: str, message: str, url: str = "") -> list[Notification]:
    return notifications_send(messages=[(recipients, verb, message, url)])


def notifications_send(*, messages) -> list[Notification]:
    """Many notifications in one INSERT: `messages` is a list of (recipients, verb, message, url);
    each recipient gets one row per message, and an e-mail copy after commit."""
    rows, mails = [], []
    for recipients, verb, message, url in messages:
        recipients = [r for r in dict.fromkeys(recipients) if r is not None]
        rows += [Notification(recipient=r, verb=verb, message=message[:500], url=url) for r in recipients]
        emails = [r.email for r in recipients if r.email]
        if emails:
            mails.append((message[:150], f"{message}\n{url}", emails))
    rows = Notification.objects.bulk_create(rows)
    if mails:
        transaction.on_commit(lambda: _send_mails(mails))
    return rows


def _send_mails(mails):
    for subject, body, emails in mails:
        send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, emails, fail_silently=True)
