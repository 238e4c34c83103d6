"""The demo centre, loaded once for every test module of this package (it takes a minute)."""

import io

import pytest
from django.core.management import call_command
from django.db import transaction
from django.test import override_settings


@pytest.fixture(scope="package")
def demo(django_db_setup, django_db_blocker, tmp_path_factory):
    media = tmp_path_factory.mktemp("demo-media")
    with django_db_blocker.unblock(), override_settings(MEDIA_ROOT=media), transaction.atomic():
        out = io.StringIO()
        call_command("load_demo", stdout=out)
        yield {"output": out.getvalue(), "media": media}
        transaction.set_rollback(True)
