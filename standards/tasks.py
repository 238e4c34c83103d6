"""Celery tasks of the standards app: interface only; take ids, call one service, within time limits."""

import datetime as dt

from celery import shared_task
from django.conf import settings

from qms.core.jobs import job_run
from qms.core.models import GeneratedFile

from .services import lifecycle_daily
from .system_table import system_table_build


@shared_task(name="standards.lifecycle_daily", time_limit=15 * 60, soft_time_limit=14 * 60)
def lifecycle_daily_task() -> dict[str, int]:
    """Beat, daily: publish approved editions whose effective date has come; remind of reviews."""
    return lifecycle_daily()


def _build_from_job(job: GeneratedFile):
    params = job.params
    as_of = dt.date.fromisoformat(params["as_of"]) if params.get("as_of") else None

    def build(progress):
        return system_table_build(fmt=params["format"], node_code=params.get("node", ""), as_of=as_of,
                                  columns=params.get("columns") or None, progress=progress)

    return build


@shared_task(name="standards.system_table_export", time_limit=settings.CELERY_TASK_TIME_LIMIT,
             soft_time_limit=settings.CELERY_TASK_SOFT_TIME_LIMIT)
def system_table_export_task(job_id: str) -> str:
    job = GeneratedFile.objects.get(pk=job_id)
    return job_run(job.pk, _build_from_job(job)).status
