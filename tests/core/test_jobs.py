import datetime as dt

import pytest
from django.utils import timezone

from qms.core.errors import ApplicationError
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
    assert job.status == GeneratedFile.Status.FAILED and not job.file
    assert "模板缺少字段" not in job.error and f"参考号 {str(job.pk)[:8]}" in job.error


def test_a_refusal_is_shown_as_written(office_user):
    job = job_create(kind="test", params={}, actor=office_user)

    def build(progress):
        raise ApplicationError("没有可汇编的现行标准。")

    assert job_run(job.pk, build).error == "没有可汇编的现行标准。"


def test_failed_job_page_shows_a_message_and_a_reference_never_a_traceback(client, office_user, caplog):
    job = job_create(kind="test", params={}, actor=office_user)
    job_run(job.pk, lambda progress: {}["missing"])
    client.force_login(office_user)
    page = client.get(f"/jobs/{job.pk}/").content.decode()
    assert str(job.pk)[:8] in page and "Traceback" not in page and "jobs.py" not in page
    assert any(r.exc_info and isinstance(r.exc_info[1], KeyError) for r in caplog.records)


def test_a_job_whose_worker_stopped_beating_is_failed_and_can_be_rerun(client, office_user, settings):
    job = job_create(kind="test", params={}, actor=office_user)
    silent = timezone.now() - dt.timedelta(seconds=settings.JOB_STALE_SECONDS + 1)
    GeneratedFile.objects.filter(pk=job.pk).update(status="running", started_at=silent, heartbeat_at=silent)
    alive = job_create(kind="test", params={}, actor=office_user)
    GeneratedFile.objects.filter(pk=alive.pk).update(status="running", started_at=silent, heartbeat_at=timezone.now())
    client.force_login(office_user)
    assert "执行进程已退出" in client.get(f"/jobs/{job.pk}/").content.decode()
    assert GeneratedFile.objects.get(pk=job.pk).status == "failed"
    assert GeneratedFile.objects.get(pk=alive.pk).status == "running" and jobs_fail_stale() == 0


def test_a_redelivered_message_leaves_a_failed_or_live_job_alone(office_user):
    job = job_create(kind="test", params={}, actor=office_user)
    GeneratedFile.objects.filter(pk=job.pk).update(status="failed", error="x")
    assert job_run(job.pk, lambda p: ("a.txt", b"x")).status == "failed"
    GeneratedFile.objects.filter(pk=job.pk).update(status="running", heartbeat_at=timezone.now())
    assert job_run(job.pk, lambda p: ("a.txt", b"x")).status == "running"


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
