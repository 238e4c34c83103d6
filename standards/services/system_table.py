"""Requesting a system-table file from the web: a generated-file job run by a Celery task."""

import datetime as dt

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from qms.core.errors import ApplicationError
from qms.core.jobs import job_create
from qms.core.models import GeneratedFile

from ..models import SystemNode
from ..permissions import can_view_standards
from ..system_table import FORMATS, columns_for

JOB_KIND = "system_table"


def system_table_export_request(*, actor, fmt: str, node_code: str = "", as_of: dt.date | None = None,
                                columns=None) -> GeneratedFile:
    """Check the parameters, record a job and queue its task once the job row is committed."""
    from ..tasks import system_table_export_task

    if not can_view_standards(actor):
        raise ApplicationError(_("请先登录。"))
    if fmt not in FORMATS:
        raise ApplicationError(_("不支持的格式：%(fmt)s") % {"fmt": fmt}, field="format")
    if node_code and not SystemNode.objects.filter(code=node_code).exists():
        raise ApplicationError(_("节点编码 %(code)s 不存在。") % {"code": node_code}, field="node")
    if as_of and as_of > timezone.localdate():
        raise ApplicationError(_("时点不能晚于今天。"), field="as_of")
    keys = [c.key for c in columns_for(columns)]
    params = {"format": fmt, "node": node_code, "as_of": as_of.isoformat() if as_of else "", "columns": keys}
    with transaction.atomic():
        job = job_create(kind=JOB_KIND, params=params, actor=actor)
        transaction.on_commit(lambda: system_table_export_task.delay(str(job.pk)))
    return job
