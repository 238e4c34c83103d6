"""Demo audits: this year's programme, two completed audits and one under way, and a dozen
nonconformities across grades, sources and corrective-action statuses (one overdue, one repeat,
one whose cause is a faulty standard and so raised a change request).

Everything goes through the audits services, so numbers, timelines and history are real. Dates
of the completed steps are then set back to when they happened, as a centre does when it enters
last spring's paper records ("按纸质记录补录"). Idempotent: nothing is done when this year's
programme exists. Does nothing harmful when departments, auditors or standards are missing."""

import datetime as dt

from django.db import transaction
from django.utils import timezone

from audits import services
from audits.models import AuditProgramme, Grade, Nonconformity, Result, Source
from audits.selectors.nonconformities import department_heads
from qms.core.history import checks_left_to_database, save_with_reason
from qms.core.models import WorkflowEvent
from qms.core.workflow import events_for
from qms.org.models import ROLE_GROUP_NAMES, Department, Role, User
from standards.models import Standard, StandardStatus
from standards.selectors.standards import node_current

REASON = "演示数据：按纸质记录补录日期"
FINDINGS = [  # (clause, evidence, description)
    ("5.2", "抽查一次性告知单 10 份，3 份无申请人签字", "一次性告知单未按标准要求由申请人签字确认"),
    ("6.1", "叫号系统记录显示 2 笔承诺件超过承诺时限 1 个工作日", "承诺件未在承诺时限内办结"),
    ("4.3", "首问登记表当月缺 5 天记录", "首问负责登记不完整"),
    ("7.2", "窗口未放置最新版办事指南，仍为上一版", "窗口公示的办事指南不是现行版本"),
    ("5.4", "AB 岗替岗记录未填写替岗原因", "AB 岗替岗记录不完整"),
    ("8.1", "现场询问 2 名窗口人员，不了解投诉处理时限", "窗口人员对投诉处理规范掌握不足"),
]


def load(stdout) -> None:
    today = timezone.localdate()
    if AuditProgramme.objects.filter(year=today.year).exists():
        stdout.write(f"  {today.year} 年度内审方案已存在，未改动")
        return
    cast = _cast()
    if cast is None:
        stdout.write("  跳过：缺少内审员、带部门负责人的进驻部门或现行标准（请先载入组织和标准演示数据）")
        return
    # Field rules per save; the constraints are the database's, inside this one transaction.
    with transaction.atomic(), checks_left_to_database():
        count = _Builder(today=today, **cast).run()
    stdout.write(f"  年度内审方案 1 个，审核 3 次（已完成 2 次），不符合项 {count} 项")


def _cast() -> dict | None:
    auditors = list(User.objects.filter(groups__name=ROLE_GROUP_NAMES[Role.AUDITOR], is_active=True,
                                        department__isnull=False).distinct().order_by("username"))
    if not auditors:
        return None
    lead = next((u for u in auditors if u.username == "auditor"), auditors[0])
    team = [u for u in auditors if u.pk != lead.pk][:1]
    own = {u.department_id for u in [lead, *team]}
    head_depts = set(User.objects.filter(groups__name=ROLE_GROUP_NAMES[Role.DEPARTMENT_HEAD], is_active=True)
                     .values_list("department_id", flat=True))
    departments = [d for d in Department.objects.filter(kind=Department.Kind.DEPARTMENT, is_active=True)
                   if d.pk in head_depts and d.pk not in own][:8]
    nodes = [node_current(c) for c in ("301", "302", "303")]
    standards = list(Standard.objects.filter(status=StandardStatus.IN_FORCE, node__in=nodes)
                     .order_by("code").prefetch_related("applicable_departments")[:40])
    if len(departments) < 4 or len(standards) < 3:
        return None
    return {"lead": lead, "team": team, "departments": departments, "standards": standards}


class _Builder:
    def __init__(self, *, today, lead, team, departments, standards):
        self.today, self.lead, self.team = today, lead, team
        self.departments, self.standards = departments, standards
        self.office = User.objects.filter(groups__name=ROLE_GROUP_NAMES[Role.OFFICE]).first() or lead

    def ago(self, days: int) -> dt.date:
        return self.today - dt.timedelta(days=days)

    def run(self) -> int:
        year = self.today.year
        programme = services.programme_create(
            actor=self.lead, year=year, title=f"{year}年度内部审核方案",
            objectives="验证服务标准体系运行的符合性和有效性；一个年度内覆盖全部进驻部门窗口和服务提供标准子体系。",
            frequency_note="上半年、下半年各开展一次全面内审；年底对问题较多的窗口开展跟踪审核。")
        first = self._audit(programme, "第一次内部审核", self.departments[:4], start=self.ago(200))
        second = self._audit(programme, "第二次内部审核", self.departments[4:8] or self.departments[:4],
                             start=self.ago(110))
        ncs = self._first_audit_findings(first) + self._second_audit_findings(second)
        self._finish(first, "审核覆盖 4 个窗口，服务标准总体得到执行，告知与时限管理仍有薄弱环节。",
                     observation="窗口办事指南为现行版本，但部分纸质表格样表已磨损，建议及时更换。")
        self._finish(second, "审核覆盖 4 个窗口，标准执行情况较上次改善；个别标准条款与实际流程不一致，需修订。",
                     observation="AB 岗交接记录填写完整，但交接事项描述较笼统，建议细化到具体办件编号。")
        ncs += self._other_sources(ncs[1])
        self._follow_up(programme)
        return len(ncs)

    # --- audits -------------------------------------------------------------------------------
    def _audit(self, programme, title, departments, *, start):
        audit = services.audit_create(
            actor=self.lead, title=f"{programme.year}年度{title}", lead_auditor=self.lead, team=self.team,
            programme=programme, planned_month=start.month, departments=departments,
            objectives="检查各窗口执行服务标准的情况，发现问题，推动改进。",
            criteria="GB/T 19001-2016；GB/T 24421 系列；本中心服务标准体系表所列现行标准",
            start_date=start, end_date=start + dt.timedelta(days=2), distribution="中心领导、各科室、各进驻部门窗口")
        services.checklist_items_add(actor=self.lead, audit=audit, items=[
            {"department": department, "standard": standard, "requirement": f"按《{standard.name}》核查执行情况及记录"}
            for index, department in enumerate(departments) for standard in self._standards_for(department, index)])
        services.audit_start(actor=self.lead, audit=audit, opening_notes="召开首次会议，介绍审核范围、准则和日程。")
        return audit

    def _standards_for(self, department, index: int) -> list:
        applicable = [s for s in self.standards if s.responsible_department_id == department.pk
                      or any(d.pk == department.pk for d in s.applicable_departments.all())]
        pool = applicable or self.standards
        return [pool[(index + k) % len(pool)] for k in range(min(3, len(pool)))]

    def _finish(self, audit, conclusion, observation: str = ""):
        pending = audit.items.filter(result=Result.PENDING).order_by("-order")
        if observation and pending:  # recorded on the item, not numbered as a nonconformity
            services.checklist_item_record(actor=self.lead, item=pending[0], result=Result.OBSERVATION,
                                           evidence=observation)
        for item in audit.items.filter(result=Result.PENDING):
            services.checklist_item_record(actor=self.lead, item=item, result=Result.CONFORM,
                                           evidence="查阅记录、现场观察，符合标准要求")
        services.audit_complete(actor=self.lead, audit=audit, conclusion=conclusion, summary=conclusion,
                                closing_notes="召开末次会议，通报审核发现，受审部门负责人确认不符合项。",
                                end_date=audit.start_date + dt.timedelta(days=2))
        audit.status_changes.update(at=_moment(audit.start_date))

    def _finding(self, audit, index: int, grade: str):
        items = list(audit.items.order_by("order"))
        item = items[(index * 2) % len(items)]
        clause, evidence, description = FINDINGS[index % len(FINDINGS)]
        nc = services.nonconformity_raise(actor=self.lead, department=item.department, standard=item.standard,
                                          clause=clause, description=description, evidence=evidence, grade=grade,
                                          source=Source.INTERNAL_AUDIT, source_ref=audit.number, checklist_item=item,
                                          raised_on=audit.start_date + dt.timedelta(days=1))
        services.checklist_item_record(actor=self.lead, item=item, result=Result.NONCONFORM, evidence=evidence,
                                       clause=clause)
        return nc

    def _first_audit_findings(self, audit) -> list:
        ncs = [self._finding(audit, 0, Grade.MAJOR), self._finding(audit, 1, Grade.MINOR),
               self._finding(audit, 2, Grade.MINOR)]
        self._close(ncs[0], plan_days=8, done_days=35, closed_days=60)
        self._close(ncs[1], plan_days=6, done_days=20, closed_days=40)
        self._walk(ncs[2], until="judge_ineffective")
        return ncs

    def _second_audit_findings(self, audit) -> list:
        ncs = [self._finding(audit, 3, Grade.MAJOR), self._finding(audit, 4, Grade.MINOR),
               self._finding(audit, 5, Grade.MINOR)]
        self._walk(ncs[0], until="accept", faulty_standard=True)
        self._walk(ncs[1], until="report")
        self._walk(ncs[2], until="verify")
        return ncs

    def _other_sources(self, repeated) -> list:
        d = self.departments
        raise_ = self._raise
        repeat = raise_(repeated.department, repeated.standard, repeated.clause, "投诉反映申请人未收到一次性告知单",
                        Grade.MINOR, Source.COMPLAINT, f"TS-{self.today.year}-014", 60)
        self._close(repeat, plan_days=5, done_days=12, closed_days=20)
        overdue = raise_(d[1], self.standards[1], "6.3", "实施检查发现窗口服务评价器故障未及时报修",
                         Grade.MINOR, Source.IMPLEMENTATION_CHECK, "实施检查记录 第 9 期", 40)
        external = raise_(d[2], self.standards[2], "7.1", "监督审核提出：档案借阅登记不规范（观察项）",
                          Grade.OBSERVATION, Source.EXTERNAL_AUDIT, "认证机构监督审核报告", 90)
        self._close(external, plan_days=7, done_days=14, closed_days=20)
        review = raise_(d[3], self.standards[0], "", "管理评审指出：窗口满意度连续两月低于 98%",
                        Grade.MINOR, Source.MANAGEMENT_REVIEW, "管理评审会议纪要", 12)
        self._walk(review, until="propose")
        fresh = raise_(d[0], self.standards[0], "4.1", "实施检查发现窗口工作人员未佩戴工作牌（观察项）",
                       Grade.OBSERVATION, Source.IMPLEMENTATION_CHECK, "实施检查记录 第 12 期", 3)
        complaint = raise_(d[1], self.standards[1], "6.1", "投诉反映不动产登记承诺件超期 2 个工作日",
                           Grade.MINOR, Source.COMPLAINT, f"TS-{self.today.year}-021", 20)
        self._walk(complaint, until="accept")
        return [repeat, overdue, external, review, fresh, complaint]

    def _raise(self, department, standard, clause, description, grade, source, ref, days_ago):
        return services.nonconformity_raise(actor=self.lead if source != Source.COMPLAINT else self.office,
                                            department=department, standard=standard, clause=clause,
                                            description=description, grade=grade, source=source, source_ref=ref,
                                            raised_on=self.ago(days_ago))

    # --- corrective actions -----------------------------------------------------------------
    def _walk(self, nc, *, until: str, faulty_standard: bool = False):
        """Take the nonconformity's first round through the steps up to `until`."""
        head = department_heads(nc.department_id)[0]
        action = nc.actions.get()
        plan = dict(correction="对已发现的问题立即整改，补齐相关记录。",
                    why_chain=["窗口人员未按标准操作", "岗位培训未覆盖该条款", "培训计划未随标准换版更新"],
                    root_cause="标准换版后未及时组织宣贯，岗位人员不掌握新要求。",
                    action_plan="组织窗口人员专题培训；负责人每周抽查 5 份记录，连续一个月。",
                    owner=head, due_date=self.today + dt.timedelta(days=20))
        if faulty_standard:
            plan.update(cause_is_standard=True, root_cause="标准条款与现行审批流程不一致，窗口无法照做。",
                        change_proposal=f"修订 {nc.clause} 条，使其与现行流程一致。")
        steps = ["propose", "accept", "report", "verify", "judge_effective", "judge_ineffective"]
        for step in steps[: steps.index(until) + 1]:
            if step == "judge_effective" and until == "judge_ineffective":
                continue
            self._step(step, action, head, plan, review_later=until == "verify")
        return action

    def _step(self, step, action, head, plan, *, review_later: bool = False):
        lead = self.lead
        if step == "propose":
            services.corrective_action_propose(actor=head, action=action, **plan)
        elif step == "accept":
            services.corrective_action_accept(actor=lead, action=action, note="计划可行，同意实施。")
        elif step == "report":
            services.corrective_action_report_done(actor=head, action=action,
                                                   completion_note="已完成培训（签到表附后）并按周抽查，未再发现同类问题。")
        elif step == "verify":
            services.corrective_action_verify(actor=lead, action=action, note="查阅培训签到表和抽查记录，措施已落实。",
                                              effectiveness_review_on=self.today + dt.timedelta(
                                                  days=30 if review_later else 0))
        elif step == "judge_effective":
            services.corrective_action_judge_effectiveness(actor=lead, action=action, effective=True,
                                                           note="跟踪一个月未再发生，措施有效。")
        elif step == "judge_ineffective":
            services.corrective_action_judge_effectiveness(actor=lead, action=action, effective=False,
                                                           note="复查仍发现同类问题，原因分析不到位，重新整改。")

    def _close(self, nc, *, plan_days: int, done_days: int, closed_days: int):
        """Walk the round to 有效 and set its dates back to when they happened."""
        action = self._walk(nc, until="judge_effective")
        start = nc.raised_on
        action.refresh_from_db()
        action.due_date = start + dt.timedelta(days=done_days)
        action.completed_on = start + dt.timedelta(days=done_days - 2)
        action.verified_on = action.effectiveness_review_on = start + dt.timedelta(days=done_days)
        save_with_reason(action, reason=REASON)
        nc = Nonconformity.objects.get(pk=nc.pk)
        nc.closed_on = start + dt.timedelta(days=closed_days)
        nc.acknowledged_at = _moment(start + dt.timedelta(days=plan_days))
        save_with_reason(nc, reason=REASON)
        moves = list(events_for([nc, *nc.actions.all()]).order_by("id").values_list("pk", flat=True))
        for index, pk in enumerate(moves):
            day = start + dt.timedelta(days=min(closed_days, index * closed_days // max(len(moves) - 1, 1)))
            WorkflowEvent.objects.filter(pk=pk).update(at=_moment(day))

    def _follow_up(self, programme):
        """A follow-up audit under way now, with items still to check (the browser journey uses it)."""
        departments = self.departments[:2]
        audit = self._audit(programme, "跟踪审核", departments, start=self.today)
        first = audit.items.order_by("order").first()
        services.checklist_item_record(actor=self.lead, item=first, result=Result.CONFORM,
                                       evidence="告知单均有申请人签字")
        return audit


def _moment(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(10, 0)))
