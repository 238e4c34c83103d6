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
    """A `celery worker` process (never the in-process test worker): refuse a published key, and
    give its database connections the worker's longer timeouts."""
    import django

    django.setup()
    from qms.core.checks import refuse_published_secret_key
    from qms.core.dbtimeouts import database_timeouts_for_worker

    refuse_published_secret_key()
    database_timeouts_for_worker()
