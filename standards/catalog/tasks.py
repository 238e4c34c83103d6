"""Celery tasks: interface only. They take ids and call a service through the job runner."""

from celery import shared_task
from django.contrib.auth import get_user_model
from django.utils import timezone

from qms.core.jobs import job_run
from qms.org.models import Department

from .documents.workbook import render_generation_report
from .services import procedure_standards_generate_all

GENERATE_KIND = "procedure_standards"


def generation_build(*, actor, department=None, publish: bool = False):
    """The job's build(progress) -> (filename, bytes): generate, then the result workbook."""

    def build(progress):
        results = procedure_standards_generate_all(actor=actor, department=department, publish=publish,
                                                   progress=progress)
        rows = [(r.item.code, r.item.name, r.item.department.name, r.edition.number if r.edition else "",
                 r.edition.get_status_display() if r.edition else "", str(r.outcome_label), r.error)
                for r in results]
        title = f"项目办理规程批量生成结果（{timezone.localtime():%Y-%m-%d %H:%M}）"
        return f"procedure-standards-{timezone.localdate():%Y%m%d}.xlsx", render_generation_report(title=title,
                                                                                                   rows=rows)

    return build


@shared_task(name="catalog.procedure_standards_generate", time_limit=3600, soft_time_limit=3500)
def procedure_standards_generate_task(job_id, actor_id, department_id=None):
    actor = get_user_model().objects.get(pk=actor_id)
    department = Department.objects.get(pk=department_id) if department_id else None
    return str(job_run(job_id, generation_build(actor=actor, department=department)).status)
