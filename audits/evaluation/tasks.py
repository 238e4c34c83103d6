from celery import shared_task

from .services.complaints import complaints_escalate


@shared_task(name="evaluation.complaints_escalate", time_limit=600, soft_time_limit=540)
def complaints_escalate_task() -> int:
    """Daily beat job: escalate complaints past their reply deadline."""
    return complaints_escalate()
