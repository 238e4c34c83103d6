from celery import shared_task
from django.conf import settings

from .services import dossier_build


@shared_task(name="dossier.build", time_limit=settings.CELERY_TASK_TIME_LIMIT,
             soft_time_limit=settings.CELERY_TASK_SOFT_TIME_LIMIT)
def dossier_build_task(dossier_id: int, job_id: str | None = None) -> str:
    """Build a dossier's zip (its job row records progress, the file, or the error)."""
    return dossier_build(dossier_id=dossier_id, job_id=job_id).status
