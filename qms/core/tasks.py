from celery import shared_task

from .jobs import jobs_fail_stale


@shared_task(name="core.jobs_fail_stale")
def jobs_fail_stale_task() -> int:
    return jobs_fail_stale()
