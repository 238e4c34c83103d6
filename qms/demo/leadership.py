"""Demo leading group: the 标准化工作领导小组 (the centre's director as 组长) and its office, their
members (one former member kept in the history), two meetings with minutes and decisions (those of
the first carried out and verified, those of the second still open, one overdue), the pilot's
实施方案 and this year's 工作计划 with tasks and figure targets (centre-wide and per department).
Through the services (history kept). Idempotent: skipped when any body exists."""

import datetime as dt

from django.utils import timezone

from qms.leadership.models import Body, Comparator, MemberRole, Plan, TaskStatus
from qms.leadership.services import bodies, meetings, plans
from qms.org.models import Department, User
from qms.org.selectors import organisation_profile

R = MemberRole

GROUP_DUTIES = ("负责中心标准化试点工作的统一领导和组织协调；审定标准化试点实施方案和年度工作计划；"
                "研究解决试点工作中的重大问题；督促检查各部门、各窗口标准化工作落实情况。")
OFFICE_DUTIES = ("领导小组办公室设在标准化办公室，负责领导小组日常工作：起草实施方案和年度计划，组织标准制修订、"
                 "宣贯培训、实施检查和评价改进，汇总报送试点工作进展。")

# (username or None, person name without a login, position, role)
GROUP = [
    ("manager", "", "", R.LEADER),
    ("zx_bgs_01", "", "", R.DEPUTY),
    ("office", "", "", R.MEMBER),
    ("auditor", "", "", R.MEMBER),
    ("admin", "", "", R.MEMBER),
    ("head", "", "", R.MEMBER),
    ("sw_01", "", "", R.MEMBER),
    ("bdc_01", "", "", R.MEMBER),
    (None, "吴晓峰", "县市场监督管理局标准化股股长（指导专家）", R.MEMBER),
]
OFFICE = [
    ("office", "", "", R.OFFICE_DIRECTOR),
    ("zx_bzh_01", "", "", R.OFFICE_MEMBER),
    ("zx_bzh_02", "", "", R.OFFICE_MEMBER),
    ("zx_dck_01", "", "", R.LIAISON),
]

SCHEME_TASKS = [
    ("成立标准化工作领导小组，制定试点实施方案", None, 3),
    ("梳理服务事项，编制服务标准体系表", "ZX-BZH", 5),
    ("制修订服务提供、服务保障标准", "ZX-BZH", 9),
    ("开展全员标准宣贯培训", "ZX-BZH", 10),
    ("开展标准实施检查与内部审核", "ZX-DCK", 12),
]
# (task, department code or None for the office, month)
YEAR_TASKS = [
    ("修订年度标准化工作计划并报领导小组审定", None, 1),
    ("更新服务标准体系表，确认采用标准现行有效", None, 3),
    ("组织新进人员和窗口人员标准宣贯培训", None, 4),
    ("开展上半年标准实施检查", "ZX-DCK", 6),
    ("不动产登记窗口“一窗受理”流程标准修订", "BDC", 6),
    ("税务窗口办税服务规范宣贯与考核", "SW", 7),
    ("组织年度内部审核", "ZX-DCK", 9),
    ("开展服务质量评议调查", None, 10),
    ("召开管理评审会议", None, 11),
    ("编制试点工作自评报告，准备验收材料", None, 12),
]
# (figure key, department code or None for the centre, comparator, value)
TARGETS = [
    ("coverage", None, Comparator.AT_LEAST, "90"),
    ("implementation_rate", None, Comparator.AT_LEAST, "95"),
    ("training_rate", None, Comparator.AT_LEAST, "95"),
    ("cases_on_time_rate", None, Comparator.AT_LEAST, "99"),
    ("satisfaction_rate", None, Comparator.AT_LEAST, "99"),
    ("survey_satisfaction_rate", None, Comparator.AT_LEAST, "98"),
    ("complaints_on_time", None, Comparator.AT_LEAST, "100"),
    ("cases_mean_days", None, Comparator.AT_MOST, "3"),
    ("cases_on_time_rate", "BDC", Comparator.AT_LEAST, "99.5"),
    ("acknowledgement_rate", "SCJG", Comparator.AT_LEAST, "98"),
    ("satisfaction_rate", "SW", Comparator.AT_LEAST, "99.5"),
]


def load(stdout) -> None:
    if Body.objects.exists():
        stdout.write("  leadership: present; kept")
        return
    users = {u.username: u for u in User.objects.filter(is_active=True).select_related("department")}
    manager, office = users.get("manager"), users.get("office")
    if manager is None or office is None:
        stdout.write("  leadership: no manager or office user yet; skipped")
        return
    departments = {d.code: d for d in Department.objects.all()}
    today = timezone.localdate()
    profile = organisation_profile()
    started = max(profile.pilot_start or today.replace(month=1, day=1), today - dt.timedelta(days=700))
    founded = min(started + dt.timedelta(days=9), today)
    group = bodies.body_save(actor=office, kind=Body.Kind.GROUP, name=f"{profile.short_name or profile.name}标准化工作领导小组",
                             established_on=founded, duties=GROUP_DUTIES, order=1)
    office_body = bodies.body_save(actor=office, kind=Body.Kind.OFFICE, name="领导小组办公室", parent=group,
                                   established_on=founded, duties=OFFICE_DUTIES, order=2)
    for body, rows in ((group, GROUP), (office_body, OFFICE)):
        for username, name, position, role in rows:
            user = users.get(username) if username else None
            if username and user is None:
                continue
            bodies.member_add(actor=office, body=body, role=role, term_start=founded, user=user, person_name=name,
                              position=position)
    former = bodies.member_add(actor=office, body=group, role=R.DEPUTY, term_start=founded, person_name="黄卫东",
                               position="中心原副主任")
    bodies.member_leave(actor=office, member=former, term_end=min(founded + dt.timedelta(days=200), today))
    _meetings(office, manager, group, users, today)
    _plans(office, manager, departments, today, started)
    stdout.write(f"  leadership: {group.name} ({group.memberships.count()} members), 2 meetings, 2 plans")


def _meetings(office, manager, group, users, today) -> None:
    members = [m.user for m in group.memberships.filter(user__isnull=False, term_end__isnull=True)]
    first_on = today - dt.timedelta(days=150)
    first = meetings.meeting_record(
        actor=office, body=group, title="标准化工作领导小组第一次会议", held_on=first_on, location="中心三楼会议室",
        chair=manager, attendees=members, other_attendees="吴晓峰（县市场监督管理局）",
        minutes="张志远主任主持会议。标准化办公室汇报试点工作进展和服务标准体系表修订情况。\n"
                "会议审议通过服务标准体系表（修订稿），要求各窗口对照体系表梳理岗位标准。")
    for text, owner, days in (("发布修订后的服务标准体系表并组织各窗口对照梳理", office, 30),
                              ("完成窗口岗位工作标准的补充制定", users.get("head", office), 60)):
        decision = meetings.decision_add(actor=office, meeting=first, text=text, owner=owner,
                                         due_on=first_on + dt.timedelta(days=days))
        decision = meetings.decision_complete(actor=owner, decision=decision, note="已按期完成，相关文件已归档。",
                                              completed_on=min(first_on + dt.timedelta(days=days - 3), today))
        meetings.decision_verify(actor=manager, decision=decision, effective=True, note="经抽查，已落实。")
    second_on = today - dt.timedelta(days=20)
    second = meetings.meeting_record(
        actor=office, body=group, title="标准化工作领导小组第二次会议（年度目标推进）", held_on=second_on,
        location="中心三楼会议室", chair=manager, attendees=members,
        minutes="会议听取年度工作计划执行情况汇报，逐项对照工作目标。\n"
                "评议满意率低于年度目标，学习确认率部分窗口偏低，要求责任部门限期整改。")
    meetings.decision_add(actor=office, meeting=second, text="对评议满意率偏低的问题开展专项整改，月底前报送整改方案",
                          owner=office, due_on=second_on + dt.timedelta(days=14))
    meetings.decision_add(actor=office, meeting=second, text="督促本窗口人员完成现行标准学习确认",
                          owner=users.get("head", office), due_on=second_on + dt.timedelta(days=40))


def _plans(office, manager, departments, today, started) -> None:
    scheme = plans.plan_save(
        actor=office, kind=Plan.Kind.SCHEME, year=started.year, title="省级服务业标准化试点项目实施方案",
        summary="一、指导思想和工作目标\n二、组织机构（成立标准化工作领导小组及办公室）\n"
                "三、实施步骤：准备阶段、实施阶段、自查评估阶段、验收阶段\n四、保障措施",
        approved_by=manager, approved_on=min(started + dt.timedelta(days=14), today))
    for text, code, month in SCHEME_TASKS:
        task = plans.task_add(actor=office, plan=scheme, text=text, due_month=month, department=departments.get(code))
        plans.task_set_status(actor=office, task=task, status=TaskStatus.DONE)
    year = today.year
    plan = plans.plan_save(
        actor=office, kind=Plan.Kind.YEARLY, year=year, title=f"{year}年度标准化工作计划",
        summary="围绕试点验收，巩固服务标准体系，提升标准实施率和群众满意度。\n"
                "年度工作目标分解到各责任部门，每季度由领导小组办公室通报进展。",
        approved_by=manager, approved_on=min(dt.date(year, 1, 15), today))
    for text, code, month in YEAR_TASKS:
        task = plans.task_add(actor=office, plan=plan, text=text, due_month=month, department=departments.get(code))
        status = TaskStatus.DONE if month < today.month else TaskStatus.ACTIVE if month == today.month else None
        if status:
            plans.task_set_status(actor=office, task=task, status=status)
    for key, code, comparator, value in TARGETS:
        if code and code not in departments:
            continue
        plans.target_set(actor=office, plan=plan, figure_key=key, comparator=comparator, value=value,
                         department=departments.get(code) if code else None)
