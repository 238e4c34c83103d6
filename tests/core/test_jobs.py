import datetime as dt

import pytest
from django.utils import timezone

from qms.core.jobs import job_create, job_run, jobs_fail_stale
from qms.core.models import GeneratedFile

pytestmark = pytest.mark.django_db


def test_job_is_done_only_with_its_complete_file(office_user):
    job = job_create(kind="test", params={}, actor=office_user)
    job = job_run(job.pk, lambda progress: ("a.txt", b"hello"))
    assert job.status == GeneratedFile.Status.DONE and job.progress == 100
    assert job.file.read() == b"hello" and len(job.sha256) == 64


def test_failing_build_leaves_job_failed_without_file(office_user):
    job = job_create(kind="test", params={}, actor=office_user)

    def build(progress):
        progress(40, "第二步")
        raise ValueError("模板缺少字段")

    job = job_run(job.pk, build)
    assert job.status == GeneratedFile.Status.FAILED
    assert "模板缺少字段" in job.error and not job.file


def test_stale_running_job_is_turned_failed(office_user, settings):
    job = job_create(kind="test", params={}, actor=office_user)
    GeneratedFile.objects.filter(pk=job.pk).update(status="running")
    later = timezone.now() + dt.timedelta(seconds=settings.CELERY_TASK_TIME_LIMIT + 301)
    assert jobs_fail_stale(now=later) == 1
    job.refresh_from_db()
    assert job.status == GeneratedFile.Status.FAILED


def test_job_download_refused_to_other_users(client, office_user, staff_user):
    job = job_run(job_create(kind="test", params={}, actor=office_user).pk, lambda p: ("a.txt", b"x"))
    client.force_login(staff_user)
    assert client.get(f"/jobs/{job.pk}/download/").status_code == 403
    client.force_login(office_user)
    response = client.get(f"/jobs/{job.pk}/download/")
    assert response.status_code == 200 and b"".join(response.streaming_content) == b"x"
