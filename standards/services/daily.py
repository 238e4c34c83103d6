"""The daily job of the standards' life: publish what has reached its effective date, remind
of periodic reviews coming due. Each part is its own service; this only runs them in order."""

import datetime as dt

from django.utils import timezone

from .reviews import review_reminders_send
from .workflow import editions_publish_due


def lifecycle_daily(*, today: dt.date | None = None) -> dict[str, int]:
    today = today or timezone.localdate()
    published = editions_publish_due(today=today)
    reminders = review_reminders_send(today=today)
    return {"published": len(published), "review_reminders": reminders}
