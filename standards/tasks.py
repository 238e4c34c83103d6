"""Celery tasks of the standards app: interface only, each calls one service."""

from celery import shared_task

from .services import lifecycle_daily


@shared_task(name="standards.lifecycle_daily", time_limit=15 * 60, soft_time_limit=14 * 60)
def lifecycle_daily_task() -> dict[str, int]:
    """Beat, daily: publish approved editions whose effective date has come; remind of reviews."""
    return lifecycle_daily()
