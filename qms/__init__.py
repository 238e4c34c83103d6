"""Project package: settings, URLs, the Celery app and the cross-cutting apps (org, core)."""

from .celery import app as celery_app

__all__ = ("celery_app",)
