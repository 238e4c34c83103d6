"""Generated-file jobs: a row per long document job, so a crash never looks complete.

Lifecycle: job_create (queued) -> job_run (running, progress, then done with the file, or
failed with the error). A `done` row always has its complete file: the file is stored first,
then the status flips in the same transaction. `jobs_fail_stale` (beat) turns rows left
`running` by a dead worker into `failed`."""

import datetime as dt
import hashlib
import logging
import traceback
from collections.abc import Callable

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from .models import GeneratedFile

log = logging.getLogger(__name__)
Progress = Callable[[int, str], None]


def job_create(*, kind: str, params: dict, actor) -> GeneratedFile:
    return GeneratedFile.objects.create(kind=kind, params=params, requested_by=actor)


def job_progress(job: GeneratedFile, percent: int, step: str) -> None:
    """Record progress (no history: jobs are their own record)."""
    GeneratedFile.objects.filter(pk=job.pk).update(progress=max(0, min(percent, 99)), step=step[:200])


def job_run(job_id, build: Callable[[Progress], tuple[str, bytes]]) -> GeneratedFile:
    """Run `build(progress)` for the job; it returns (filename, bytes). Any exception marks the
    job failed with the error kept, and is not re-raised (the row tells the user)."""
    job = GeneratedFile.objects.get(pk=job_id)
    if job.status == GeneratedFile.Status.DONE:
        return job
    GeneratedFile.objects.filter(pk=job.pk).update(
        status=GeneratedFile.Status.RUNNING, started_at=timezone.now(), progress=0, error="", step=""
    )
    try:
        filename, data = build(lambda percent, step: job_progress(job, percent, step))
        with transaction.atomic():
            job = GeneratedFile.objects.select_for_update().get(pk=job.pk)
            job.file.save(filename, ContentFile(data), save=False)
            job.filename = filename
            job.sha256 = hashlib.sha256(data).hexdigest()
            job.status, job.progress, job.step = GeneratedFile.Status.DONE, 100, ""
            job.finished_at = timezone.now()
            job.save()
    except Exception as exc:  # the job row records any failure for the user
        log.exception("job %s failed", job_id)
        GeneratedFile.objects.filter(pk=job_id).update(
            status=GeneratedFile.Status.FAILED, finished_at=timezone.now(),
            error=f"{exc}\n{traceback.format_exc(limit=5)}"[:4000],
        )
        job.refresh_from_db()
    return job


def jobs_fail_stale(*, now: dt.datetime | None = None) -> int:
    """Mark jobs still queued/running past the task time limit (plus a margin) as failed."""
    now = now or timezone.now()
    limit = dt.timedelta(seconds=settings.CELERY_TASK_TIME_LIMIT + 300)
    stale = GeneratedFile.objects.filter(
        status__in=[GeneratedFile.Status.RUNNING, GeneratedFile.Status.QUEUED], created_at__lt=now - limit
    )
    return stale.update(status=GeneratedFile.Status.FAILED, finished_at=now,
                        error="任务超时或执行进程已退出，请重新生成。")
