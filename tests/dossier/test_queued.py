"""Dossiers built from the queue by the command line (`build_dossier --queued`: the demo's final
dossier under `make run`, or one whose message never reached a worker), a build stopped half-way
(failed at once, re-run accepted), and `load_demo --dossier-in-background` leaving the build to a
process of its own that the caller does not wait for."""

import io
import time

import pytest
from django.core.management import CommandError, call_command

from qms.core.models import GeneratedFile
from qms.demo.management.commands import load_demo
from qms.dossier import services
from qms.dossier.models import Dossier

from .helpers import centre, job_bytes, zip_members
from .test_worker_killed import _database_url

Status = GeneratedFile.Status


@pytest.mark.django_db
def test_build_dossier_queued_builds_every_queued_dossier_and_nothing_else(office_user, manager_user):
    centre(office_user, manager_user)
    first = services.dossier_request(actor=manager_user, queue=False)
    second = services.dossier_request(actor=office_user, queue=False)
    out = io.StringIO()
    call_command("build_dossier", "--queued", stdout=out)
    for dossier in (first, second):
        dossier.refresh_from_db()
        assert dossier.status == Status.DONE and dossier.job.status == Status.DONE
        assert "00_目录.docx" in zip_members(job_bytes(dossier))
    assert f"#{first.pk}" in out.getvalue() and f"#{second.pk}" in out.getvalue()
    assert Dossier.objects.count() == 2  # the queue built, no new dossier recorded

    again = io.StringIO()
    call_command("build_dossier", "--queued", stdout=again)
    assert again.getvalue() == "" and GeneratedFile.objects.filter(status=Status.DONE).count() == 2


@pytest.mark.django_db
def test_build_dossier_asks_for_an_output_file_or_the_queue():
    with pytest.raises(CommandError, match="--out"):
        call_command("build_dossier")


@pytest.mark.django_db
def test_a_build_stopped_half_way_is_failed_at_once_and_can_be_built_again(office_user, manager_user, monkeypatch):
    centre(office_user, manager_user)
    dossier = services.dossier_request(actor=manager_user, queue=False)

    def stopped(dossier, progress):
        progress(40, "正在生成")
        raise KeyboardInterrupt  # Ctrl-C in the process building it

    monkeypatch.setattr(services, "build_zip", stopped)
    with pytest.raises(KeyboardInterrupt):
        services.dossier_build(dossier_id=dossier.pk)
    dossier.refresh_from_db()
    assert dossier.job.status == Status.FAILED and "生成被中断" in dossier.job.error  # not after JOB_STALE_SECONDS
    assert services.dossier_follow_job(dossier).status == Status.FAILED

    monkeypatch.undo()
    services.dossier_rerun(actor=manager_user, dossier=dossier, queue=False)
    call_command("build_dossier", "--queued", stdout=io.StringIO())
    dossier.refresh_from_db()
    assert dossier.status == Status.DONE and dossier.runs == 2


@pytest.mark.django_db(transaction=True)
def test_load_demo_in_background_returns_and_a_process_of_its_own_builds_the_dossier(
        office_user, manager_user, monkeypatch, tmp_path, settings):
    centre(office_user, manager_user)
    dossier = services.dossier_request(actor=manager_user, queue=False)  # as the demo's loaders leave it
    monkeypatch.setattr(load_demo, "LOADERS", [])  # the loaders themselves: tests/demo
    settings.MEDIA_ROOT = tmp_path
    monkeypatch.setenv("DATABASE_URL", _database_url())
    monkeypatch.setenv("MEDIA_ROOT", str(tmp_path))
    log = tmp_path / "demo-dossier.log"
    monkeypatch.setattr(load_demo, "LOG", str(log))

    out = io.StringIO()
    call_command("load_demo", "--dossier-in-background", stdout=out)
    assert f"/dossiers/{dossier.pk}/" in out.getvalue()
    dossier.refresh_from_db()
    assert dossier.status in (Status.QUEUED, Status.RUNNING)  # returned without waiting for the build

    deadline = time.monotonic() + 300
    while dossier.status != Status.DONE and time.monotonic() < deadline:
        assert dossier.status != Status.FAILED, dossier.job.error
        time.sleep(0.5)
        dossier.refresh_from_db()
    assert dossier.status == Status.DONE, log.read_text(encoding="utf-8") if log.exists() else "no log"
    assert f"#{dossier.pk}" in log.read_text(encoding="utf-8")
    assert "00_目录.docx" in zip_members(job_bytes(dossier))


@pytest.mark.django_db
def test_a_queued_dossier_another_process_has_claimed_is_left_to_it_not_reported_failed(office_user, manager_user):
    from django.utils import timezone

    centre(office_user, manager_user)
    dossier = services.dossier_request(actor=manager_user, queue=False)
    now = timezone.now()  # a worker (or a second `--queued` run) took the job a moment ago
    GeneratedFile.objects.filter(pk=dossier.job_id).update(status=Status.RUNNING, started_at=now, heartbeat_at=now)
    out = io.StringIO()
    call_command("build_dossier", "--queued", stdout=out)  # no CommandError: nothing failed
    assert f"#{dossier.pk} 已由另一进程生成中" in out.getvalue()
    dossier.refresh_from_db()
    assert dossier.job.status == Status.RUNNING and not dossier.job.file
