"""Demo continual improvements: a dozen over the year, from every kind of source, most done with
the figure they moved before and after, a few still under way. Through the services (history kept).
Idempotent: skipped when any improvement exists."""

import datetime as dt
from decimal import Decimal

from django.utils import timezone

from audits.models import Improvement
from audits.services import improvement_complete, improvement_create
from qms.org.models import ROLE_GROUP_NAMES, Department, Role, User

# (title, source, problem, measures, figure key, before, after or None while under way)
ITEMS = [
    ("高峰时段增设潮汐窗口", "complaint", "上午高峰平均等候超过 40 分钟", "9:00–11:00 增开两个综合窗口，推行分时预约",
     "satisfaction_rate", "97.20", "98.60"),
    ("一次性告知单与办事指南统一", "nonconformity", "告知单漏列营业场所证明，群众多次跑腿", "按事项清单重新生成告知单并逐项核对",
     "coverage", "86.00", "92.50"),
    ("即办件清单扩容", "review", "即办件占比低于同类中心", "梳理 23 个承诺件改为即办件", "cases_immediate_share", "55.00", "61.30"),
    ("推行容缺受理", "suggestion", "次要材料缺失即退件", "制定容缺受理清单和承诺书", "cases_on_time_rate", "99.20", "100.00"),
    ("投诉答复模板与时限提醒", "complaint", "个别投诉超期答复", "投诉到期前一日短信提醒责任部门", "complaints_on_time", "91.70", "100.00"),
    ("窗口人员标准宣贯考核", "survey", "调查反映部分人员对标准不熟悉", "每月一次标准抽考，结果纳入窗口考评", "training_rate", "88.00", "96.00"),
    ("自助终端引导员", "survey", "老年群众不会使用自助终端", "设立帮办代办岗，配备引导员", "satisfaction_rate", "98.10", "98.90"),
    ("不动产登记流程再造", "review", "登记环节多、时限长", "合并审核环节，承诺时限由 5 日压缩至 3 日", "cases_early_rate", "93.00", "98.30"),
    ("内审检查表按条款细化", "nonconformity", "检查表只到标准一级，证据不具体", "按标准条款建立审核要点库", "", None, None),
    ("夜间延时服务", "suggestion", "上班族白天无法办事", "周三延时服务至 19:00", "", None, None),
    ("好差评不满意件回访", "complaint", "差评件未逐一回访", "差评件 2 个工作日内回访并整改", "satisfaction_rate", "98.40", None),
    ("标准复审提醒", "review", "个别标准超期未复审", "到期前 90 天提醒负责人", "", None, None),
]


def _people():
    office = User.objects.filter(groups__name=ROLE_GROUP_NAMES[Role.OFFICE], is_active=True).order_by("pk").first()
    heads = list(User.objects.filter(groups__name=ROLE_GROUP_NAMES[Role.DEPARTMENT_HEAD], is_active=True,
                                     department__isnull=False).select_related("department").order_by("pk"))
    return office, heads


def load(stdout) -> None:
    if Improvement.objects.exists():
        stdout.write("  improvements: present; kept")
        return
    office, heads = _people()
    if office is None or not heads:
        stdout.write("  improvements: no office user or department heads yet; skipped")
        return
    today = timezone.localdate()
    for n, (title, source, problem, measures, key, before, after) in enumerate(ITEMS):
        head = heads[n % len(heads)]
        started = today - dt.timedelta(days=330 - n * 25)
        item = improvement_create(
            actor=office, title=title, source=source, problem=problem, measures=measures, owner=head,
            department=head.department or Department.objects.first(), started_on=started,
            due_on=started + dt.timedelta(days=60), figure_key=key,
            value_before=Decimal(before) if before else None)
        if after is not None or (not key and n % 2):
            improvement_complete(actor=head, improvement=item, result=f"{measures}，已落实。",
                                 completed_on=min(started + dt.timedelta(days=45), today),
                                 value_after=Decimal(after) if after else None)
    stdout.write(f"  improvements: {len(ITEMS)} in the register")
