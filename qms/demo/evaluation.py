"""Demo data for service evaluation and management review: a year of 一事一评 ratings, two
surveys, a dozen complaints in every state, twelve monthly scorecards and notices, and one
completed management review with open actions.

Ratings (tens of thousands) are inserted in batches (`qms.core.bulk.bulk_insert`, in one
transaction: all or none) and carry no per-row history, as in production (see
audits.evaluation.models.satisfaction); complaints, scorecards and reviews go through the
services and keep their history. Idempotent: each part is skipped when its records exist.
Departments and users are looked up by role and kind, never by id; without windows or an office
user the loader does nothing."""

import calendar
import datetime as dt
import random
from decimal import Decimal

from django.apps import apps
from django.db import transaction
from django.utils import timezone

from audits.evaluation import sources
from audits.evaluation.models import (
    Complaint,
    Feedback,
    Grade,
    ManagementReview,
    Rating,
    Scale,
    Score,
    Scorecard,
    ScoreCriterion,
    Survey,
)
from audits.evaluation.services import complaints as complaint_svc
from audits.evaluation.services import reviews as review_svc
from audits.evaluation.services.complaints import complaints_escalate
from audits.evaluation.services.scorecards import (
    criterion_update,
    score_set,
    scorecards_compute,
    scorecards_publish,
)
from audits.evaluation.services.surveys import survey_create, survey_responses_add, survey_transition
from qms.core.bulk import bulk_insert
from qms.core.history import checks_left_to_database, save_with_reason
from qms.org.models import ROLE_GROUP_NAMES, Department, Role, User

PREFIX = "DEMO-"
BATCH = 5000
ITEMS = {
    "市场": ["企业设立登记", "企业变更登记", "个体工商户登记", "食品经营许可"],
    "税务": ["发票申领", "税务登记", "纳税申报辅导", "社保费缴纳"],
    "公安": ["居民身份证办理", "户口迁移", "出入境证件办理"],
    "人社": ["社会保障卡办理", "失业登记", "养老保险关系转移"],
    "不动产": ["不动产登记", "抵押登记", "查封登记查询"],
    "民政": ["婚姻登记", "低保申请", "殡葬服务"],
    "住建": ["建筑工程施工许可", "商品房预售许可"],
    "卫生": ["医师执业注册", "公共场所卫生许可"],
    "医保": ["医保转诊备案", "医保关系转移"],
}
STAFF_NAMES = ["李娜", "王强", "张敏", "刘洋", "陈静", "杨帆", "赵磊", "黄丽", "周杰", "吴倩", "徐涛", "孙悦"]
REASONS = ["等候时间长", "材料要求反复告知", "工作人员态度生硬", "系统故障未能当天办结", "窗口人员离岗"]


def _role_user(role):
    return User.objects.filter(groups__name=ROLE_GROUP_NAMES[role], is_active=True).order_by("pk").first()


def _items_for(department) -> list[str]:
    for key, items in ITEMS.items():
        if key in department.name:
            return items
    return [f"{department.name.removesuffix('窗口')}综合业务"]


def _months(today: dt.date) -> list[dt.date]:
    """The twelve complete months before this one, oldest first."""
    first = today.replace(day=1)
    months = []
    for _ in range(12):
        first = (first - dt.timedelta(days=1)).replace(day=1)
        months.append(first)
    return months[::-1]


def load(stdout) -> None:
    windows = list(Department.objects.filter(kind=Department.Kind.DEPARTMENT, is_active=True))
    office = _role_user(Role.OFFICE)
    if not windows or office is None:
        stdout.write("  evaluation: no windows or office user yet; skipped")
        return
    today = timezone.localdate()
    months = _months(today)
    # One transaction; field rules per save, the constraints are the database's (as qms.demo.standards).
    with transaction.atomic(), checks_left_to_database():
        _ratings(stdout, windows, months, today)
        _surveys(stdout, office, months)
        _complaints(stdout, office, windows, today)
        _scorecards(stdout, office, months)
        _review(stdout, office, windows, months, today)


@transaction.atomic
def _ratings(stdout, windows, months, today) -> None:
    if Rating.objects.filter(case_number__startswith=PREFIX).exists():
        stdout.write("  evaluation: ratings present; kept")
        return
    rng = random.Random(2024)
    weak = {w.pk for w in sorted(windows, key=lambda w: w.code)[1:3]}  # two windows with more 不满意
    staff = {w.pk: [u.display_name for u in w.users.all()[:4]] or rng.sample(STAFF_NAMES, 3) for w in windows}
    items = {w.pk: _items_for(w) for w in windows}
    rows, n = [], 0
    day = months[0]
    while day < today.replace(day=1):
        if day.weekday() < 5:
            for window in windows:
                for _ in range(rng.randint(3, 9)):
                    n += 1
                    rows.append(_rating(rng, n, day, window.pk, items[window.pk], staff[window.pk], window.pk in weak))
        day += dt.timedelta(days=1)
        if len(rows) >= BATCH:  # a batch at a time: tens of thousands of instances never held at once
            bulk_insert(Rating, rows, batch_size=BATCH)  # no history of their own, as imported ratings
            rows = []
    bulk_insert(Rating, rows, batch_size=BATCH)
    stdout.write(f"  evaluation: {n} ratings over {len(windows)} windows")


# Rating's columns with their defaults: each row is planned as plain values for `bulk_insert`
# (no instance built for tens of thousands of rows).
_RATING_DEFAULTS = {f.attname: f.get_default() for f in Rating._meta.concrete_fields if not f.primary_key}


def _rating(rng, n, day, window_id, items, staff, weak) -> dict:
    roll = rng.random()
    bad, basic = (0.035, 0.06) if weak else (0.004, 0.02)
    grade = Grade.DISSATISFIED if roll < bad else Grade.BASIC if roll < bad + basic else Grade.SATISFIED
    return {**_RATING_DEFAULTS, "case_number": f"{PREFIX}{day:%Y%m%d}-{n:06d}", "rated_on": day,
            "department_id": window_id, "item_name": rng.choice(items), "staff_name": rng.choice(staff),
            "grade": grade, "reason": rng.choice(REASONS) if grade == Grade.DISSATISFIED else "",
            "finished_on_time": rng.random() > (0.03 if weak else 0.005), "source": Rating.Source.IMPORT}


def _surveys(stdout, office, months) -> None:
    rng = random.Random(7)
    plans = [("企业评议窗口服务（上半年）", months[2], "入驻企业代表"), ("群众评议窗口服务（下半年）", months[8], "办事群众")]
    for title, month, audience in plans:
        if Survey.objects.filter(title=title).exists():
            continue
        end = month.replace(day=calendar.monthrange(month.year, month.month)[1])
        survey = survey_create(actor=office, title=title, audience=audience, starts_on=month, ends_on=end, questions=[
            ("窗口工作人员服务态度", Scale.FIVE), ("办事指南和一次性告知是否清楚", Scale.FIVE),
            ("办理时限是否符合承诺", Scale.FIVE), ("是否遇到“吃拿卡要”现象", Scale.YES_NO),
            ("对大厅环境和便民设施的总体评价", Scale.SATISFACTION), ("您对中心服务还有哪些意见和建议？", Scale.TEXT)])
        survey_transition(actor=office, survey=survey, to_status=Survey.Status.OPEN)
        questions = list(survey.questions.all())
        words = random.Random(f"{title}-opinions")  # apart from `rng`, so the scale answers stay as they were
        forms = []
        for i in range(rng.randint(35, 60)):
            answers = {q.pk: _opinion(words) if q.is_text else _answer(rng, q.scale) for q in questions}
            forms.append({"answers": answers, "respondent": f"答卷{i + 1:03d}",
                          "submitted_on": month + dt.timedelta(days=rng.randint(0, 25))})
        survey_responses_add(actor=office, survey=survey, responses=forms)
        survey_transition(actor=office, survey=survey, to_status=Survey.Status.CLOSED)
    stdout.write("  evaluation: 2 surveys")


OPINIONS = ["希望增加午间延时服务", "停车位偏少，高峰期停车困难", "自助终端操作说明可以再简单些",
            "工作人员很耐心，点赞", "网上预约与现场叫号能否打通", "建议增设老年人绿色通道"]


def _opinion(words) -> str:
    """A written answer to the text question; most respondents leave it blank."""
    return words.choice(OPINIONS) if words.random() < 0.2 else ""


def _answer(rng, scale) -> int:
    if scale == Scale.YES_NO:
        return 0 if rng.random() < 0.97 else 1  # the question asks about misconduct: 否 is good
    if scale == Scale.SATISFACTION:
        return rng.choices([3, 2, 1], [88, 10, 2])[0]
    return rng.choices([5, 4, 3, 2, 1], [70, 24, 4, 1.5, 0.5])[0]


COMPLAINTS = [
    # days ago, channel, name, phone, window index, description, outcome
    (300, "hotline", "张建国", "13803710001", 1, "办理营业执照时被要求补交三次材料，每次告知的不一样。", "closed_true_nc"),
    (260, "window", "李秀英", "13903710002", 2, "窗口人员中午提前离岗，等了四十分钟。", "closed_true_nc"),
    (220, "web", "王海", "13703710003", 0, "网上预约后到现场仍需重新排号。", "closed_false"),
    (180, "letter", "赵桂兰", "", 3, "来信反映大厅缺少老花镜、轮椅等便民设施。", "closed_true"),
    (150, "phone", "刘志强", "13603710005", 1, "对发票申领答复不满意，认为没有解决问题。", "reopened"),
    (120, "hotline", "陈丽", "13503710006", 2, "抵押登记超过承诺时限两天。", "closed_true"),
    (90, "web", "杨光", "13403710007", 4, "咨询电话长时间无人接听。", "closed_false"),
    (60, "window", "黄美玲", "13303710008", 0, "工作人员服务用语不规范。", "replied"),
    (40, "phone", "周斌", "13203710009", 5, "办理进度查询信息未及时更新。", "replied"),
    (4, "hotline", "吴小红", "13103710010", 3, "导办人员引导错误窗口。", "investigating"),
    (15, "web", "徐明", "13003710011", 1, "自助终端打印故障无人处理。", "overdue"),
    (2, "window", "孙丽娟", "18903710012", 2, "取号机叫号顺序混乱。", "received"),
]


@transaction.atomic
def _complaints(stdout, office, windows, today) -> None:
    if Complaint.objects.exists():
        stdout.write("  evaluation: complaints present; kept")
        return
    raised = 0
    for days, channel, name, phone, index, text, outcome in COMPLAINTS:
        window = windows[index % len(windows)]
        received = today - dt.timedelta(days=days)
        c = complaint_svc.complaint_create(actor=office, channel=channel, complainant_name=name,
                                           complainant_phone=phone, department=window, description=text,
                                           item_name=_items_for(window)[0], received_on=received)
        if outcome in ("received", "overdue"):
            continue
        complaint_svc.complaint_investigate(actor=office, complaint=c, note="调阅叫号记录和监控，询问当事人。")
        if outcome == "investigating":
            continue
        true = outcome.startswith("closed_true") or outcome == "reopened"
        replied_on = min(c.due_on - dt.timedelta(days=1 if days % 2 else 0), today)
        c = complaint_svc.complaint_reply(actor=office, complaint=c, substantiated=true, replied_on=replied_on,
                                          reply="经调查核实，已向您说明情况并致歉，已责成窗口整改。" if true else
                                          "经调查，窗口按标准办理，已向您解释相关规定。")
        if outcome == "reopened":
            complaint_svc.complaint_reopen(actor=office, complaint=c, reason="投诉人认为答复未解决实际问题")
        elif outcome.startswith("closed"):
            complaint_svc.complaint_close(actor=office, complaint=c, feedback=Feedback.SATISFIED)
        if outcome.endswith("_nc") and sources.nonconformity_raiser() is not None:
            grades = [value for value, _label in sources.nonconformity_grades()]
            grade = "minor" if "minor" in grades else grades[0]
            complaint_svc.complaint_raise_nonconformity(actor=office, complaint=c, grade=grade,
                                                        description=f"投诉属实：{text}", clause="")
            raised += 1
    escalated = complaints_escalate(today=today)
    stdout.write(f"  evaluation: {len(COMPLAINTS)} complaints ({escalated} escalated, {raised} nonconformities)")


def _case_criteria(office) -> None:
    """With the hall's cases imported, 按时办结 is scored from the cases' 按期办结率 and a 提前办结
    criterion (weight taken from 现场检查) from their 提前办结率, as a centre would set it up."""
    if not apps.is_installed("audits.cases"):
        return
    from audits.cases.models import Case

    if not Case.objects.exists() or ScoreCriterion.objects.filter(source="cases_early").exists():
        return
    on_time = ScoreCriterion.objects.filter(code="on_time").first()
    if on_time is not None:
        criterion_update(actor=office, criterion=on_time, source="cases_on_time", weight=on_time.weight,
                         deduction=on_time.deduction, is_active=on_time.is_active,
                         description="按期办结率（办件记录）每低 1 个百分点扣 2 分")
    inspection = ScoreCriterion.objects.filter(code="inspection").first()
    if inspection is not None and inspection.weight >= 5:
        criterion_update(actor=office, criterion=inspection, weight=inspection.weight - 5,
                         deduction=inspection.deduction, is_active=inspection.is_active,
                         description=inspection.description)
        early = ScoreCriterion(code="early", name="提前办结", source="cases_early", weight=Decimal(5),
                               deduction=Decimal("0.5"), order=inspection.order + 1,
                               description="承诺件提前办结率（办件记录）每低 1 个百分点扣 0.5 分")
        save_with_reason(early, actor=office, reason="演示：考评项目引用办件数据")


def _scorecards(stdout, office, months) -> None:
    rng = random.Random(11)
    done = 0
    _case_criteria(office)
    for month in months:
        if Scorecard.objects.filter(month=month).exists():
            continue
        scorecards_compute(actor=office, month=month)
        manual = list(Score.objects.filter(scorecard__month=month, criterion__source="manual")
                      .select_related("criterion", "scorecard"))
        for score in rng.sample(manual, k=min(3, len(manual))):
            value = Decimal(rng.choice([90, 95, 80]))
            score_set(actor=office, score=score, value=value, note=f"{score.criterion.name}抽查扣分（{month:%m}月）")
        scorecards_publish(actor=office, month=month, issued_on=min(month + dt.timedelta(days=40), timezone.localdate()))
        done += 1
    stdout.write(f"  evaluation: {done} monthly scorecards published")


def _review(stdout, office, windows, months, today) -> None:
    manager = _role_user(Role.MANAGER) or office
    title = f"{months[-1].year}年度管理评审"
    if ManagementReview.objects.filter(title=title).exists():
        return
    end = months[-1].replace(day=calendar.monthrange(months[-1].year, months[-1].month)[1])
    held = min(today, end + dt.timedelta(days=5))
    review = review_svc.review_create(actor=manager, title=title, period_start=months[0], period_end=end,
                                      planned_on=held, location="中心三楼会议室", chair=manager)
    heads = {u.department_id: u for u in User.objects.filter(groups__name=ROLE_GROUP_NAMES[Role.DEPARTMENT_HEAD])}
    for window in windows[:3]:
        author = heads.get(window.pk, manager)
        review_svc.review_input_save(actor=author if author.department_id == window.pk else manager, review=review,
                                     department=window, text=f"{window.name}：本年度办件量同比增长，建议增设一名AB岗人员。")
    attendees = list(User.objects.filter(groups__name__in=[ROLE_GROUP_NAMES[r] for r in (
        Role.MANAGER, Role.OFFICE, Role.DEPARTMENT_HEAD)]).distinct()[:12])
    review_svc.review_hold(actor=manager, review=review, held_on=held, attendees=attendees or [manager],
                           minutes="中心主任主持会议，标准化办公室汇报评审输入，各窗口负责人发言。\n"
                                   "会议讨论了满意率偏低窗口的整改和投诉处理时限问题。",
                           conclusion="质量管理体系和服务标准体系运行基本有效，满意率总体达到目标；"
                                      "两个窗口不满意评价集中，需专项整改。")
    owner = heads.get(windows[1].pk, office) if len(windows) > 1 else office
    decisions = [
        ("对不满意评价集中的窗口开展专项整改", [("制定整改方案并组织服务礼仪培训", owner, 30, "closed"),
                                             ("每周抽查窗口服务录像并通报", owner, 60, "open")]),
        ("修订投诉处理规范，明确超期升级规则", [("修订投诉处理规范并发布", office, 45, "done")]),
        ("增配自助终端并建立故障响应机制", [("采购两台自助终端", manager, -10, "open")]),
    ]
    for text, actions in decisions:
        decision = review_svc.decision_record(actor=manager, review=review, text=text, actions=[
            {"description": d, "owner": o, "due_on": held + dt.timedelta(days=days)} for d, o, days, _s in actions])
        for action, (_d, o, _days, state) in zip(decision.actions.order_by("pk"), actions, strict=True):
            if state in ("done", "closed"):
                action = review_svc.action_complete(actor=o, action=action, note="已按期完成，附培训签到表。")
            if state == "closed":
                review_svc.action_verify(actor=manager, action=action, effective=True, note="抽查有效。")
    review_svc.review_close(actor=manager, review=review)
    stdout.write(f"  evaluation: management review {review.number} (closed, open actions)")
