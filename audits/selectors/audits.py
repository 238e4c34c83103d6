"""Audits: scope, lists for a user, and the programme's coverage matrix."""

from dataclasses import dataclass, field

from django.db.models import Count, Q

from qms.org.models import Department
from standards.models import Standard, StandardStatus, SystemNode
from standards.models.standard import TABLE_ORDERING
from standards.selectors import node_subtree_ids

from ..models import Audit, AuditPoint, AuditProgramme, AuditStatus, ChecklistItem, Result
from ..permissions import can_view_audits


def audit_list_for_user(user):
    """Every audit for auditors, managers and the office; nothing for anyone else."""
    if not can_view_audits(user):
        return Audit.objects.none()
    return Audit.objects.select_related("lead_auditor", "programme").annotate(
        item_count=Count("items", distinct=True),
        nonconformity_count=Count("nonconformities", distinct=True),
    ).order_by("-start_date", "-number")


def audit_detail(pk: int) -> Audit:
    return (Audit.objects.select_related("lead_auditor", "programme", "copied_from")
            .prefetch_related("departments", "nodes", "standards", "team").get(pk=pk))


def audit_scope_standards(audit: Audit) -> list[Standard]:
    """Standards the audit covers: those named, plus those in force under the named nodes;
    with neither, the in-force standards that apply to (or are owned by) the audited departments."""
    explicit = set(audit.standards.values_list("pk", flat=True))
    node_ids = set()
    for node in audit.nodes.all():
        node_ids.update(node_subtree_ids(node.code))
    query = Q(pk__in=explicit)
    if node_ids:
        query |= Q(node_id__in=node_ids, status=StandardStatus.IN_FORCE)
    if not explicit and not node_ids:
        dept_ids = list(audit.departments.values_list("pk", flat=True))
        query = Q(status=StandardStatus.IN_FORCE) & (
            Q(applicable_departments__in=dept_ids) | Q(responsible_department_id__in=dept_ids))
    return list(Standard.objects.filter(query).distinct().select_related("node")
                .prefetch_related("applicable_departments").order_by(*TABLE_ORDERING))


def audit_scope_pairs(audit: Audit) -> list[tuple[Department | None, Standard]]:
    """(department, standard) pairs for the checklist: each standard in scope for each audited
    department it applies to; a standard applying to none of them is listed once, without one."""
    departments = list(audit.departments.all())
    pairs = []
    for standard in audit_scope_standards(audit):
        applies = {d.pk for d in standard.applicable_departments.all()} | {standard.responsible_department_id}
        matched = [d for d in departments if d.pk in applies]
        if not departments and standard.responsible_department_id:
            matched = [standard.responsible_department]
        if matched:
            pairs.extend((d, standard) for d in matched)
        else:
            pairs.append((None, standard))
    return pairs


def audit_points_by_standard(standards) -> dict[int, list[AuditPoint]]:
    """The active audit points of these standards, in order, by standard id. A point written for
    one edition (`edition_number`) applies only while that edition is the standard's current one."""
    numbers = {s.pk: s.number or "" for s in standards}
    found: dict[int, list[AuditPoint]] = {}
    for point in AuditPoint.objects.filter(standard_id__in=numbers, is_active=True).order_by("standard", "order", "id"):
        if point.edition_number and point.edition_number != numbers[point.standard_id]:
            continue
        found.setdefault(point.standard_id, []).append(point)
    return found


def audit_department_ids(audit: Audit) -> set[int]:
    ids = set(audit.departments.values_list("pk", flat=True))
    return ids | set(audit.items.exclude(department=None).values_list("department_id", flat=True))


def checklist_for_audit(audit: Audit):
    return (audit.items.select_related("department", "standard", "checked_by", "nonconformity", "audit_point")
            .prefetch_related("attachments"))


def checklist_progress(audit: Audit) -> dict:
    """Counts per result, for the progress bar."""
    counts = dict(audit.items.values_list("result").annotate(n=Count("id")).order_by())
    total = sum(counts.values())
    done = total - counts.get(Result.PENDING, 0)
    return {"total": total, "done": done, "percent": round(100 * done / total) if total else 0,
            **{r.value or "pending": counts.get(r.value, 0) for r in Result}}


def subsystems() -> list[SystemNode]:
    """The sub-systems (second level of the tree), against which coverage is shown."""
    return list(SystemNode.objects.filter(is_active=True, parent__isnull=False, parent__parent__isnull=True)
                .order_by("order", "code"))


def _subsystem_of(node_id, parents: dict, subsystem_ids: set) -> int | None:
    seen = 0
    while node_id is not None and seen < 50:
        if node_id in subsystem_ids:
            return node_id
        node_id, seen = parents.get(node_id), seen + 1
    return None


@dataclass
class Coverage:
    audits: list[Audit]
    departments: list[tuple[Department, list[bool]]] = field(default_factory=list)
    nodes: list[tuple[SystemNode, list[bool]]] = field(default_factory=list)
    uncovered_departments: list[Department] = field(default_factory=list)
    uncovered_nodes: list[SystemNode] = field(default_factory=list)


def programme_coverage(programme: AuditProgramme) -> Coverage:
    """Which departments and sub-systems each (not cancelled) audit of the year covers, and what
    the year leaves uncovered. An audit covers its named departments and the departments of its
    checklist items; and the sub-systems of its named nodes, named standards and items' standards."""
    audits = list(programme.audits.exclude(status=AuditStatus.CANCELLED)
                  .prefetch_related("departments", "nodes", "standards").order_by("planned_month", "number"))
    parents = dict(SystemNode.objects.values_list("pk", "parent_id"))
    subs = subsystems()
    sub_ids = {n.pk for n in subs}
    dept_sets, node_sets = [], []
    items = ChecklistItem.objects.filter(audit__in=audits).values_list("audit_id", "department_id",
                                                                       "standard__node_id")
    by_audit: dict[int, list] = {}
    for audit_id, dept_id, node_id in items:
        by_audit.setdefault(audit_id, []).append((dept_id, node_id))
    for audit in audits:
        rows = by_audit.get(audit.pk, [])
        dept_sets.append({d.pk for d in audit.departments.all()} | {d for d, _n in rows if d})
        node_candidates = [n.pk for n in audit.nodes.all()] + [s.node_id for s in audit.standards.all()]
        node_candidates += [n for _d, n in rows if n]
        covered = {_subsystem_of(n, parents, sub_ids) for n in node_candidates}
        for node in audit.nodes.all():  # a top-level node covers all its sub-systems
            covered |= {s.pk for s in subs if s.parent_id == node.pk}
        node_sets.append(covered)
    coverage = Coverage(audits=audits)
    for dept in Department.objects.filter(is_active=True, kind=Department.Kind.DEPARTMENT):
        marks = [dept.pk in s for s in dept_sets]
        coverage.departments.append((dept, marks))
        if not any(marks):
            coverage.uncovered_departments.append(dept)
    for node in subs:
        marks = [node.pk in s for s in node_sets]
        coverage.nodes.append((node, marks))
        if not any(marks):
            coverage.uncovered_nodes.append(node)
    return coverage
