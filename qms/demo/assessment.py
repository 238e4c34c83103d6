"""Demo data for self-assessment: the example scoring template (示例模板) and a draft
self-assessment for this year, partly scored with comments and evidence links. Idempotent;
does nothing harmful when the org and standards demo data are absent."""

from django.db import transaction
from django.utils import timezone

from qms.assessment import services
from qms.assessment.models import Assessment, ScoringItem, ScoringTemplate
from qms.org.models import ROLE_GROUP_NAMES, Role, User

# (item title, points, comment) for the demo centre's own scoring.
SCORES = [
    ("领导机构与工作机构健全", 4, "成立了以中心主任为组长的标准化工作领导小组，办公室设在综合科。"),
    ("实施方案、年度计划、目标分解", 3.5, "年度计划已印发，目标分解到窗口，个别窗口未细化到岗位。"),
    ("标准化人员配备与培训", 4, "每个进驻部门确定 1 名兼职标准化联络员，均参加了市局组织的培训。"),
    ("经费与制度保障", 2.5, "专项经费已列入预算；标准化管理制度待修订。"),
    ("体系结构合理，符合 GB/T 24421 / GB/T 13017", 7, "按 GB/T 24421.2 建立三大体系。"),
    ("标准明细表完整、编号规范", 5, "明细表已更新，个别采用标准版本待核对。"),
    ("标准现行有效、及时复审更新", 4, "2 项自制标准逾期未复审。"),
    ("实施记录完整可追溯", 4, "窗口服务记录齐全，部分纸质记录未归档。"),
    ("创新与特色", 2, "推行“一窗受理、集成服务”。"),
]


def _manager():
    return (User.objects.filter(groups__name=ROLE_GROUP_NAMES[Role.MANAGER]).order_by("pk").first()
            or User.objects.filter(groups__name=ROLE_GROUP_NAMES[Role.OFFICE]).order_by("pk").first())


@transaction.atomic
def load(stdout) -> None:
    actor = _manager()
    if actor is None:
        stdout.write("  assessment: no manager or office user yet, skipped")
        return
    template = ScoringTemplate.objects.filter(is_example=True, name="示例模板").first()
    if template is None:
        template = services.template_load_example(actor=actor)
    year = timezone.localdate().year
    if Assessment.objects.filter(template=template, year=year).exists():
        stdout.write("  assessment: already loaded")
        return
    assessment = services.assessment_create(actor=actor, template=template, year=year,
                                            title=f"{year} 年度服务业标准化试点自评")
    for title, points, comment in SCORES:
        found = ScoringItem.objects.filter(section__template=template, title=title).first()
        if found:
            services.score_set(actor=actor, assessment=assessment, item_id=found.pk, points=points, comment=comment)
    _link_standards(actor, assessment, template)
    services.assessment_update(
        actor=actor, assessment=assessment,
        overview="中心进驻部门窗口，集中办理审批和公共服务事项，实行“一窗受理、限时办结”。",
        work_done="成立领导小组，制定实施方案；梳理事项，编制办理规程；开展标准宣贯培训和监督检查。",
        improvement_plan="修订标准化管理制度；按期复审到期标准；补齐实施检查记录。",
    )
    stdout.write(f"  assessment: 示例模板 and a draft self-assessment for {year}")


def _link_standards(actor, assessment, template):
    from standards.models import Standard, StandardStatus

    score = assessment.scores.filter(item__section__template=template, item__title__startswith="标准明细表").first()
    for standard in Standard.objects.filter(status=StandardStatus.IN_FORCE).order_by("code")[:2]:
        services.evidence_link_add(actor=actor, score=score, kind="standard", reference=standard.code)
