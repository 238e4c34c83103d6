"""The register of internal auditors, the audit-point library, and the audit-team rule.

The team rule is stated here once: everyone on an audit's team (the lead included) is an
auditor, holds a qualification on every day of the audit (start to end), and does not audit
their own department (independence). The audit form (`audit_create`, `audit_update`) and the
move to 实施中 (the condition declared on `audits.workflows.AUDIT_WORKFLOW`'s "start") ask it."""

import datetime as dt

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from qms.core.errors import ApplicationError, PermissionRefused
from qms.core.history import save_with_reason
from qms.org.models import Role
from qms.org.roles import has_role

from ..models import AuditorQualification, AuditPoint
from ..permissions import can_manage_audit_points, can_manage_auditors

QUALIFICATION_FIELDS = ("course", "issuer", "certificate_number", "obtained_on", "expires_on", "note")
POINT_FIELDS = ("standard", "edition_number", "clause", "text", "method", "order", "is_active")


# --- the team rule ----------------------------------------------------------------------------
def _day(value: dt.date) -> str:
    return f"{value.year}年{value.month}月{value.day}日"


def qualification_refusal(user, start: dt.date, end: dt.date, qualifications=None) -> str | None:
    """Why `user` is not qualified on every day from `start` to `end` (None when they are).
    Consecutive certificates (a renewal taken before the old one lapsed) cover together."""
    quals = sorted(qualifications if qualifications is not None else user.auditor_qualifications.all(),
                   key=lambda q: q.obtained_on)
    who = user.display_name
    if not quals:
        return _("%(who)s 没有内审员资格记录（见内审员名册），不能参加审核。") % {"who": who}
    day = start
    while day <= end:
        covering = [q.expires_on for q in quals if q.obtained_on <= day <= q.expires_on]
        if not covering:
            break
        day = max(covering) + dt.timedelta(days=1)
    else:
        return None
    lapsed = [q.expires_on for q in quals if q.expires_on < day]
    if lapsed and max(lapsed) >= start:
        return (_("%(who)s 的内审员资格于 %(exp)s 到期，审核至 %(end)s 才结束：资格须覆盖全部审核日期。")
                % {"who": who, "exp": _day(max(lapsed)), "end": _day(end)})
    if lapsed:
        return _("%(who)s 的内审员资格已于 %(exp)s 过期，不能参加 %(start)s 开始的审核。") % {
            "who": who, "exp": _day(max(lapsed)), "start": _day(start)}
    return _("%(who)s 在 %(day)s 尚未取得内审员资格（%(from)s 取得）。") % {
        "who": who, "day": _day(day), "from": _day(min(q.obtained_on for q in quals))}


def independence_refusal(*, members, department_ids) -> str | None:
    """Why the team is not independent: a member belongs to an audited department."""
    for user in members:
        if user.department_id and user.department_id in department_ids:
            return (_("独立性要求：审核员 %(who)s 属于“%(dept)s”，不能审核本部门。请调整审核组或审核范围。")
                    % {"who": user.display_name, "dept": user.department})
    return None


def independence_check(*, members, department_ids) -> None:
    refusal = independence_refusal(members=members, department_ids=department_ids)
    if refusal:
        raise ApplicationError(refusal, field="team")


def team_refusal(*, members, department_ids, start_date: dt.date | None, end_date: dt.date | None,
                 today: dt.date | None = None) -> str | None:
    """The audit-team rule. Without dates, the qualification is checked for today (planning);
    the move to 实施中 checks it again for the audit's dates."""
    start = start_date or today or timezone.localdate()
    end = max(end_date or start, start)
    for user in members:
        if not has_role(user, Role.AUDITOR):
            return _("%(who)s 不是内审员，不能加入审核组。") % {"who": user.display_name}
        refusal = qualification_refusal(user, start, end)
        if refusal:
            return refusal
    return independence_refusal(members=members, department_ids=department_ids)


def team_check(**kwargs) -> None:
    refusal = team_refusal(**kwargs)
    if refusal:
        raise ApplicationError(refusal, field="team")


def audit_team_refusal(audit, today: dt.date | None = None) -> str | None:
    """The rule for an audit as it stands: its lead and team, its audited departments (named or
    on the checklist) and its dates."""
    members = [audit.lead_auditor, *[u for u in audit.team.all() if u.pk != audit.lead_auditor_id]]
    department_ids = set(audit.departments.values_list("pk", flat=True))
    department_ids |= set(audit.items.exclude(department=None).values_list("department_id", flat=True))
    return team_refusal(members=members, department_ids=department_ids, start_date=audit.start_date,
                        end_date=audit.end_date, today=today)


# --- the register -----------------------------------------------------------------------------
def _require_keeper(actor, auditor):
    if not can_manage_auditors(actor):
        raise PermissionRefused(_("只有标准化办公室和内审员可以维护内审员名册。"))
    if auditor is not None and auditor.pk == actor.pk:
        raise PermissionRefused(_("不能登记或修改本人的内审员资格，请由他人登记。"))


def _check_qualification(q: AuditorQualification):
    for name in ("course", "issuer", "certificate_number"):
        if not (getattr(q, name) or "").strip():
            raise ApplicationError(_("请填写%(f)s。") % {"f": q._meta.get_field(name).verbose_name}, field=name)
    if q.obtained_on and q.expires_on and q.expires_on < q.obtained_on:
        raise ApplicationError(_("有效期不能早于取得日期。"), field="expires_on")
    if not has_role(q.auditor, Role.AUDITOR):
        raise ApplicationError(_("%(who)s 没有内审员角色，请先由系统管理员授予。") % {"who": q.auditor.display_name},
                               field="auditor")


@transaction.atomic
def qualification_add(*, actor, auditor, course: str, issuer: str, certificate_number: str,
                      obtained_on: dt.date, expires_on: dt.date, note: str = "") -> AuditorQualification:
    """Enter a certificate (a first qualification or a renewal: earlier ones are kept)."""
    _require_keeper(actor, auditor)
    q = AuditorQualification(auditor=auditor, course=(course or "").strip(), issuer=(issuer or "").strip(),
                             certificate_number=(certificate_number or "").strip(), obtained_on=obtained_on,
                             expires_on=expires_on, note=note or "", created_by=actor)
    _check_qualification(q)
    return save_with_reason(q, actor=actor, reason=_("登记内审员资格"))


@transaction.atomic
def qualification_update(*, actor, qualification: AuditorQualification, reason: str = "",
                         **fields) -> AuditorQualification:
    q = AuditorQualification.objects.select_for_update().select_related("auditor").get(pk=qualification.pk)
    _require_keeper(actor, q.auditor)
    unknown = set(fields) - set(QUALIFICATION_FIELDS)
    if unknown:
        raise ApplicationError(_("不能修改字段：%(f)s") % {"f": ", ".join(sorted(unknown))})
    for name, value in fields.items():
        setattr(q, name, value.strip() if isinstance(value, str) else value)
    _check_qualification(q)
    return save_with_reason(q, actor=actor, reason=reason or _("修改内审员资格"))


# --- the audit-point library ------------------------------------------------------------------
def _check_point(point: AuditPoint):
    if point.standard_id is None:
        raise ApplicationError(_("请选择标准。"), field="standard")
    if not (point.clause or "").strip():
        raise ApplicationError(_("请填写条款号。"), field="clause")
    if not (point.text or "").strip():
        raise ApplicationError(_("请填写审核要点。"), field="text")


@transaction.atomic
def audit_point_add(*, actor, standard, clause: str, text: str, method: str = "", edition_number: str = "",
                    order: int | None = None) -> AuditPoint:
    if not can_manage_audit_points(actor):
        raise PermissionRefused(_("只有内审员和标准化办公室可以维护审核要点。"))
    if order is None:
        last = AuditPoint.objects.filter(standard=standard).order_by("-order").first() if standard else None
        order = (last.order if last else 0) + 1
    point = AuditPoint(standard=standard, clause=(clause or "").strip(), text=(text or "").strip(),
                       method=(method or "").strip(), edition_number=(edition_number or "").strip(), order=order,
                       created_by=actor)
    _check_point(point)
    return save_with_reason(point, actor=actor, reason=_("编写审核要点"))


@transaction.atomic
def audit_point_update(*, actor, point: AuditPoint, reason: str = "", **fields) -> AuditPoint:
    if not can_manage_audit_points(actor):
        raise PermissionRefused(_("只有内审员和标准化办公室可以维护审核要点。"))
    point = AuditPoint.objects.select_for_update().get(pk=point.pk)
    unknown = set(fields) - set(POINT_FIELDS)
    if unknown:
        raise ApplicationError(_("不能修改字段：%(f)s") % {"f": ", ".join(sorted(unknown))})
    for name, value in fields.items():
        setattr(point, name, value.strip() if isinstance(value, str) else value)
    _check_point(point)
    return save_with_reason(point, actor=actor, reason=reason or _("修改审核要点"))
