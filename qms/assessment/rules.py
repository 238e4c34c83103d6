"""The scoring rules, as pure functions on plain values (no ORM): score steps and bounds,
suggested scores from live figures, section and total scores, pass line, veto items, gaps.

Rules:
- A score lies between 0 and the item's maximum and is a whole multiple of the template's step.
- A section's score is the sum of its items' scores; a bonus section is capped at the
  template's bonus limit. The total is the base sections plus the (capped) bonus.
- The assessment passes when the total reaches the pass line and no veto item is failed.
- A gap is every scored-or-not item below its maximum: the shortfall, and the typical
  evidence still missing when nothing is attached.
- A suggested score from a bound percentage figure is `max × min(value / target, 1)`,
  rounded down to the step; counts and unmeasurable figures give no suggestion. Companion
  figures with a target (考核合格率 beside 参训率, 外部评价得分率 beside 满意率) join the min:
  `max × min(value / target, companion / its target, 1)`."""

from dataclasses import dataclass, field
from decimal import ROUND_FLOOR, Decimal

ZERO = Decimal("0")


def to_decimal(value) -> Decimal | None:
    if value is None or value == "":
        return None
    return value if isinstance(value, Decimal) else Decimal(str(value))


def is_multiple_of(value: Decimal, step: Decimal) -> bool:
    return (value / step) == (value / step).to_integral_value()


def points_refusal(points: Decimal, *, maximum: Decimal, step: Decimal) -> str | None:
    """Why `points` is not a valid score for an item worth `maximum`, or None when it is."""
    if points < 0 or points > maximum:
        return f"得分须在 0 至 {fmt(maximum)} 分之间"
    if not is_multiple_of(points, step):
        return f"得分须按 {fmt(step)} 分递进（如 {fmt(step)}、{fmt(step * 2)}）"
    return None


def round_down(value: Decimal, step: Decimal) -> Decimal:
    return ((value / step).to_integral_value(rounding=ROUND_FLOOR) * step).quantize(Decimal("0.1"))


def fmt(value) -> str:
    """1.0 -> '1', 2.5 -> '2.5'."""
    if value is None:
        return "—"
    value = to_decimal(value)
    return f"{value.normalize():f}" if value == value.to_integral_value() else f"{value:f}".rstrip("0")


@dataclass(frozen=True)
class Suggestion:
    points: Decimal | None
    explanation: str


@dataclass(frozen=True)
class Companion:
    """A percentage figure that also bears on an item (e.g. 考核合格率 beside 参训率 for 宣贯培训与
    岗位人员掌握): with a target it can lower the suggestion; without one it is shown for reference."""

    label: str
    value: float | None
    target: float | None
    value_text: str = ""


def suggest_points(*, maximum: Decimal, step: Decimal, label: str, unit: str, value: float | None,
                   target: float | None, value_text: str = "", companions: tuple[Companion, ...] = ()) -> Suggestion:
    """The suggested score of an item bound to a figure, with how it was computed. `value_text` is
    the figure as printed everywhere else (qms.core.figures.Figure.text); default one decimal.
    Companion figures with data and a target join the bound one: the lowest ratio counts (the
    weakest evidence bounds the score); the others are named for reference."""
    if value is None:
        return Suggestion(None, f"{label}：暂无数据，无法建议得分")
    if unit != "%":
        return Suggestion(None, f"{label} 为 {value:g} {unit}（计数指标，不折算分数，仅供参考）")
    target = target or 100.0
    shown = (value_text or f"{value:.1f}%").removesuffix("%")
    ratio = min(Decimal(str(value)) / Decimal(str(target)), Decimal(1))
    terms, notes = [f"{shown} ÷ {target:g}"], []
    heads = [f"{label} {shown}%（目标 {target:g}%）"]
    for other in companions:
        other_shown = (other.value_text or (f"{other.value:.1f}%" if other.value is not None else "—")).removesuffix("%")
        if other.value is None:
            notes.append(f"{other.label}暂无数据，未计入")
        elif not other.target:
            notes.append(f"{other.label} {other_shown}%（无目标，仅供参考）")
        else:
            heads.append(f"{other.label} {other_shown}%（目标 {other.target:g}%）")
            terms.append(f"{other_shown} ÷ {other.target:g}")
            ratio = min(ratio, Decimal(str(other.value)) / Decimal(str(other.target)))
    raw = maximum * ratio
    points = round_down(raw, step)
    note = f"；{'；'.join(notes)}" if notes else ""
    return Suggestion(points, f"{'，'.join(heads)}：{fmt(maximum)} × min({', '.join(terms)}, 1) = {raw:.2f}，"
                              f"按 {fmt(step)} 分向下取整为 {fmt(points)} 分{note}")


@dataclass
class ItemResult:
    item_id: int
    code: str
    title: str
    section: str
    max_points: Decimal
    points: Decimal | None
    is_veto: bool = False
    veto_failed: bool = False
    evidence_count: int = 0
    evidence_hint: str = ""


@dataclass
class SectionResult:
    title: str
    max_points: Decimal
    is_bonus: bool
    is_veto: bool
    items: list[ItemResult]
    score: Decimal = ZERO


@dataclass
class Gap:
    item: ItemResult
    shortfall: Decimal
    missing_evidence: str


@dataclass
class Summary:
    sections: list[SectionResult]
    base_total: Decimal
    bonus: Decimal
    total: Decimal
    max_total: Decimal
    pass_line: Decimal
    vetoes_failed: list[ItemResult] = field(default_factory=list)
    gaps: list[Gap] = field(default_factory=list)
    scored: int = 0
    scorable: int = 0

    @property
    def passed(self) -> bool:
        return self.total >= self.pass_line and not self.vetoes_failed

    @property
    def shortfall_to_pass(self) -> Decimal:
        return max(self.pass_line - self.total, ZERO)


def summarise(sections: list[SectionResult], *, bonus_limit: Decimal, pass_line: Decimal,
              max_total: Decimal) -> Summary:
    """Section and total scores, veto failures and the gap list of filled-in sections."""
    base = bonus = ZERO
    vetoes, gaps, scored, scorable = [], [], 0, 0
    for section in sections:
        section.score = sum((i.points or ZERO for i in section.items), ZERO)
        for item in section.items:
            if item.veto_failed:
                vetoes.append(item)
            if item.max_points > 0:
                scorable += 1
                scored += item.points is not None
                if (item.points or ZERO) < item.max_points and not section.is_bonus:
                    gaps.append(_gap(item))
        if section.is_bonus:
            bonus += section.score
        else:
            base += section.score
    bonus = min(bonus, bonus_limit)
    return Summary(sections=sections, base_total=base, bonus=bonus, total=base + bonus, max_total=max_total,
                   pass_line=pass_line, vetoes_failed=vetoes, gaps=gaps, scored=scored, scorable=scorable)


def _gap(item: ItemResult) -> Gap:
    shortfall = item.max_points - (item.points or ZERO)
    missing = "" if item.evidence_count else (item.evidence_hint or "未附证据")
    return Gap(item=item, shortfall=shortfall, missing_evidence=missing)


def template_problems(*, total_points: Decimal, bonus_points: Decimal, pass_line: Decimal,
                      sections: list[tuple[str, Decimal, bool, bool, list[Decimal]]]) -> list[str]:
    """Why a template's points do not add up; `sections` are (title, stated points, is_bonus,
    is_veto, item points). Empty when the template is consistent."""
    problems = []
    base = ZERO
    for title, stated, is_bonus, is_veto, items in sections:
        subtotal = sum(items, ZERO)
        if not items:
            problems.append(f"“{title}”没有计分项")
        elif not is_veto and subtotal != stated:
            problems.append(f"“{title}”各项分值合计 {fmt(subtotal)} 分，与标注的 {fmt(stated)} 分不符")
        if is_bonus:
            if stated > bonus_points:
                problems.append(f"加分部分“{title}”为 {fmt(stated)} 分，超过加分上限 {fmt(bonus_points)} 分")
        elif not is_veto:
            base += stated
    if not sections:
        problems.append("模板没有任何部分")
    elif base != total_points:
        problems.append(f"各部分分值合计 {fmt(base)} 分，与总分 {fmt(total_points)} 分不符")
    if pass_line > total_points:
        problems.append(f"合格线 {fmt(pass_line)} 分高于总分 {fmt(total_points)} 分")
    return problems
