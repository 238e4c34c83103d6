"""Shared fixtures: departments, one named user per role, and a logged-in client for each."""

import os

import pytest

from qms.org.models import Role

from .factories import DepartmentFactory, UserFactory, qualify

# Playwright's sync API runs an event loop in the test thread; Django must allow ORM use there.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


RUN_ONCE = {"libreoffice": "QMS_SKIP_LIBREOFFICE", "browser": "QMS_SKIP_BROWSER"}


def pytest_collection_modifyitems(config, items):
    """Checks that do not depend on the database engine (LibreOffice conversions, real Chromium)
    run once: the Makefile's PostgreSQL run sets QMS_SKIP_LIBREOFFICE=1 and QMS_SKIP_BROWSER=1
    and skips the tests marked `libreoffice` and `browser`."""
    for marker, variable in RUN_ONCE.items():
        if not os.environ.get(variable):
            continue
        skip = pytest.mark.skip(reason=f"{marker} checks run once, on the SQLite run ({variable})")
        for item in items:
            if marker in item.keywords:
                item.add_marker(skip)


@pytest.fixture(autouse=True)
def _migration_data(request):
    """Transactional tests flush every table, taking the data that migrations install (the default
    tree) and the role groups (created after migrate) with them. Put them back for database tests."""
    marker = request.node.get_closest_marker("django_db")
    if not marker and not {"db", "transactional_db", "live_server"} & set(request.fixturenames):
        return
    if marker and marker.kwargs.get("serialized_rollback"):
        return  # pytest-django restores everything itself
    request.getfixturevalue("_django_db_helper")  # the database access the test asked for
    import importlib

    from django.apps import apps
    from django.contrib.auth.models import Group

    from qms.org.selectors import organisation_profile
    from qms.org.services import roles_sync
    from standards.models import SystemNode

    if not SystemNode.objects.exists():
        importlib.import_module("standards.migrations.0002_default_tree").install(apps, None)
    from audits.evaluation.models import ScoreCriterion

    if not ScoreCriterion.objects.exists():
        importlib.import_module("audits.evaluation.migrations.0002_default_criteria").add_defaults(apps, None)
        importlib.import_module("audits.evaluation.migrations.0006_staff_assessment").add_staff_criteria(apps, None)
    if Group.objects.count() < 5:
        roles_sync()
    organisation_profile()


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.AXES_ENABLED = False
    # PBKDF2 costs ~0.5 s per user here; no test checks password strength.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher", *settings.PASSWORD_HASHERS]


@pytest.fixture
def departments(db):
    return {
        "office": DepartmentFactory(code="ZX-BGS", name="中心办公室", kind="office"),
        "market": DepartmentFactory(code="SCJG", name="市场监督管理局窗口"),
        "tax": DepartmentFactory(code="SW", name="税务局窗口"),
    }


def _user(username, roles, department, **extra):
    return UserFactory(username=username, roles=roles, department=department, last_name=extra.get("last", "测"),
                       first_name=extra.get("first", username))


@pytest.fixture
def office_user(departments):
    return _user("office", [Role.OFFICE], departments["office"])


@pytest.fixture
def auditor_user(departments):
    """An internal auditor on the register (qualified for any test date)."""
    user = _user("auditor", [Role.AUDITOR], departments["office"])
    qualify(user)
    return user


@pytest.fixture
def manager_user(departments):
    return _user("manager", [Role.MANAGER], departments["office"])


@pytest.fixture
def head_user(departments):
    return _user("head", [Role.DEPARTMENT_HEAD], departments["market"])


@pytest.fixture
def staff_user(departments):
    return _user("staff", [], departments["tax"])


@pytest.fixture
def admin_user_role(departments):
    user = _user("sysadmin", [Role.ADMIN], departments["office"])
    user.is_staff = True
    user.save()
    return user


@pytest.fixture
def role_users(office_user, auditor_user, manager_user, head_user, staff_user, admin_user_role):
    return {
        "office": office_user, "auditor": auditor_user, "manager": manager_user,
        "head": head_user, "staff": staff_user, "admin": admin_user_role,
    }


@pytest.fixture
def office_client(client, office_user):
    client.force_login(office_user)
    return client


def client_for(client, user):
    client.force_login(user)
    return client


@pytest.fixture
def celery_redis_worker(settings, transactional_db):
    """A real Celery worker (a thread consuming from Redis at 127.0.0.1:6379/15), for tests that
    must prove a job runs outside the web process. Uses the transactional test database."""
    from celery.contrib.testing.worker import start_worker

    from qms.celery import app

    broker = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/15")
    settings.CELERY_TASK_ALWAYS_EAGER = False
    app.conf.update(broker_url=broker, task_always_eager=False, result_backend=None,
                    broker_connection_retry_on_startup=True)
    _drop_broker_pools(app)  # pools made earlier in the session still point at the default broker
    with start_worker(app, pool="solo", perform_ping_check=False, loglevel="WARNING", shutdown_timeout=30) as worker:
        yield worker
    app.conf.update(task_always_eager=True)
    _drop_broker_pools(app)


def _drop_broker_pools(app):
    from kombu import pools

    pools.reset()  # kombu's global producer pools outlive the app's own connection pool
    if app._pool is not None:
        app._pool.force_close_all()
        app._pool = None
    app.amqp._producer_pool = None
