"""The README's production set-up, run as documented: its environment, `migrate`, `collectstatic`
with the documented storage, `check --deploy`, gunicorn serving a page and a hashed static asset
behind the (simulated) TLS proxy, and a Celery worker over Redis taking a job.

Runs once per session, against the PostgreSQL test database only (CI runs the suite on both
databases; the production set-up is PostgreSQL)."""

import contextlib
import datetime as dt
import http.client
import os
import re
import secrets
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from celery import Celery
from django.conf import settings
from django.db import connection

from qms.core.models import GeneratedFile

ROOT = Path(__file__).resolve().parents[2]
VENV_BIN = Path(sys.executable).parent
HOST = "qms.example.gov.cn"
QUEUE = "qms-production-path-test"

pytestmark = [
    pytest.mark.celery_worker,
    pytest.mark.skipif(not settings.DATABASES["default"]["ENGINE"].endswith("postgresql"),
                       reason="the documented production set-up runs on PostgreSQL; the test database is SQLite"),
]


def readme_production_env() -> dict[str, str]:
    """The variables the README's production section exports."""
    text = (ROOT / "README.md").read_text()
    section = text[text.index("### Production"):]
    block = section[section.index("```sh") + 5:section.index("```", section.index("```sh") + 5)]
    env = {}
    for line in block.splitlines():
        if line.startswith("export "):
            for pair in line.removeprefix("export ").split():
                key, value = pair.split("=", 1)
                env[key] = value
    return env


def _database_url() -> str:
    params = connection.settings_dict
    password = f":{params['PASSWORD']}" if params.get("PASSWORD") else ""
    return (f"postgres://{params['USER']}{password}@{params['HOST'] or '127.0.0.1'}:{params['PORT'] or 5432}"
            f"/{params['NAME']}")


@pytest.fixture(scope="session")
def production_env(django_db_setup, tmp_path_factory):
    documented = readme_production_env()
    assert {"DATABASE_URL", "SECRET_KEY", "DEBUG", "STATICFILES_BACKEND", "BEHIND_TLS_PROXY"} <= set(documented)
    files = tmp_path_factory.mktemp("production")
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"}
    env.update(documented)
    env.update(  # the operator's own values for what the README leaves to them
        DATABASE_URL=_database_url(), SECRET_KEY=secrets.token_urlsafe(50),
        CELERY_BROKER_URL=os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/15"),
        STATIC_ROOT=str(files / "static"), MEDIA_ROOT=str(files / "media"),
    )
    return env


def _manage(env, *args):
    result = subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True,
                            text=True, timeout=120, check=False)
    assert result.returncode == 0, f"manage.py {' '.join(args)}:\n{result.stdout}\n{result.stderr}"
    return result


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get(port, path):
    """A request as nginx forwards it: the public host name, HTTPS, the client's address."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=20)
    conn.request("GET", path, headers={"Host": HOST, "X-Forwarded-Proto": "https", "X-Forwarded-For": "10.0.0.8"})
    response = conn.getresponse()
    return response, response.read()


def _wait_for_port(port, process, seconds=40):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        assert process.poll() is None, process.communicate()[1]
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except OSError:
            time.sleep(0.3)
    pytest.fail("gunicorn did not start listening")


def _stop(process):
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@contextlib.contextmanager
def _running(env, *command):
    process = subprocess.Popen([str(VENV_BIN / command[0]), *command[1:]], cwd=ROOT, env=env,
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    try:
        yield process
    finally:
        _stop(process)


@pytest.mark.django_db(transaction=True)
def test_readme_production_setup_serves_pages_static_files_and_jobs(production_env):
    _manage(production_env, "migrate", "--noinput")
    _manage(production_env, "collectstatic", "--noinput")
    assert (Path(production_env["STATIC_ROOT"]) / "staticfiles.json").exists()
    _manage(production_env, "check", "--deploy", "--fail-level", "WARNING")
    port = _free_port()
    with _running(production_env, "gunicorn", "qms.wsgi", "-w", "1", "-b", f"127.0.0.1:{port}") as web, \
            _running(production_env, "celery", "-A", "qms", "worker", "-l", "warning", "-c", "1", "-P", "solo",
                     "-Q", QUEUE, "--without-gossip", "--without-mingle") as worker:
        _wait_for_port(port, web)
        _serves_pages_and_static_files(port)
        _takes_a_job(production_env, worker)


def _serves_pages_and_static_files(port):
    response, _body = _get(port, "/")
    assert response.status == 302 and response.getheader("Location").startswith("/accounts/login/")
    response, body = _get(port, "/accounts/login/")
    page = body.decode()
    assert response.status == 200 and "登录" in page
    assert "max-age=31536000" in response.getheader("Strict-Transport-Security")
    css = re.search(r'href="(/static/vendor/bootstrap/bootstrap\.min\.[0-9a-f]{12}\.css)"', page)
    assert css, "the page links the hashed file from the manifest"
    response, body = _get(port, css.group(1))
    assert response.status == 200 and body.startswith(b"@charset") and "immutable" in response.getheader(
        "Cache-Control", "")


def _takes_a_job(env, worker):
    """The worker runs `core.jobs_fail_stale`: a job left queued for days is marked failed."""
    stale = GeneratedFile.objects.create(kind="system_table", params={})
    GeneratedFile.objects.filter(pk=stale.pk).update(created_at=stale.created_at - dt.timedelta(days=2))
    sender = Celery(broker=env["CELERY_BROKER_URL"])
    try:
        sender.send_task("core.jobs_fail_stale", queue=QUEUE)
    finally:
        sender.close()
    deadline = time.monotonic() + 40
    while time.monotonic() < deadline:
        stale.refresh_from_db()
        if stale.status == GeneratedFile.Status.FAILED:
            break
        assert worker.poll() is None, worker.communicate()[1]
        time.sleep(0.5)
    assert stale.status == GeneratedFile.Status.FAILED and "重新生成" in stale.error
