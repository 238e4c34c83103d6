"""The self-assessment's workflow, declared once: a draft is submitted (frozen) when every item
is scored. Revising a submitted one makes a new draft record (`assessment_revise`)."""

from django.utils.translation import gettext_lazy as _

from qms.core.workflow import Move, Rule, Workflow, workflow_register

from .models import Assessment
from .permissions import can_edit_assessment

S = Assessment.Status


def _all_scored(assessment, context):
    missing = assessment.scores.filter(points__isnull=True, item__max_points__gt=0).select_related("item")
    count = missing.count()
    if count:
        codes = "、".join(s.item.code for s in missing[:10])
        return _("还有 %(n)d 项未打分（%(c)s），全部打分后才能提交。") % {"n": count, "c": codes}
    return None


ASSESSMENT_WORKFLOW = workflow_register(Workflow(
    key="assessment", label=_("自评"), model="assessment.Assessment", statuses=S,
    describe=lambda a: str(_("自评“%(t)s”") % {"t": a.title}),
    moves=(
        Move("submit", (S.DRAFT,), S.SUBMITTED, _("提交"),
             Rule(lambda user, obj: can_edit_assessment(user), _("只有标准化办公室和管理层可以编辑计分表和自评。")),
             _all_scored, view="assessment-submit", style="success", method="post",
             help=_("提交后得分、指标和证据将冻结。")),
    ),
))
