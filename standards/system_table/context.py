"""The system table's context: plain data for the renderers (no ORM objects inside).

Rows are the standards the system should have (应有): every standard not withdrawn, planned
ones included, grouped under a heading per node in tree order. A row shows the edition in
force, or else the latest draft; 备注 carries the plan (待制定/待采用/待修订) before any notes."""

import datetime as dt
import re
from dataclasses import dataclass, field

from django.utils import timezone
from django.utils.translation import gettext as _

from qms.core.documents.clean import office_text
from qms.core.errors import ApplicationError

from ..models import EditionStatus, Level, Origin, Plan, StandardStatus
from ..validity import obsolete_note, status_applies
from .columns import Column, columns_for
from .snapshot import EditionSnap, NodeSnap, StandardSnap, snapshot

DRAFTING_NOTE = "起草中"  # a draft edition with no plan set
LEVEL_ORDER = [Level.NATIONAL, Level.SECTOR, Level.LOCAL, Level.GROUP, Level.ENTERPRISE]


def clean(text) -> str:
    """Text safe for XML (control characters removed)."""
    return office_text(text or "")


@dataclass
class Row:
    values: dict[str, object]  # column key -> str, int or date
    level: str
    origin: str
    in_force: bool
    plan: str


@dataclass
class Group:
    """A heading row naming a node, and the node's own rows under it."""

    code: str
    name: str
    depth: int
    rows: list[Row] = field(default_factory=list)

    @property
    def heading(self) -> str:
        return f"{self.code} {self.name}"


@dataclass
class ChartNode:
    code: str
    name: str
    expected: int  # rows in the subtree (应有数)
    existing: int  # in force in the subtree (现有数)
    children: list["ChartNode"] = field(default_factory=list)


@dataclass
class StatRow:
    label: str
    expected: int
    existing: int
    depth: int = 0
    is_total: bool = False
    share: float | None = None  # origin rows: share of the in-force total

    @property
    def share_percent(self) -> str:
        return "—" if self.share is None else f"{self.share * 100:.1f}%"

    @property
    def ratio(self) -> float | None:
        return self.existing / self.expected if self.expected else None

    @property
    def percent(self) -> str:
        return "—" if self.ratio is None else f"{self.ratio * 100:.1f}%"


@dataclass
class SystemTableContext:
    organisation: str
    title: str
    scope_label: str
    as_of: dt.date | None
    generated_on: dt.date
    source: str
    columns: list[Column]
    groups: list[Group]
    chart: list[ChartNode]
    stats_by_level: list[StatRow]
    stats_by_node: list[StatRow]
    stats_by_origin: list[StatRow]
    explanation: list[str]

    @property
    def date_label(self) -> str:
        return (self.as_of or self.generated_on).isoformat()

    @property
    def row_count(self) -> int:
        return sum(len(g.rows) for g in self.groups)


def system_table_context(*, organisation: str, node_code: str = "", as_of: dt.date | None = None,
                         columns=None) -> SystemTableContext:
    """Gather the whole table: the tree (or `node_code`'s subtree) now, or at the end of `as_of`."""
    chosen = columns_for(columns)
    snap = snapshot(as_of)
    tree = _Tree(snap.nodes)
    roots = tree.scope_roots(node_code)
    standing = {s.id: _standing(s) for s in snap.standards}
    rows_by_node: dict[int, list[StandardSnap]] = {}
    for standard in snap.standards:
        if standing[standard.id][0] != StandardStatus.WITHDRAWN:
            rows_by_node.setdefault(standard.node_id, []).append(standard)
    for held in rows_by_node.values():
        held.sort(key=lambda s: _natural(s.code))
    groups = _groups(tree, roots, rows_by_node, standing, chosen, as_of or timezone.localdate())
    chart = [_chart_node(tree, root, groups, depth=0) for root in roots]
    all_rows = [row for group in groups for row in group.rows]
    context = SystemTableContext(
        organisation=clean(organisation), title=_("标准体系表"),
        scope_label=_("全部体系") if not node_code else f"{roots[0].code} {roots[0].name}",
        as_of=as_of, generated_on=timezone.localdate(), source=_sources(tree, roots), columns=chosen,
        groups=groups, chart=chart, stats_by_level=_stats_by_level(all_rows),
        stats_by_node=_stats_by_node(chart), stats_by_origin=_stats_by_origin(all_rows), explanation=[],
    )
    context.explanation = _explanation(context, all_rows)
    return context


class _Tree:
    def __init__(self, nodes: list[NodeSnap]):
        self.by_id = {n.id: n for n in nodes}
        self.children: dict[int | None, list[NodeSnap]] = {}
        for node in sorted(nodes, key=lambda n: (n.order, _natural(n.code))):
            parent = node.parent_id if node.parent_id in self.by_id else None
            self.children.setdefault(parent, []).append(node)

    def scope_roots(self, node_code: str) -> list[NodeSnap]:
        if not node_code:
            return list(self.children.get(None, []))
        found = [n for n in self.by_id.values() if n.code == node_code]
        if not found:
            raise ApplicationError(_("节点编码 %(code)s 不存在。") % {"code": node_code}, field="node")
        return found

    def preorder(self, node: NodeSnap, depth: int = 0):
        yield node, depth
        for child in self.children.get(node.id, []):
            yield from self.preorder(child, depth + 1)

    def subtree_ids(self, node: NodeSnap) -> set[int]:
        return {n.id for n, _depth in self.preorder(node)}


def _natural(code: str):
    return [int(part) if part.isdigit() else part for part in re.split(r"(\d+)", code or "")]


def _standing(standard: StandardSnap) -> tuple[str, EditionSnap | None]:
    """The standard's status and the edition its row shows (in force, else the latest draft)."""
    editions = sorted(standard.editions, key=lambda e: e.seq, reverse=True)
    in_force = next((e for e in editions if e.status == EditionStatus.IN_FORCE), None)
    if in_force:
        return StandardStatus.IN_FORCE, in_force
    open_ = [e for e in editions if e.status not in (EditionStatus.WITHDRAWN, EditionStatus.SUPERSEDED)]
    if open_:
        return StandardStatus.DRAFT, open_[0]
    if editions:
        return StandardStatus.WITHDRAWN, None
    return StandardStatus.PLANNED, None


def _validity_note(standard: StandardSnap, edition: EditionSnap | None, today: dt.date) -> str:
    """'已于 2023-03-17 废止，由 GB/T 24421.2-2023 代替' for the number the row shows."""
    external = standard.external
    if external is None or edition is None or not status_applies(external.number, edition.number):
        return ""
    return obsolete_note(state=external.state, ends_on=external.ends_on, replaced_by=external.replaced_by,
                         today=today)


def _notes(standard: StandardSnap, status: str, validity: str = "", former: bool = False) -> str:
    """备注: the validity warning, 原编号 (when the table has no 原编号 column), the plan, the notes."""
    parts = [validity] if validity else []
    if former and standard.former_code:
        parts.append(_("原编号 %(c)s") % {"c": standard.former_code})
    if standard.plan:
        parts.append(str(Plan(standard.plan).label))
    elif status == StandardStatus.DRAFT:
        parts.append(DRAFTING_NOTE)
    if standard.notes.strip():
        parts.append(standard.notes.strip())
    return clean("；".join(parts))


def _row(standard: StandardSnap, node: NodeSnap, standing, seq: int, columns: list[Column],
         today: dt.date) -> Row:
    status, edition = standing
    values = {
        "seq": seq,
        "code": clean(standard.code),
        "former_code": clean(standard.former_code),
        "subsystem": clean(node.name),
        "number": clean(edition.number if edition else ""),
        "name": clean(standard.name),
        "level": str(Level(standard.level).label) if standard.level in Level.values else clean(standard.level),
        "effective_on": edition.effective_on if edition else None,
        "intl_relation": clean(standard.intl_relation),
        "replaces": clean(edition.replaces if edition else ""),
        "notes": _notes(standard, status, _validity_note(standard, edition, today),
                        former=not any(c.key == "former_code" for c in columns)),
    }
    return Row(values={c.key: values[c.key] for c in columns}, level=standard.level, origin=standard.origin,
               in_force=status == StandardStatus.IN_FORCE, plan=standard.plan)


def _groups(tree: _Tree, roots, rows_by_node, standing, columns, today: dt.date) -> list[Group]:
    groups: list[Group] = []
    seq = 0
    for root in roots:
        for node, depth in tree.preorder(root):
            if not any(rows_by_node.get(i) for i in tree.subtree_ids(node)):
                continue
            group = Group(code=clean(node.code), name=clean(node.name), depth=depth)
            for standard in rows_by_node.get(node.id, []):
                seq += 1
                group.rows.append(_row(standard, node, standing[standard.id], seq, columns, today))
            groups.append(group)
    return groups


def _chart_node(tree: _Tree, node: NodeSnap, groups: list[Group], depth: int) -> ChartNode:
    """A chart box with the subtree's counts; the chart goes down to sub-systems (two levels)."""
    codes = {tree.by_id[i].code for i in tree.subtree_ids(node)}
    rows = [row for group in groups if group.code in codes for row in group.rows]
    box = ChartNode(code=clean(node.code), name=clean(node.name), expected=len(rows),
                    existing=sum(1 for r in rows if r.in_force))
    if depth < 1:
        box.children = [_chart_node(tree, child, groups, depth + 1) for child in tree.children.get(node.id, [])
                        if child.is_active or any(g.code == child.code for g in groups)]
    return box


def _stats_by_level(rows: list[Row]) -> list[StatRow]:
    stats = []
    for level in LEVEL_ORDER:
        mine = [r for r in rows if r.level == level]
        stats.append(StatRow(label=str(level.label), expected=len(mine), existing=sum(r.in_force for r in mine)))
    stats.append(StatRow(label=_("合计"), expected=len(rows), existing=sum(r.in_force for r in rows),
                         is_total=True))
    return stats


def _stats_by_node(chart: list[ChartNode]) -> list[StatRow]:
    stats = []
    for box in chart:
        stats.append(StatRow(label=f"{box.code} {box.name}", expected=box.expected, existing=box.existing))
        stats += [StatRow(label=f"{c.code} {c.name}", expected=c.expected, existing=c.existing, depth=1)
                  for c in box.children]
    stats.append(StatRow(label=_("合计"), expected=sum(b.expected for b in chart),
                         existing=sum(b.existing for b in chart), is_total=True))
    return stats


def _stats_by_origin(rows: list[Row]) -> list[StatRow]:
    """Adopted external standards (国家/行业/地方/团体) and in-house ones; `ratio` here is the
    share of the in-force total, not existing/expected."""
    existing_total = sum(r.in_force for r in rows)
    stats = []
    for origin, label in ((Origin.ADOPTED, _("采用外部标准")), (Origin.IN_HOUSE, _("自制标准"))):
        mine = [r for r in rows if r.origin == origin]
        stats.append(StatRow(label=label, expected=len(mine), existing=sum(r.in_force for r in mine)))
    stats.append(StatRow(label=_("合计"), expected=len(rows), existing=existing_total, is_total=True))
    for stat in stats:
        stat.share = stat.existing / existing_total if existing_total else None
    return stats


def _sources(tree: _Tree, roots) -> str:
    found = sorted({n.source for root in roots for n, _d in tree.preorder(root) if n.source})
    return "、".join(found)


def _explanation(context: SystemTableContext, rows: list[Row]) -> list[str]:
    total = context.stats_by_level[-1]
    adopted, _in_house, _all = context.stats_by_origin
    plans = {p: sum(1 for r in rows if r.plan == p) for p in (Plan.TO_DRAFT, Plan.TO_ADOPT, Plan.TO_REVISE)}
    subsystems = sum(len(box.children) or 1 for box in context.chart)
    when = (_("截至 %(d)s 日终（依据系统中的版本状态变更记录和修改历史还原）") % {"d": context.as_of.isoformat()}
            if context.as_of else _("截至 %(d)s（生成时的现行状态）") % {"d": context.generated_on.isoformat()})
    basis = _("本体系表参照 GB/T 13016《标准体系构建原则和要求》和 GB/T 13017《企业标准体系表编制指南》编制")
    if context.source:
        basis += _("，体系结构依据 %(s)s") % {"s": context.source}
    return [
        basis + _("，由体系结构图、标准明细表和标准统计表组成。"),
        _("编制单位：%(org)s。范围：%(scope)s。时点：%(when)s。")
        % {"org": context.organisation, "scope": context.scope_label, "when": when},
        _("本表共列入 %(sub)d 个子体系的标准 %(n)d 项（应有数），其中现行 %(e)d 项（现有数），标准现有率 %(p)s；"
          "待制定 %(d)d 项，待采用 %(a)d 项，待修订 %(r)d 项。")
        % {"sub": subsystems, "n": total.expected, "e": total.existing, "p": total.percent,
           "d": plans[Plan.TO_DRAFT], "a": plans[Plan.TO_ADOPT], "r": plans[Plan.TO_REVISE]},
        _("现行标准中采用国家、行业、地方、团体等外部标准 %(a)d 项，占 %(p)s。")
        % {"a": adopted.existing, "p": adopted.share_percent},
        _("标准编号、实施日期和代替标准号取自各标准的现行版本（尚无现行版本的取最新草案）；"
          "“备注”列注明待制定、待采用、待修订等计划状态，以及采用标准被代替或废止的情况。日期均按 YYYY-MM-DD 书写。"),
    ]

