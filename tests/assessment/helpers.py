"""Helpers for assessment tests: the example template, an assessment, known figures."""

from decimal import Decimal

from qms.assessment import services
from qms.assessment.models import ScoringItem
from qms.core import figures
from qms.core.figures import Figure, FigureValue


def example_assessment(actor, year=2026):
    template = services.template_load_example(actor=actor)
    return template, services.assessment_create(actor=actor, template=template, year=year)


def item(template, title_part: str) -> ScoringItem:
    return ScoringItem.objects.get(section__template=template, title__contains=title_part)


def fill_all(actor, assessment, points=None):
    """Score every scorable item at `points` (default: its maximum)."""
    for score in assessment.scores.select_related("item"):
        if score.item.max_points > 0:
            value = score.item.max_points if points is None else min(Decimal(points), score.item.max_points)
            services.score_set(actor=actor, assessment=assessment, item_id=score.item_id, points=value)


def known_figure(monkeypatch, key, label, value, *, unit="%", target=None, url="/standards/"):
    """Register a figure with a fixed value for the test's duration."""
    figure = Figure(key=key, label=label, unit=unit, target=target, definition=f"{label}的定义",
                    compute=lambda as_of=None: FigureValue(value=value, detail=f"{label}测试值", url=url))
    monkeypatch.setitem(figures._REGISTRY, key, figure)
    return figure
