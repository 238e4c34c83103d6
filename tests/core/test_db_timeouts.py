"""PostgreSQL timeouts: a web request gives up behind a lock instead of waiting indefinitely, and
a Celery worker gets longer limits."""

import threading

import pytest
from django.conf import settings
from django.db import OperationalError, connection, connections, transaction

from qms.core.dbtimeouts import database_timeouts_for_worker, postgres_timeout_options
from standards.models import Standard
from standards.services import standard_update

from ..factories import StandardFactory

ON_POSTGRES = settings.DATABASES["default"]["ENGINE"].endswith("postgresql")
postgres_only = pytest.mark.skipif(not ON_POSTGRES, reason="lock and statement timeouts are PostgreSQL settings; "
                                                          "the test database is SQLite")


def _show(name):
    with connection.cursor() as cursor:
        cursor.execute(f"SHOW {name}")
        return cursor.fetchone()[0]


def test_timeout_options_replace_earlier_ones_and_keep_the_rest():
    given = "-c search_path=qms -c lock_timeout=1"
    assert postgres_timeout_options(given, lock_ms=5000, statement_ms=0) == (
        "-c search_path=qms -c lock_timeout=5000 -c statement_timeout=0")


@postgres_only
@pytest.mark.django_db
def test_web_requests_have_lock_and_statement_timeouts():
    assert _show("lock_timeout") == "5s"
    assert _show("statement_timeout") == "30s"


@postgres_only
@pytest.mark.django_db(transaction=True)
def test_a_save_behind_a_held_lock_gives_up_instead_of_waiting(office_user):
    standard = StandardFactory()
    locked, release = threading.Event(), threading.Event()

    def holder():
        try:
            with transaction.atomic():
                Standard.objects.select_for_update().get(pk=standard.pk)
                locked.set()
                release.wait(20)  # far longer than the web lock timeout
        finally:
            connection.close()

    thread = threading.Thread(target=holder)
    thread.start()
    try:
        assert locked.wait(20)
        with pytest.raises(OperationalError, match="lock timeout"):
            standard_update(actor=office_user, standard=standard, expected_version=standard.version, name="改名")
    finally:
        release.set()
        thread.join(30)
    standard.refresh_from_db()
    assert standard.version == 1  # nothing half-written


@postgres_only
@pytest.mark.django_db(transaction=True)
def test_a_celery_worker_gets_the_longer_worker_timeouts():
    options = connections.settings["default"]["OPTIONS"]
    before = options.get("options", "")
    try:
        database_timeouts_for_worker()
        assert _show("lock_timeout") == "1min"
        assert _show("statement_timeout") == "20min"
    finally:
        options["options"] = before
        connection.close()
    assert _show("lock_timeout") == "5s"
