"""A real Celery worker (a separate process, over Redis) killed in the middle of a dossier build:
the dossier is marked failed once its heartbeat is silent for JOB_STALE_SECONDS, and a re-run
is accepted and built by the next worker."""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.db import connection

from qms.core.jobs import job_refresh
from qms.dossier import services

from .helpers import centre

pytestmark = [pytest.mark.celery_worker, pytest.mark.django_db(transaction=True)]
ROOT = Path(__file__).resolve().parents[2]
STALE_SECONDS = 6


def _database_url() -> str:
    db = connection.settings_dict
    if db["ENGINE"].endswith("sqlite3"):
        return f"sqlite:///{db['NAME']}"
    return f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


def _start_worker(broker: str, media_root) -> subprocess.Popen:
    env = {**os.environ, "DATABASE_URL": _database_url(), "CELERY_BROKER_URL": broker,
           "MEDIA_ROOT": str(media_root), "JOB_HEARTBEAT_SECONDS": "1", "DJANGO_SETTINGS_MODULE": "qms.settings"}
    command = [sys.executable, "-m", "celery", "-A", "qms", "worker", "--pool=solo", "--without-gossip",
               "--without-mingle", "--without-heartbeat", "--loglevel=WARNING"]
    return subprocess.Popen(command, cwd=ROOT, env=env, start_new_session=True,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def _wait(job, until, seconds: float):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        job.refresh_from_db()
        if until(job):
            return job
        time.sleep(0.2)
    return job


@pytest.fixture
def broker(settings):
    import redis

    from qms.celery import app

    from ..conftest import _drop_broker_pools

    url = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/15")
    redis.Redis.from_url(url).flushdb()  # this test's own database number: no leftover messages
    settings.CELERY_TASK_ALWAYS_EAGER = False
    settings.JOB_STALE_SECONDS = STALE_SECONDS
    app.conf.update(broker_url=url, task_always_eager=False, result_backend=None)
    _drop_broker_pools(app)
    yield url
    app.conf.update(task_always_eager=True)
    _drop_broker_pools(app)


def test_killed_worker_leaves_a_failed_dossier_that_can_be_rerun(broker, settings, office_user, manager_user):
    centre(office_user, manager_user)
    worker = _start_worker(broker, settings.MEDIA_ROOT)
    try:
        dossier = services.dossier_request(actor=manager_user)  # queued on commit (autocommit here)
        job = _wait(dossier.job, lambda j: j.status != "queued" and j.progress >= 5, 180)
        os.killpg(worker.pid, signal.SIGKILL)
        worker.wait(timeout=30)
        assert job.status == "running", f"the build was not caught running: {job.status}"
        job = _wait(job, lambda j: job_refresh(j).status == "failed", STALE_SECONDS + 30)
        assert job.status == "failed" and "重新生成" in job.error
        rerun = services.dossier_rerun(actor=manager_user, dossier=dossier)
        worker = _start_worker(broker, settings.MEDIA_ROOT)
        done = _wait(rerun.job, lambda j: j.status in ("done", "failed"), 240)
        assert done.status == "done", done.error
        job.refresh_from_db()
        assert job.status == "failed"  # the killed run stays failed, even once its message is back
    finally:
        if worker.poll() is None:
            os.killpg(worker.pid, signal.SIGTERM)
            worker.wait(timeout=60)
