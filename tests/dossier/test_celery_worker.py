"""The dossier built by a real Celery worker over Redis, outside the web process."""

import time

import pytest

from qms.dossier import services

from .helpers import centre, job_bytes, zip_members

pytestmark = [pytest.mark.celery_worker]


def test_dossier_is_built_by_a_real_worker(celery_redis_worker, office_user, manager_user):
    centre(office_user, manager_user)
    dossier = services.dossier_request(actor=manager_user)  # queued on commit (autocommit here)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        dossier.job.refresh_from_db()
        if dossier.job.status in ("done", "failed"):
            break
        time.sleep(0.5)
    assert dossier.job.status == "done", dossier.job.error
    assert any(name.endswith("_标准汇编.docx") for name in zip_members(job_bytes(dossier)))
