"""The structure chart for the tree page, from the tree that page already reads."""

from ..models import StandardStatus
from .context import ChartNode


def structure_chart(tree) -> list[ChartNode]:
    """Systems and their sub-systems with 应有数 (standards not withdrawn) and 现有数 (in force)
    over each subtree, from `selectors.tree_with_counts()`."""
    return [_box(item, depth=0) for item in tree]


def _box(item, depth: int) -> ChartNode:
    total = item.total
    expected = sum(n for status, n in total.items() if status != StandardStatus.WITHDRAWN)
    box = ChartNode(code=item.node.code, name=item.node.name, expected=expected,
                    existing=total.get(StandardStatus.IN_FORCE, 0))
    if depth < 1:
        box.children = [_box(child, depth + 1) for child in item.children]
    return box
