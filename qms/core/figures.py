"""The registry of live figures (覆盖率, 实施率, 参训率, 体系完整性, corrective-action figures…).

Each figure is ONE selector function in the app that owns its data, registered here from that
app's AppConfig.ready(), so the dashboard, the scoring sheet's suggested scores, the dossier and
the bench all call the same arithmetic. A figure function takes keyword `as_of` (a date, default
today) and returns a `FigureValue`."""

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field


@dataclass(frozen=True)
class FigureValue:
    value: float | None  # a percentage 0..100 for rates, a count otherwise; None = not measurable
    numerator: float | None = None
    denominator: float | None = None
    detail: str = ""  # how it was computed, in words, for the page's help and suggested scores
    url: str = ""  # the records behind the figure
    breakdown: list[dict] = field(default_factory=list)


@dataclass(frozen=True)
class Figure:
    key: str
    label: str
    unit: str  # "%" or a counting word such as "项"
    definition: str
    compute: Callable[..., FigureValue]
    target: float | None = None  # e.g. 90.0 for coverage
    higher_is_better: bool = True


_REGISTRY: dict[str, Figure] = {}


def figure_register(figure: Figure) -> None:
    _REGISTRY[figure.key] = figure


def figures_all() -> list[Figure]:
    return list(_REGISTRY.values())


def figure_get(key: str) -> Figure | None:
    return _REGISTRY.get(key)


def figure_value(key: str, *, as_of: dt.date | None = None) -> FigureValue | None:
    figure = _REGISTRY.get(key)
    return figure.compute(as_of=as_of) if figure else None
