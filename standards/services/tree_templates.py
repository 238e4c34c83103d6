"""Tree templates: which template the centre's tree follows, installing a template on an empty
system, and moving a centre from one template to another (2009 -> 2023) with a preview.

`tree_migration_preview` says, for every node, whether it is kept, renamed, created or retired,
and for every standard not withdrawn its old and new 体系表编号. `tree_migrate` applies that plan in
one transaction through the tree and standards services (history on every row, reason
'体系迁移至 …'); any refusal rolls all of it back. A moved standard keeps its old code as 原编号,
and a retired node points to the node that took its standards (for old workbooks)."""

from dataclasses import dataclass, field

from django.db import transaction
from django.utils.translation import gettext as _

from qms.core.errors import ApplicationError, PermissionRefused
from qms.core.history import save_with_reason

from ..models import Standard, StandardStatus, SystemNode
from ..permissions import can_edit_standards
from ..tree_templates import MIGRATIONS, TEMPLATES, TreeTemplate
from .standards import standards_move_many
from .tree import node_create, node_retire, node_update

KEEP, RENAME, CREATE, RETIRE = "keep", "rename", "create", "retire"
NODE_ACTION_LABELS = {KEEP: "保留", RENAME: "改名", CREATE: "新增", RETIRE: "停用（标准移入新节点）"}


@dataclass
class NodeMove:
    action: str
    code: str
    name: str
    old_name: str = ""
    target: str = ""  # RETIRE: the node taking its standards

    @property
    def action_label(self) -> str:
        return NODE_ACTION_LABELS[self.action]


@dataclass
class StandardMove:
    standard: Standard
    old_code: str
    new_code: str
    old_node: str
    new_node: str


@dataclass
class TreeMigrationPlan:
    source: TreeTemplate
    target: TreeTemplate
    nodes: list[NodeMove] = field(default_factory=list)
    standards: list[StandardMove] = field(default_factory=list)

    @property
    def reason(self) -> str:
        return _("体系迁移至 %(s)s") % {"s": self.target.source}

    @property
    def changed(self) -> list[StandardMove]:
        return [m for m in self.standards if m.old_code != m.new_code]


def tree_template_current() -> TreeTemplate | None:
    """The template the active tree follows: the source most of its active nodes name."""
    sources = list(SystemNode.objects.filter(is_active=True).values_list("source", flat=True))
    matches = [t for t in TEMPLATES.values() if sources and sources.count(t.source) * 2 > len(sources)]
    return matches[0] if matches else None


def _require_office(actor):
    if not can_edit_standards(actor):
        raise PermissionRefused(_("只有标准化办公室可以修改标准体系。"))


def tree_migration_preview(*, target_key: str) -> TreeMigrationPlan:
    """What moving the tree to `target_key` would do. Writes nothing."""
    target = TEMPLATES.get(target_key)
    source = tree_template_current()
    if target is None:
        raise ApplicationError(_("未知的体系模板：%(k)s") % {"k": target_key})
    mapping = MIGRATIONS.get((source.key, target.key)) if source else None
    if mapping is None:
        raise ApplicationError(_("当前体系不是按可迁移的模板建立的，无法自动迁移到 %(t)s。") % {"t": target.label})
    plan = TreeMigrationPlan(source=source, target=target)
    live = {n.code: n for n in SystemNode.objects.all()}
    for node in target.nodes:
        existing = live.get(node.code)
        if existing is None or not existing.is_active:
            plan.nodes.append(NodeMove(CREATE, node.code, node.name))
        else:
            action = KEEP if existing.name == node.name else RENAME
            plan.nodes.append(NodeMove(action, node.code, node.name, old_name=existing.name))
    target_codes = {n.code for n in target.nodes}
    for code, node in sorted(live.items()):
        if node.is_active and code not in target_codes:
            plan.nodes.append(NodeMove(RETIRE, code, node.name, target=mapping.get(code, "")))
    plan.standards = _standard_moves(mapping, live)
    return plan


def _standard_moves(mapping: dict[str, str], live: dict[str, SystemNode]) -> list[StandardMove]:
    """Every standard not withdrawn: its node's new code, numbered in the old order; a node
    kept as it is keeps its standards' codes."""
    moves, used = [], {}
    standards = (Standard.objects.exclude(status=StandardStatus.WITHDRAWN).select_related("node")
                 .order_by("node__order", "node__code", "code"))
    for standard in standards:
        old = standard.node.code
        new = mapping.get(old)
        if new is None:
            raise ApplicationError(_("节点 %(n)s 不在迁移对照表中，无法迁移；请先把它的标准移到标准节点下。")
                                   % {"n": standard.node})
        if new == old:
            moves.append(StandardMove(standard, standard.code, standard.code, old, new))
            continue
        seq = used.get(new, 0) + 1
        used[new] = seq
        moves.append(StandardMove(standard, standard.code, f"{new}-{seq:02d}", old, new))
    return moves


@transaction.atomic
def tree_migrate(*, actor, target_key: str) -> TreeMigrationPlan:
    """Apply the preview's plan, all or nothing."""
    _require_office(actor)
    plan = tree_migration_preview(target_key=target_key)
    nodes = _apply_nodes(plan, actor=actor)
    standards_move_many(actor=actor, moves=[(move.standard, move.new_code, nodes[move.new_node])
                                            for move in plan.changed], reason=plan.reason)
    for move in plan.nodes:
        if move.action == RETIRE:
            node = SystemNode.objects.get(code=move.code)
            node.replaced_by = nodes.get(move.target)
            save_with_reason(node, actor=actor, reason=plan.reason)
    for move in sorted((m for m in plan.nodes if m.action == RETIRE), key=lambda m: -len(m.code)):
        node_retire(actor=actor, node=SystemNode.objects.get(code=move.code), reason=plan.reason)
    return plan


def _apply_nodes(plan: TreeMigrationPlan, *, actor) -> dict[str, SystemNode]:
    live = {n.code: n for n in SystemNode.objects.all()}
    for order, template_node in enumerate(plan.target.nodes, start=1):
        node = live.get(template_node.code)
        parent = live.get(template_node.parent) if template_node.parent else None
        if node is None:
            node = node_create(actor=actor, code=template_node.code, name=template_node.name, parent=parent,
                               order=order * 10, reason=plan.reason)
        else:
            node = node_update(actor=actor, node=node, name=template_node.name, order=order * 10, parent=parent,
                               reason=plan.reason)
        node.source, node.is_active, node.description = plan.target.source, True, _node_note(template_node)
        live[node.code] = save_with_reason(node, actor=actor, reason=plan.reason)
    return live


def _delete_nodes_not_in(template: TreeTemplate):
    """Delete, leaves first, the nodes the template does not have (an empty system only)."""
    wanted = {n.code for n in template.nodes}
    doomed = {n.pk: n for n in SystemNode.objects.exclude(code__in=wanted)}
    while doomed:
        parents = {n.parent_id for n in SystemNode.objects.filter(parent_id__in=doomed)}
        for pk in [pk for pk in doomed if pk not in parents]:
            doomed.pop(pk).delete()


def _node_note(template_node) -> str:
    return "" if template_node.verified else _("未核实：该子体系名称沿用 2009 版，未对照 2023 版原文核实。")


@transaction.atomic
def tree_template_install(*, actor, key: str) -> list[SystemNode]:
    """Put a template's tree in place of the current one, while the system holds no standards
    (a new centre choosing its structure). Nodes not in the template are deleted."""
    _require_office(actor)
    template = TEMPLATES.get(key)
    if template is None:
        raise ApplicationError(_("未知的体系模板：%(k)s") % {"k": key})
    if Standard.objects.exists():
        raise ApplicationError(_("体系中已有标准，不能直接更换模板；请使用体系迁移（预览后整体迁移）。"))
    plan = TreeMigrationPlan(source=template, target=template)
    nodes = _apply_nodes(plan, actor=actor)
    _delete_nodes_not_in(template)
    return [nodes[n.code] for n in template.nodes]
