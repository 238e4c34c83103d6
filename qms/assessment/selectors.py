"""Reads for scoring sheets and self-assessments: the score sheet with suggested scores, the
summary (sections, total, pass line, vetoes, gaps), the frozen snapshot, and the plain
contexts the documents are rendered from."""

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from django.conf import settings
from django.db.models import Count, Prefetch
from django.utils import timezone

from qms.core.figures import FigureValue, figure_get, figure_target, figure_text, figure_value
from qms.org.selectors import organisation_profile

from . import rules
from .models import Assessment, DocumentTemplate, Score, ScoringItem, ScoringSection
from .narratives import NARRATIVE_KEYS

# The figures the dashboard, the report and the dossier show, in this order. Keys owned by apps
# not installed yet are simply absent (figure_value returns None).
FIGURE_KEYS = ["coverage", "implementation_rate", "training_rate", "acknowledgement_rate", "system_completeness",
               "standards_in_force", "ca_closed_on_time", "open_ca", "overdue_ca", "satisfaction_rate",
               "complaints_on_time", "cases_on_time_rate", "cases_early_rate", "cases_immediate_share",
               "cases_mean_days"]
# Figures that also bear on an item bound to the key: a template item on training asks whether the
# staff mastered the standards (考核合格率), one on satisfaction also hears outside evaluators.
COMPANION_FIGURES = {"training_rate": ("training_pass_rate",), "satisfaction_rate": ("external_score_rate",)}
# Targets the pilot plans quote, used when the figure itself does not carry one.
DEFAULT_TARGETS = {"coverage": 90.0, "implementation_rate": 95.0, "training_rate": 95.0}
SHIPPED_TEMPLATES = Path(settings.BASE_DIR) / "templates" / "documents"


@dataclass
class FigureRow:
    key: str
    label: str
    unit: str
    definition: str
    target: float | None
    value: FigureValue | None

    @property
    def measured(self) -> bool:
        return self.value is not None and self.value.value is not None

    @property
    def met(self) -> bool | None:
        if not self.measured or self.target is None:
            return None
        if not self.higher_is_better:
            return self.value.value <= self.target
        return self.value.value >= self.target

    decimals: int = 1
    higher_is_better: bool = True

    @property
    def value_text(self) -> str:
        return figure_text(self.value.value if self.value else None, self.unit, decimals=self.decimals)

    @property
    def target_text(self) -> str:
        return figure_text(self.target, self.unit) if self.target is not None else "—"


def figure_rows(keys=FIGURE_KEYS, *, as_of: dt.date | None = None) -> list[FigureRow]:
    """Registered figures among `keys`, each computed once."""
    rows = []
    for key in keys:
        figure = figure_get(key)
        if figure is None:
            continue
        target = figure_target(key, as_of=as_of)
        target = target if target is not None else DEFAULT_TARGETS.get(key)
        rows.append(FigureRow(key=key, label=figure.label, unit=figure.unit, definition=figure.explanation,
                              target=target, value=figure_value(key, as_of=as_of), decimals=figure.decimals,
                              higher_is_better=figure.higher_is_better))
    return rows


@dataclass
class ItemRow:
    item: ScoringItem
    score: Score
    suggestion: rules.Suggestion | None = None
    links: list = field(default_factory=list)
    files: list = field(default_factory=list)


@dataclass
class SectionRow:
    section: ScoringSection
    items: list[ItemRow]
    score: Decimal = rules.ZERO


def assessment_rows(assessment: Assessment, *, with_suggestions: bool = True) -> list[SectionRow]:
    """The score sheet: sections, items, the score row and its evidence, suggested scores."""
    scores = {s.item_id: s for s in assessment.scores.prefetch_related("links", "files")}
    sections = assessment.template.sections.prefetch_related(
        Prefetch("items", queryset=ScoringItem.objects.order_by("order", "id")))
    bound = _bound_keys(assessment)
    keys = [*bound, *{k for key in bound for k in COMPANION_FIGURES.get(key, ()) if k not in bound}]
    figures = {row.key: row for row in figure_rows(keys)} if with_suggestions else {}
    result = []
    for section in sections:
        rows = []
        for item in section.items.all():
            score = scores.get(item.pk) or Score(assessment=assessment, item=item)
            row = ItemRow(item=item, score=score, links=list(score.links.all()) if score.pk else [],
                          files=list(score.files.all()) if score.pk else [])
            figure = figures.get(item.figure_key)
            if item.figure_key and with_suggestions:
                row.suggestion = _suggest(item, assessment, figure, [
                    figures[k] for k in COMPANION_FIGURES.get(item.figure_key, ()) if k in figures])
            rows.append(row)
        result.append(SectionRow(section=section, items=rows))
    return result


def _bound_keys(assessment) -> list[str]:
    return list(ScoringItem.objects.filter(section__template=assessment.template).exclude(figure_key="")
                .values_list("figure_key", flat=True).distinct())


def _suggest(item, assessment, figure: FigureRow | None, companions: list[FigureRow] = ()) -> rules.Suggestion:
    if figure is None:
        return rules.Suggestion(None, f"指标“{item.figure_key}”尚未提供（相关功能未启用），无法建议得分")
    return rules.suggest_points(
        maximum=item.max_points, step=assessment.template.step, label=figure.label, unit=figure.unit,
        value=figure.value.value if figure.value else None, target=figure.target, value_text=figure.value_text,
        companions=tuple(rules.Companion(label=c.label, value=c.value.value if c.value else None, target=c.target,
                                         value_text=c.value_text) for c in companions if c.unit == "%"))


def assessment_summary(assessment: Assessment, rows: list[SectionRow] | None = None) -> rules.Summary:
    rows = rows if rows is not None else assessment_rows(assessment, with_suggestions=False)
    sections = [
        rules.SectionResult(
            title=row.section.title, max_points=row.section.max_points, is_bonus=row.section.is_bonus,
            is_veto=row.section.is_veto,
            items=[rules.ItemResult(item_id=r.item.pk, code=r.item.code, title=r.item.title,
                                    section=row.section.title, max_points=r.item.max_points,
                                    points=r.score.points, is_veto=r.item.is_veto, veto_failed=r.score.veto_failed,
                                    evidence_count=len(r.links) + len(r.files), evidence_hint=r.item.evidence_hint)
                   for r in row.items])
        for row in rows
    ]
    template = assessment.template
    return rules.summarise(sections, bonus_limit=template.bonus_points, pass_line=template.pass_line,
                           max_total=template.total_points)


def assessment_list():
    return (Assessment.objects.select_related("template", "created_by", "submitted_by")
            .annotate(scored=Count("scores__points")).order_by("-year", "-created_at"))


def assessment_latest() -> Assessment | None:
    """The newest submitted assessment, else the newest draft."""
    submitted = Assessment.objects.filter(status=Assessment.Status.SUBMITTED).order_by("-submitted_at").first()
    return submitted or Assessment.objects.order_by("-created_at").first()


def _d(value) -> str | None:
    return None if value is None else rules.fmt(value)


def assessment_snapshot(assessment: Assessment) -> dict:
    """Everything the submission froze: scores, suggestions, figures, evidence (JSON-ready)."""
    rows = assessment_rows(assessment)
    summary = assessment_summary(assessment, rows)
    return {
        "taken_at": timezone.now().isoformat(),
        "template": {"id": assessment.template_id, "name": assessment.template.name,
                     "pass_line": _d(assessment.template.pass_line), "total_points": _d(assessment.template.total_points)},
        "total": _d(summary.total), "base_total": _d(summary.base_total), "bonus": _d(summary.bonus),
        "passed": summary.passed, "vetoes_failed": [v.title for v in summary.vetoes_failed],
        "sections": [{
            "title": row.section.title, "max_points": _d(row.section.max_points),
            "score": _d(next(s.score for s in summary.sections if s.title == row.section.title)),
            "items": [{
                "code": r.item.code, "title": r.item.title, "max_points": _d(r.item.max_points),
                "points": _d(r.score.points), "comment": r.score.comment, "veto_failed": r.score.veto_failed,
                "suggestion": r.suggestion.explanation if r.suggestion else "",
                "evidence": [{"kind": link.kind, "id": link.object_id, "label": link.label} for link in r.links],
                "files": [{"name": f.name, "sha256": f.sha256} for f in r.files],
            } for r in row.items],
        } for row in rows],
        "gaps": [{"code": g.item.code, "title": g.item.title, "shortfall": _d(g.shortfall),
                  "missing": g.missing_evidence} for g in summary.gaps],
        "figures": {f.key: {"label": f.label, "value": f.value.value if f.value else None,
                            "detail": f.value.detail if f.value else ""} for f in figure_rows()},
    }


def _lines(text: str) -> list[str]:
    lines = [line.strip() for line in (text or "").splitlines() if line.strip()]
    return lines or ["【请补充。】"]


def assessment_context(assessment: Assessment | None) -> dict:
    """The plain `assessment` context of the fixed-layout documents."""
    if assessment is None:
        return {"title": "（尚无自评）", "year": "", "total": "—", "max_total": "—", "pass_line": "—",
                "result": "尚未自评", "sections": [], "gaps": [], "vetoes": "",
                **{name: ["【请补充。】"] for name in NARRATIVE_KEYS}}
    summary = assessment_summary(assessment)
    return {
        "title": assessment.title, "year": assessment.year, "total": rules.fmt(summary.total),
        "max_total": rules.fmt(summary.max_total), "pass_line": rules.fmt(summary.pass_line),
        "result": "达到合格线" if summary.passed else "未达到合格线",
        "vetoes": ("触发否决项：" + "；".join(v.title for v in summary.vetoes_failed)) if summary.vetoes_failed else "",
        "sections": [{"title": s.title, "max_points": rules.fmt(s.max_points), "score": rules.fmt(s.score)}
                     for s in summary.sections if not s.is_veto],
        "gaps": [{"code": g.item.code, "title": g.item.title, "max_points": rules.fmt(g.item.max_points),
                  "points": rules.fmt(g.item.points), "shortfall": rules.fmt(g.shortfall),
                  "missing": g.missing_evidence} for g in summary.gaps],
        **{name: _lines(getattr(assessment, name)) for name in NARRATIVE_KEYS},
    }


def org_context() -> dict:
    profile = organisation_profile()
    period = "—"
    if profile.pilot_start or profile.pilot_end:
        period = f"{cn_date(profile.pilot_start)} 至 {cn_date(profile.pilot_end)}"
    fields = ("name", "short_name", "address", "postcode", "legal_representative", "contact_person", "phone",
              "email", "standard_prefix", "pilot_project", "project_lead", "competent_authority")
    return {**{f: getattr(profile, f) or "" for f in fields}, "pilot_period": period}


def cn_date(value: dt.date | None) -> str:
    return f"{value.year}年{value.month}月{value.day}日" if value else "____年__月__日"


def documents_context(assessment: Assessment | None, *, as_of: dt.date) -> dict:
    """The context every fixed-layout template receives (see default_templates.CONTEXT_HELP)."""
    from standards.models import Origin, Standard, StandardStatus

    rows = figure_rows(as_of=as_of)
    in_force = Standard.objects.filter(status=StandardStatus.IN_FORCE)
    counts = {"in_force": in_force.count(), "in_house": in_force.filter(origin=Origin.IN_HOUSE).count(),
              "adopted": in_force.filter(origin=Origin.ADOPTED).count(),
              "planned": Standard.objects.filter(status=StandardStatus.PLANNED).count()}
    fig = {key: "—" for key in FIGURE_KEYS}
    fig.update({row.key: row.value_text for row in rows})
    return {
        "org": org_context(), "date": cn_date(as_of), "counts": counts, "fig": fig,
        "figures": [{"label": r.label, "value": r.value_text, "target": r.target_text,
                     "detail": r.value.detail if r.value else "未提供"} for r in rows],
        "assessment": assessment_context(assessment),
    }


def document_template_bytes(kind: str) -> bytes:
    """The office's uploaded template of `kind` if one is active, else the shipped file."""
    uploaded = DocumentTemplate.objects.filter(kind=kind, is_active=True).order_by("-uploaded_at").first()
    if uploaded:
        with uploaded.file.open("rb") as handle:
            return handle.read()
    return (SHIPPED_TEMPLATES / f"{kind}.docx").read_bytes()


def _num(value):
    return None if value is None else float(value)


def template_export_context(template) -> dict:
    sections = template.sections.prefetch_related(
        Prefetch("items", queryset=ScoringItem.objects.order_by("order", "id")))
    return {
        "name": template.name, "total_points": rules.fmt(template.total_points),
        "bonus_points": rules.fmt(template.bonus_points), "pass_line": rules.fmt(template.pass_line),
        "sections": [{"title": s.title, "max_points": s.max_points, "items": [
            {f: getattr(i, f) for f in ("code", "title", "requirement", "max_points", "guidance", "evidence_hint",
                                        "is_veto", "figure_key")} for i in s.items.all()]} for s in sections],
    }


def scoring_sheet_context(assessment: Assessment, *, as_of: dt.date) -> dict:
    rows = assessment_rows(assessment, with_suggestions=False)
    summary = assessment_summary(assessment, rows)
    sections = []
    for row, result in zip(rows, summary.sections, strict=True):
        items = []
        for r in row.items:
            notes = [r.score.comment] if r.score.comment else []
            notes += [f"证据：{link.label}" for link in r.links] + [f"附件：{f.name}" for f in r.files]
            items.append({"code": r.item.code, "title": r.item.title, "requirement": r.item.requirement,
                          "max_points": _num(r.item.max_points), "guidance": r.item.guidance,
                          "points": _num(r.score.points), "is_veto": r.item.is_veto,
                          "veto_failed": r.score.veto_failed, "notes": "\n".join(notes)})
        sections.append({"title": row.section.title, "max_points": _num(row.section.max_points),
                         "score": _num(result.score), "is_veto": row.section.is_veto, "items": items})
    return {
        "org": organisation_profile().name, "title": assessment.title, "template": assessment.template.name,
        "date": cn_date(as_of), "as_of": as_of, "sections": sections,
        "base_total": _num(summary.base_total), "bonus": _num(summary.bonus), "total": _num(summary.total),
        "max_total": _num(summary.max_total), "pass_line": _num(summary.pass_line),
        "result": ("合格" if summary.passed else "不合格")
        + ("（触发否决项）" if summary.vetoes_failed else ""),
    }
