"""The records the narratives are drafted from (a read): the organisation, the figures of the
registry with numerator and denominator, standards adopted and drafted, service items and their
procedure standards, trainings, audits and findings, complaints, management reviews and the
self-assessment's score and gaps. Plain values only, so the composers in `narratives` are pure.

Figures are never recomputed here: each comes from `figure_rows` (the registry)."""

import datetime as dt

from django.apps import apps
from django.db.models import Count, Q

from . import rules
from .models import Assessment
from .selectors import assessment_summary, cn_date, figure_rows, org_context


def _figures(as_of: dt.date) -> dict:
    found = {}
    for row in figure_rows(as_of=as_of):
        value = row.value
        found[row.key] = {"label": row.label, "text": row.value_text, "target": row.target_text, "met": row.met,
                          "unit": row.unit, "measured": row.measured,
                          "numerator": value.numerator if value else None,
                          "denominator": value.denominator if value else None}
    return found


def _standards(year: int, as_of: dt.date) -> dict:
    from standards.models import Edition, EditionStatus, Origin, Standard, StandardStatus

    in_force = Standard.objects.filter(status=StandardStatus.IN_FORCE)
    drafted = Edition.objects.filter(standard__origin=Origin.IN_HOUSE, published_on__year=year,
                                     published_on__lte=as_of).exclude(status=EditionStatus.DRAFT)
    return {"in_force": in_force.count(), "in_house": in_force.filter(origin=Origin.IN_HOUSE).count(),
            "adopted": in_force.filter(origin=Origin.ADOPTED).count(),
            "planned": Standard.objects.filter(status=StandardStatus.PLANNED).count(),
            "drafted": drafted.count(),
            "systems": _by_system(in_force)}


def _by_system(in_force) -> list[tuple[str, int]]:
    """Standards in force per top-level system of the tree (服务通用基础 / 服务保障 / 服务提供)."""
    from standards.models import SystemNode

    nodes = {n.pk: n for n in SystemNode.objects.only("pk", "name", "code", "parent_id")}

    def root(pk):
        while nodes[pk].parent_id is not None:
            pk = nodes[pk].parent_id
        return nodes[pk]

    counts: dict = {}
    for row in in_force.values("node_id").annotate(n=Count("id")):
        top = root(row["node_id"])
        counts[top] = counts.get(top, 0) + row["n"]
    return [(node.name, n) for node, n in sorted(counts.items(), key=lambda pair: pair[0].code)]


def _items() -> dict:
    if not apps.is_installed("standards.catalog"):
        return {"total": 0, "covered": 0}
    from standards.catalog.models import ServiceItem
    from standards.models import StandardStatus

    items = ServiceItem.objects.filter(is_active=True, parent__isnull=True)
    return {"total": items.count(),
            "covered": items.filter(procedure_standard__status=StandardStatus.IN_FORCE).count()}


def _trainings(year: int, as_of: dt.date) -> dict:
    from standards.models import TrainingSession

    sessions = list(TrainingSession.objects.filter(held_on__year=year, held_on__lte=as_of)
                    .annotate(n_expected=Count("expected", distinct=True), n_attended=Count("attendees", distinct=True)))
    return {"sessions": len(sessions), "expected": sum(s.n_expected for s in sessions),
            "attended": sum(s.n_attended for s in sessions)}


def _audits(year: int, as_of: dt.date) -> dict:
    from audits.models import Audit, Nonconformity
    from audits.models.audit import AuditStatus
    from audits.models.nonconformity import NCStatus

    held = Audit.objects.filter(status=AuditStatus.COMPLETED, start_date__year=year, start_date__lte=as_of)
    findings = Nonconformity.objects.filter(raised_on__year=year, raised_on__lte=as_of)
    return {"held": held.count(), "findings": findings.count(),
            "closed": findings.filter(status=NCStatus.CLOSED).count()}


def _improvements(year: int, as_of: dt.date) -> list[dict]:
    """The 持续改进 register's entries started or completed in the year (up to `as_of`), each with
    the label of the figure it should move and the values before and after."""
    from audits.models import Improvement, ImprovementStatus
    from qms.core.figures import figure_get

    def value(v) -> str:
        return "—" if v is None else f"{float(v):g}"

    rows = (Improvement.objects.filter(Q(started_on__year=year, started_on__lte=as_of)
                                       | Q(completed_on__year=year, completed_on__lte=as_of))
            .order_by("started_on", "number"))
    found = []
    for i in rows:
        figure = figure_get(i.figure_key) if i.figure_key else None
        found.append({"number": i.number, "title": i.title, "done": i.status == ImprovementStatus.DONE,
                      "figure": figure.label if figure else "", "unit": figure.unit if figure else "",
                      "before": value(i.value_before), "after": value(i.value_after), "result": i.result})
    return found


def _evaluation(year: int, as_of: dt.date) -> dict:
    if not apps.is_installed("audits.evaluation"):
        return {"complaints": 0, "replied": 0, "reviews": 0}
    from audits.evaluation.models import Complaint, ManagementReview
    from audits.evaluation.models.complaints import OPEN_STATUSES
    from audits.evaluation.models.reviews import ReviewStatus

    complaints = Complaint.objects.filter(received_on__year=year, received_on__lte=as_of)
    reviews = ManagementReview.objects.filter(held_on__year=year, held_on__lte=as_of,
                                              status__in=(ReviewStatus.HELD, ReviewStatus.CLOSED))
    return {"complaints": complaints.count(), "replied": complaints.filter(~Q(status__in=OPEN_STATUSES)).count(),
            "reviews": reviews.count()}


def _score(assessment: Assessment) -> dict:
    summary = assessment_summary(assessment)
    gaps = sorted(summary.gaps, key=lambda g: -g.shortfall)
    return {"total": rules.fmt(summary.total), "pass_line": rules.fmt(summary.pass_line), "passed": summary.passed,
            "vetoes": [v.title for v in summary.vetoes_failed],
            "gaps": [{"code": g.item.code, "title": g.item.title, "shortfall": rules.fmt(g.shortfall)}
                     for g in gaps]}


def _people() -> dict:
    from qms.org.models import Department, User

    departments = Department.objects.filter(kind=Department.Kind.DEPARTMENT, is_active=True).count()
    return {"departments": departments, "staff": User.objects.filter(is_active=True, department__isnull=False).count()}


def _leadership(year: int, as_of: dt.date) -> dict:
    if not apps.is_installed("qms.leadership"):
        return {}
    from qms.leadership.selectors import leadership_summary

    return leadership_summary(year=year, as_of=as_of)


def narrative_records(*, assessment: Assessment, as_of: dt.date) -> dict:
    """Everything the narrative composers may cite, for the assessment's year up to `as_of`."""
    year = assessment.year
    return {"org": org_context(), "year": year, "date": cn_date(as_of), **_people(), "figures": _figures(as_of),
            "standards": _standards(year, as_of), "items": _items(), "trainings": _trainings(year, as_of),
            "audits": _audits(year, as_of), "evaluation": _evaluation(year, as_of),
            "improvements": _improvements(year, as_of), "score": _score(assessment),
            "leadership": _leadership(year, as_of)}
