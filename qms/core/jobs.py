"""Generated-file jobs: a row per long document job, so a crash never looks complete.

Lifecycle: job_create (queued) -> job_run (running, progress, then done with the file, or
failed with a message for the user) . A `done` row always has its complete file: the file is
stored first, then the status flips in the same transaction.

Surviving a dead worker: while a job runs, its worker writes `heartbeat_at` every
JOB_HEARTBEAT_SECONDS (a thread beside the build, and every progress step). A running job whose
heartbeat is older than JOB_STALE_SECONDS has lost its worker: `jobs_fail_stale` (beat, every
minute) and `job_refresh` (whenever a page or a re-run looks at the job) mark it failed, so it
can be re-run within minutes. Celery acknowledges late and rejects on worker loss (settings), so
a message is not lost with its worker; a redelivered message runs its job only if the job is
still queued or its previous run is stale. Users see a plain message and a reference; the
traceback goes to the log under that reference."""

import datetime as dt
import hashlib
import logging
import threading
from collections.abc import Callable
from contextlib import contextmanager

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import connection, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from .errors import ApplicationError
from .models import GeneratedFile

log = logging.getLogger(__name__)
Progress = Callable[[int, str], None]
Status = GeneratedFile.Status
DEAD_WORKER = gettext_noop("任务执行进程已退出或超时，请重新生成。")
INTERRUPTED = gettext_noop("生成被中断（执行进程已停止），请重新生成。")


def job_create(*, kind: str, params: dict, actor) -> GeneratedFile:
    return GeneratedFile.objects.create(kind=kind, params=params, requested_by=actor)


def job_progress(job: GeneratedFile, percent: int, step: str) -> None:
    """Record progress and a heartbeat (no history: jobs are their own record)."""
    GeneratedFile.objects.filter(pk=job.pk).update(
        progress=max(0, min(percent, 99)), step=step[:200], heartbeat_at=timezone.now())


def job_run(job_id, build: Callable[[Progress], tuple[str, bytes]]) -> GeneratedFile:
    """Run `build(progress)` for the job; it returns (filename, bytes). Any exception marks the
    job failed (a refusal's own message, or a plain message and a reference) and is not
    re-raised: the row tells the user. A job already done, failed or alive elsewhere is left."""
    if not _claim(job_id):
        return GeneratedFile.objects.get(pk=job_id)
    job = GeneratedFile.objects.get(pk=job_id)
    try:
        with _heartbeat(job_id):
            filename, data = build(lambda percent, step: job_progress(job, percent, step))
        _finish(job_id, filename, data)
    except Exception as exc:  # the job row records any failure for the user
        _fail(job_id, exc)
    except BaseException:  # stopped (Ctrl-C, SystemExit): failed at once, not after JOB_STALE_SECONDS
        _interrupted(job_id)
        raise
    job.refresh_from_db()
    return job


def _claim(job_id) -> bool:
    now = timezone.now()
    runnable = Q(status=Status.QUEUED) | Q(status=Status.RUNNING, heartbeat_at__lt=_stale_before(now))
    return bool(GeneratedFile.objects.filter(runnable, pk=job_id).update(
        status=Status.RUNNING, started_at=now, heartbeat_at=now, progress=0, error="", step=""))


def _finish(job_id, filename: str, data: bytes) -> None:
    with transaction.atomic():
        job = GeneratedFile.objects.select_for_update().get(pk=job_id)
        job.file.save(filename, ContentFile(data), save=False)
        job.filename = filename
        job.sha256 = hashlib.sha256(data).hexdigest()
        job.status, job.progress, job.step = Status.DONE, 100, ""
        job.finished_at = timezone.now()
        job.save()


def job_error_message(exc: Exception, reference: str) -> str:
    """What the user reads: a refusal's own message; otherwise a plain sentence and the reference
    under which the traceback was logged."""
    if isinstance(exc, ApplicationError):
        return exc.message
    return _("生成失败，系统已记录错误（参考号 %(ref)s）。请稍后重试；如仍失败，请把参考号告诉系统管理员。") % {
        "ref": reference}


def _fail(job_id, exc: Exception) -> None:
    reference = str(job_id)[:8]
    if isinstance(exc, ApplicationError):
        log.warning("job %s refused: %s", job_id, exc.message)
    else:
        log.exception("job %s failed (reference %s)", job_id, reference)
    GeneratedFile.objects.filter(pk=job_id).update(
        status=Status.FAILED, finished_at=timezone.now(), error=job_error_message(exc, reference)[:4000])


def _interrupted(job_id) -> None:
    try:
        GeneratedFile.objects.filter(pk=job_id, status=Status.RUNNING).update(
            status=Status.FAILED, finished_at=timezone.now(), error=_(INTERRUPTED))
    except Exception:  # the database gone too: the job is found dead later (see `jobs_fail_stale`)
        log.warning("job %s stopped; not marked failed", job_id, exc_info=True)


@contextmanager
def _heartbeat(job_id):
    """Beat from a thread while the build runs in a worker (in eager mode the progress steps
    beat: the web request's own transaction must not be contended by a second connection)."""
    if settings.CELERY_TASK_ALWAYS_EAGER:
        yield
        return
    stop = threading.Event()
    beater = threading.Thread(target=_beat, args=(job_id, stop), daemon=True, name=f"job-heartbeat-{job_id}")
    beater.start()
    try:
        yield
    finally:
        stop.set()
        beater.join()


def _beat(job_id, stop: threading.Event) -> None:
    try:
        while not stop.wait(settings.JOB_HEARTBEAT_SECONDS):
            try:
                GeneratedFile.objects.filter(pk=job_id, status=Status.RUNNING).update(heartbeat_at=timezone.now())
            except Exception:  # a missed beat (database busy) is retried at the next one
                log.warning("heartbeat of job %s missed", job_id, exc_info=True)
    finally:
        connection.close()


def _stale_before(now: dt.datetime) -> dt.datetime:
    return now - dt.timedelta(seconds=settings.JOB_STALE_SECONDS)


def _stale(now: dt.datetime) -> Q:
    """Running without a heartbeat for JOB_STALE_SECONDS, or past the task time limit; queued
    past the time limit (its message was lost)."""
    limit = now - dt.timedelta(seconds=settings.CELERY_TASK_TIME_LIMIT + 60)
    return (Q(status=Status.RUNNING) & (Q(heartbeat_at__lt=_stale_before(now)) | Q(started_at__lt=limit)
                                        | Q(heartbeat_at=None, created_at__lt=_stale_before(now)))
            | Q(status=Status.QUEUED, created_at__lt=limit))


def jobs_fail_stale(*, now: dt.datetime | None = None) -> int:
    """Mark every job whose worker has died (see `_stale`) as failed; returns how many."""
    now = now or timezone.now()
    return GeneratedFile.objects.filter(_stale(now)).update(
        status=Status.FAILED, finished_at=now, error=_(DEAD_WORKER))


def job_refresh(job: GeneratedFile | None) -> GeneratedFile | None:
    """`job`, marked failed first if its worker has died (pages and re-runs call this, so a dead
    job is seen as failed even where no beat runs)."""
    if job is not None and job.status in (Status.QUEUED, Status.RUNNING):
        now = timezone.now()
        if GeneratedFile.objects.filter(_stale(now), pk=job.pk).update(
                status=Status.FAILED, finished_at=now, error=_(DEAD_WORKER)):
            job.refresh_from_db()
    return job
