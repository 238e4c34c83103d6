"""The dossier's workflow, declared once: a requested dossier (draft or final) is queued, its
job's worker starts and finishes or fails the build, and the office or management builds it
again once it has finished or failed.

The job itself (progress, heartbeat, a dead worker's job marked failed, the file) is
`qms.core.jobs`; the services move the dossier along with its job (see `services.dossier_follow_job`)."""

from django.utils.translation import gettext_lazy as _

from qms.core.workflow import Move, Rule, Workflow, workflow_register

from .models import Dossier
from .permissions import can_build_dossier

S = Dossier.Status
BUILDER = Rule(lambda user, dossier: can_build_dossier(user), _("只有标准化办公室和管理层可以生成申请材料。"))
JOB = Rule(lambda user, dossier: False, _("生成任务由系统执行。"))


def _not_building(dossier, context):
    if dossier.status in (S.QUEUED, S.RUNNING):
        return _("该汇编正在生成中，请等待完成或失败后再重新生成。")
    return None


DOSSIER_WORKFLOW = workflow_register(Workflow(
    key="dossier", label=_("申请材料汇编"), model="dossier.Dossier", statuses=S,
    describe=lambda dossier: str(_("申请材料汇编 #%(n)s") % {"n": dossier.pk}),
    moves=(
        Move("start", (S.QUEUED,), S.RUNNING, _("开始生成"), JOB, button=False, system=True),
        Move("finish", (S.RUNNING,), S.DONE, _("生成完成"), JOB, button=False, system=True),
        Move("fail", (S.QUEUED, S.RUNNING), S.FAILED, _("生成失败"), JOB, button=False, system=True),
        Move("rerun", (S.QUEUED, S.RUNNING, S.DONE, S.FAILED), S.QUEUED, _("重新生成"), BUILDER, _not_building,
             view="dossier-rerun", method="post", help=_("以当前数据重新生成（原生成记录保留）。")),
    ),
))
