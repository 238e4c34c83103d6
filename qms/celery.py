"""The Celery application. Without CELERY_BROKER_URL, tasks run eagerly in-process."""

import os

from celery import Celery
from celery.signals import celeryd_init

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "qms.settings")

app = Celery("qms")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@celeryd_init.connect
def _worker_starting(**kwargs):
    """A `celery worker` process (never the in-process test worker) is production: refuse a published key."""
    import django

    django.setup()
    from qms.core.checks import refuse_published_secret_key

    refuse_published_secret_key()
