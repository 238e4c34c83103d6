"""The standard-system tree: add, rename, reorder, move and retire nodes."""

from django.db import transaction
from django.utils.translation import gettext as _

from qms.core.errors import ApplicationError, PermissionRefused
from qms.core.history import save_with_reason

from ..models import StandardStatus, SystemNode
from ..permissions import can_edit_standards


def _require_office(actor):
    if not can_edit_standards(actor):
        raise PermissionRefused(_("只有标准化办公室可以修改标准体系。"))


@transaction.atomic
def node_create(*, actor, code: str, name: str, parent: SystemNode | None = None, order: int = 0,
                description: str = "", reason: str = "") -> SystemNode:
    _require_office(actor)
    if SystemNode.objects.filter(code=code).exists():
        raise ApplicationError(_("节点编码 %(code)s 已存在。") % {"code": code}, field="code")
    if parent is not None and not parent.is_active:
        raise ApplicationError(_("上级节点 %(node)s 已停用。") % {"node": parent}, field="parent")
    node = SystemNode(code=code, name=name, parent=parent, order=order, description=description)
    return save_with_reason(node, actor=actor, reason=reason or _("新增节点"))


def _descendant_ids(node: SystemNode) -> set[int]:
    children: dict[int | None, list[int]] = {}
    for pk, parent_id in SystemNode.objects.values_list("pk", "parent_id"):
        children.setdefault(parent_id, []).append(pk)
    found, stack = set(), [node.pk]
    while stack:
        for child in children.get(stack.pop(), []):
            if child not in found:
                found.add(child)
                stack.append(child)
    return found


@transaction.atomic
def node_update(*, actor, node: SystemNode, reason: str = "", **fields) -> SystemNode:
    """Rename, reorder, re-describe or move a node (fields: name, order, description, parent)."""
    _require_office(actor)
    node = SystemNode.objects.select_for_update().get(pk=node.pk)
    parent = fields.get("parent", node.parent)
    if parent is not None and (parent.pk == node.pk or parent.pk in _descendant_ids(node)):
        raise ApplicationError(_("不能把节点移到它自己或它的下级节点之下。"), field="parent")
    for name in ("name", "order", "description", "parent"):
        if name in fields:
            setattr(node, name, fields[name])
    return save_with_reason(node, actor=actor, reason=reason or _("修改节点"))


@transaction.atomic
def node_retire(*, actor, node: SystemNode, reason: str) -> SystemNode:
    """Retire a node. Refused while it or a node below it holds a standard in force, or while
    it has active children."""
    _require_office(actor)
    if not reason.strip():
        raise ApplicationError(_("停用节点须说明原因。"), field="reason")
    node = SystemNode.objects.select_for_update().get(pk=node.pk)
    subtree = _descendant_ids(node) | {node.pk}
    in_force = node.standards.model.objects.filter(node_id__in=subtree, status=StandardStatus.IN_FORCE)
    if in_force.exists():
        raise ApplicationError(
            _("节点 %(node)s 下有 %(n)d 项现行标准，不能停用；请先移走或废止这些标准。")
            % {"node": node, "n": in_force.count()}
        )
    if node.children.filter(is_active=True).exists():
        raise ApplicationError(_("节点 %(node)s 还有在用的下级节点，请先停用下级节点。") % {"node": node})
    node.is_active = False
    return save_with_reason(node, actor=actor, reason=reason)
