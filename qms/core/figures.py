"""The registry of live figures (覆盖率, 实施率, 参训率, 体系完整性, corrective-action figures…).

Each figure is ONE selector function in the app that owns its data, registered here from that
app's AppConfig.ready(), so the dashboard, the scoring sheet's suggested scores, the dossier and
the bench all call the same arithmetic. A figure function takes keyword `as_of` (a date, default
today) and returns a `FigureValue`."""

import datetime as dt
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import Any

from django.utils import timezone


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
    decimals: int = 1  # how a percentage is printed everywhere (满意率 keeps two: 99.36%)
    dated: bool = True  # False: counts the current state whatever `as_of` says (one value for every date)
    # Optional: the values on several dates in one pass, {date: FigureValue} for the dates it can do
    # (the others are computed one by one); must give exactly what `compute` gives for each date.
    series: Callable[[list[dt.date]], dict[dt.date, FigureValue]] | None = None
    # What users read (dashboard help, plan and evaluation pages, the `figures` command): one or two
    # sentences in Chinese, what is counted over what, over which period, what is left out, derived
    # from `definition` (the engineers' docstring); a lazy gettext string, English via the locale.
    help: str = ""

    @property
    def explanation(self) -> str:
        """The definition as users read it: the help text, else (figures registered without one,
        e.g. in tests) the engineers' definition."""
        return self.help or self.definition

    def text(self, value: float | None) -> str:
        """The figure as every page and document prints it."""
        return figure_text(value, self.unit, decimals=self.decimals)


def figure_text(value: float | None, unit: str, *, decimals: int = 1) -> str:
    """'92.5%' for a rate, '3 项' for a count, '—' when not measurable."""
    if value is None:
        return "—"
    return f"{value:.{decimals}f}%" if unit == "%" else f"{value:g} {unit}"


_REGISTRY: dict[str, Figure] = {}


def figure_register(figure: Figure) -> None:
    _REGISTRY[figure.key] = figure


def figures_all() -> list[Figure]:
    return list(_REGISTRY.values())


def figure_get(key: str) -> Figure | None:
    return _REGISTRY.get(key)


# A memo of figure values (and of the reads several figures share) for one request: a page that
# shows a figure twice (the home page's rates and its 计划目标未达成 to-dos; a plan's twelve month
# ends) computes it once. Only inside `figures_memo()` (the middleware opens one for GET/HEAD
# requests); any model save or delete inside it empties it, so a value is never older than the
# last write the request made. Nothing outlives the block: back-dated records show at once.
_MEMO: ContextVar[dict | None] = ContextVar("figures_memo", default=None)


@contextmanager
def figures_memo() -> Iterator[None]:
    """Compute each figure once per date within the block (nested blocks share the outer memo)."""
    if _MEMO.get() is not None:
        yield
        return
    token = _MEMO.set({})
    try:
        yield
    finally:
        _MEMO.reset(token)


def figures_memo_clear(*args, **kwargs) -> None:
    """Forget every memoised value (connected to post_save/post_delete by qms.core's AppConfig)."""
    memo = _MEMO.get()
    if memo:
        memo.clear()


def figure_memoised(key: tuple, compute: Callable[[], Any]) -> Any:
    """`compute()`, once per `key` inside `figures_memo()` (always computed outside one): for reads
    several figures share, e.g. the case totals behind 按期办结率, 提前办结率 and 即办件占比."""
    memo = _MEMO.get()
    if memo is None:
        return compute()
    if key not in memo:
        memo[key] = compute()
    return memo[key]


def figure_value(key: str, *, as_of: dt.date | None = None) -> FigureValue | None:
    figure = _REGISTRY.get(key)
    if figure is None:
        return None
    if _MEMO.get() is None:
        return figure.compute(as_of=as_of)
    day = as_of or timezone.localdate()
    return figure_memoised(("figure", key, day if figure.dated else None), lambda: figure.compute(as_of=day))


def figure_values(key: str, days: list[dt.date]) -> list[FigureValue | None]:
    """The figure on each of `days` (a trend), in one pass where the figure registers a `series`,
    each date computed once (memoised like `figure_value`)."""
    figure = _REGISTRY.get(key)
    if figure is None:
        return [None] * len(days)
    with figures_memo():
        memo = _MEMO.get()
        missing = sorted({d for d in days if ("figure", key, d if figure.dated else None) not in memo})
        if figure.series is not None and figure.dated and len(missing) > 1:
            for day, value in figure.series(missing).items():
                memo["figure", key, day] = value
        return [figure_value(key, as_of=day) for day in days]


# Where a figure's target comes from before its registered default: the centre's approved yearly
# plan (qms.leadership registers `plan_target_for_figure`). One source, asked by `figure_target`.
_TARGET_SOURCES: list[Callable[..., float | None]] = []


def figure_target_source_register(source: Callable[..., float | None]) -> None:
    if source not in _TARGET_SOURCES:
        _TARGET_SOURCES.append(source)


def figure_target(key: str, *, as_of: dt.date | None = None) -> float | None:
    """The target the dashboard, documents and pre-flight compare a figure with: the one set by the
    approved plan of `as_of`'s year when there is one, else the figure's registered default."""
    day = as_of or timezone.localdate()
    for source in _TARGET_SOURCES:
        target = figure_memoised(("target", source, key, day), lambda s=source: s(key, as_of=day))
        if target is not None:
            return target
    figure = _REGISTRY.get(key)
    return figure.target if figure else None


def figures_table(*, as_of: dt.date) -> list[dict]:
    """Every registered figure computed for `as_of`, as plain JSON-ready rows (the `figures`
    command prints them; the consistency test compares every page and document against them)."""
    rows = []
    for figure in sorted(_REGISTRY.values(), key=lambda f: f.key):
        value = figure_value(figure.key, as_of=as_of)
        target = figure_target(figure.key, as_of=as_of)
        rows.append({
            "key": figure.key, "label": figure.label, "unit": figure.unit,
            "value": value.value, "text": figure.text(value.value),
            "numerator": value.numerator, "denominator": value.denominator,
            "target": target, "target_text": figure_text(target, figure.unit) if target else "—",
            "detail": value.detail, "definition": figure.definition, "help": str(figure.explanation),
        })
    return rows
