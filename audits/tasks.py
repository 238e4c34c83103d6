from celery import shared_task

from .services import corrective_actions_escalate


@shared_task(name="audits.corrective_actions_escalate", time_limit=10 * 60, soft_time_limit=9 * 60)
def corrective_actions_escalate_task() -> int:
    """Daily: notify department heads and management of overdue corrective actions."""
    return corrective_actions_escalate()
