"""Demo training plan and staff assessment: this year's 年度培训计划 with the demo sessions linked
to its items (one item missed, later ones not yet due), tests with scores (a few failing, the
latest test's scores still to enter), external training, and three months of attendance imported
from the attendance system's export, scored into 员工考核 with each month's 服务之星.
Runs after qms.demo.lifecycle and qms.demo.evaluation; does nothing if it ran before."""

import datetime as dt
import io
import random
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.db.models import Case, Value, When
from django.utils import timezone
from openpyxl import Workbook

from audits.evaluation.models import Rating, StaffScore
from audits.evaluation.services.attendance_import import attendance_import
from audits.evaluation.services.staff import staff_score_set, staff_scorecards_compute
from qms.core.bulk import bulk_save_with_history
from qms.core.calendar import working_days_between
from qms.core.history import checks_left_to_database, save_with_reason
from qms.org.models import Department, Role
from standards import services
from standards.models import TrainingPlan, TrainingScore, TrainingSession
from standards.selectors import users_with_role

EXTRA_ITEMS = [
    (2, "新入职人员岗前培训", "新入职人员", "王明"),
    (7, "服务礼仪与情绪管理", "全体窗口人员", "李娟"),
    (10, "标准化知识测试与复训", "全体窗口人员", "陈思远"),
    (11, "年度标准实施情况总结培训", "各部门负责人", "王明"),
]
EXTERNAL = [
    ("全省政务服务标准化建设培训班", "省政务服务和公共资源交易中心", 24, "ZWBZ-{y}-0{n}"),
    ("政务服务“好差评”工作业务培训", "市政务服务管理局", 8, ""),
    ("GB/T 19001 内审员培训", "市标准化协会", 32, "NSY{y}{n:03d}"),
]
LATE_WEIGHTS = [0] * 12 + [1] * 4 + [2, 3]


def load(stdout) -> None:
    year = timezone.localdate().year
    if TrainingPlan.objects.filter(year=year).exists():
        stdout.write("training: already loaded")
        return
    office = list(users_with_role(Role.OFFICE))
    sessions = list(TrainingSession.objects.filter(held_on__year=year).order_by("held_on"))
    if not office or not sessions:
        stdout.write("training: skipped (office users or this year's sessions missing)")
        return
    rng = random.Random(2016)  # noqa: S311 - deterministic demo data
    # Field rules per save, the constraints are the database's (as qms.demo.standards).
    with checks_left_to_database():
        with transaction.atomic():
            _plan(office[0], year, sessions, rng)
            _external(office[0], rng)
        _attendance_and_stars(stdout, office[0], rng)
    stdout.write("training: plan, tests, external training, attendance and 服务之星 loaded")


def _plan(actor, year, sessions, rng):
    today = timezone.localdate()
    plan = services.training_plan_create(actor=actor, year=year, notes="依据标准体系实施计划和上年度培训需求调查编制。")
    windows = list(Department.objects.filter(kind=Department.Kind.DEPARTMENT, is_active=True))
    for session in sessions:
        item = services.training_plan_item_add(
            actor=actor, plan=plan, topic=session.title, month=session.held_on.month,
            departments=list(session.departments.all()), editions=list(session.editions.all()),
            trainer=session.trainer)
        session.plan_item = item
        session.pass_mark = Decimal("60") if session.pk % 3 != 1 else None  # two in three are tested
        save_with_reason(session, actor=actor, reason="关联年度培训计划")
    missed_month = max(1, min(today.month - 1, 12))
    for month, topic, audience, trainer in [(missed_month, "政务服务事项标准化梳理培训", "", "李娟"), *EXTRA_ITEMS]:
        services.training_plan_item_add(actor=actor, plan=plan, topic=topic, month=month, audience=audience,
                                        departments=rng.sample(windows, min(3, len(windows))) if not audience else [],
                                        trainer=trainer)
    tested = [s for s in sessions if s.pass_mark is not None]
    rows = []
    for session in tested[:-1] if len(tested) > 1 else tested:  # the latest test's scores are still to enter
        for user in session.attendees.all():
            score = Decimal(rng.randint(48, 59)) if rng.random() < 0.08 else Decimal(rng.randint(62, 99))
            rows.append(TrainingScore(session=session, user=user, score=score, recorded_by=actor))
    bulk_save_with_history(TrainingScore, created=rows, actor=actor, reason="导入考核成绩")


def _external(actor, rng):
    year = timezone.localdate().year
    people = list(get_user_model().objects.filter(is_active=True, department__isnull=False).order_by("username"))
    for n, user in enumerate(rng.sample(people, min(7, len(people))), start=1):
        course, organiser, hours, certificate = EXTERNAL[n % len(EXTERNAL)]
        start = dt.date(year, 1, 1) + dt.timedelta(days=rng.randint(20, max(21, timezone.localdate().timetuple().tm_yday - 10)))
        services.external_training_record(
            actor=actor, user=user, course=course, organiser=organiser, started_on=start,
            ended_on=start + dt.timedelta(days=max(0, hours // 8 - 1)), hours=Decimal(hours),
            certificate_number=certificate.format(y=year, n=n))


def _months_back(n):
    first = timezone.localdate().replace(day=1)
    months = []
    for _ in range(n):
        first = (first - dt.timedelta(days=1)).replace(day=1)
        months.append(first)
    return sorted(months)


def _attendance_workbook(people, months, rng) -> bytes:
    """As the attendance system exports it: title rows, then 工号/姓名/部门/月份 and the counts."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "月度考勤汇总"
    sheet.append(["清河县政务服务中心 月度考勤汇总表"])
    sheet.append([f"统计期间：{months[0]:%Y-%m} 至 {months[-1]:%Y-%m}"])
    sheet.append(["序号", "工号", "姓名", "部门", "考勤月份", "应出勤(天)", "实际出勤(天)", "迟到早退(次)", "缺勤(次)"])
    n = 0
    for month in months:
        end = (month + dt.timedelta(days=32)).replace(day=1) - dt.timedelta(days=1)
        due = working_days_between(month - dt.timedelta(days=1), end)
        for user in people:
            absent = 1 if rng.random() < 0.06 else 0
            leave = 1 if rng.random() < 0.1 else 0
            n += 1
            sheet.append([n, user.username, user.display_name, str(user.department), f"{month:%Y年%m月}", due,
                          due - absent - leave, rng.choice(LATE_WEIGHTS), absent])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _link_ratings(names: dict, *, since: dt.date) -> None:
    """The hall system's ratings name the staff member: link them to the person, in one UPDATE."""
    if names:
        Rating.objects.filter(staff__isnull=True, staff_name__in=list(names), rated_on__gte=since).update(
            staff=Case(*[When(staff_name=name, then=Value(user.pk)) for name, user in names.items()]))


def _attendance_and_stars(stdout, actor, rng):
    people = list(get_user_model().objects.filter(is_active=True, department__kind=Department.Kind.DEPARTMENT)
                  .select_related("department").order_by("department__order", "username"))
    if not people:
        return
    months = _months_back(3)
    names = {u.display_name: u for u in people}
    with transaction.atomic():
        _link_ratings(names, since=months[0])
        data = _attendance_workbook(people, months, rng)
        attendance_import(actor=actor, upload=SimpleUploadedFile("考勤汇总.xlsx", data), filename="考勤汇总.xlsx")
        for month in months:
            staff_scorecards_compute(actor=actor, month=month)
            conduct = list(StaffScore.objects.filter(card__month=month, criterion__source="manual")
                           .select_related("card"))
            for score in rng.sample(conduct, min(3, len(conduct))):
                staff_score_set(actor=actor, score=score, value=Decimal(rng.choice([90, 95])),
                                note=rng.choice(["未按规定着工装", "窗口离岗未放置暂停服务牌", "一次性告知不完整"]))
    stdout.write(f"  training: attendance of {len(people)} people for {len(months)} months imported and scored")
