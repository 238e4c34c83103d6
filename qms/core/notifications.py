"""In-app notifications with an e-mail copy (console back end by default)."""

from types import SimpleNamespace

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction

from .bulk import bulk_insert
from .models import Notification


def notification_send(*, recipients, verb: str, message: str, url: str = "") -> int:
    return notifications_send(messages=[(recipients, verb, message, url)])


def notifications_send(*, messages) -> int:
    """Many notifications in one INSERT: `messages` is a list of (recipients, verb, message, url);
    each recipient gets one row per message, and an e-mail copy after commit. The rows are
    written as values (`bulk_insert`: thousands after a publication, no model instance each).
    Returns how many."""
    rows, mails = [], []
    for recipients, verb, message, url in messages:
        recipients = [r for r in dict.fromkeys(recipients) if r is not None]
        text = message[:500]
        rows += [SimpleNamespace(recipient_id=r.pk, verb=verb, message=text, url=url, created_at=None, read_at=None)
                 for r in recipients]
        emails = [r.email for r in recipients if r.email]
        if emails:
            mails.append((message[:150], f"{message}\n{url}", emails))
    bulk_insert(Notification, rows)
    if mails:
        transaction.on_commit(lambda: _send_mails(mails))
    return len(rows)


def _send_mails(mails):
    for subject, body, emails in mails:
        send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, emails, fail_silently=True)
