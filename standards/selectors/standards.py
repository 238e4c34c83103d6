"""Reads for the standard system: the tree with counts, filtered lists, history and diffs."""

import difflib
from dataclasses import dataclass, field

from django.db.models import Count, Exists, OuterRef, Q

from ..models import Edition, EditionStatus, Standard, StandardStatus, SystemNode


@dataclass
class TreeNode:
    node: SystemNode
    children: list["TreeNode"] = field(default_factory=list)
    own: dict[str, int] = field(default_factory=dict)  # status -> count of standards held directly
    total: dict[str, int] = field(default_factory=dict)  # the same over the subtree

    @property
    def depth_codes(self):
        return [c.node.code for c in self.children]


def tree_with_counts(*, include_retired: bool = False) -> list[TreeNode]:
    """The whole tree in two queries: nodes, and standard counts per node and status.
    `total` adds the subtree's counts; keys are StandardStatus values."""
    nodes = SystemNode.objects.all() if include_retired else SystemNode.objects.filter(is_active=True)
    items = {n.pk: TreeNode(node=n) for n in nodes.order_by("order", "code")}
    counts = Standard.objects.values("node_id", "status").annotate(n=Count("id")).order_by()
    for row in counts:
        if row["node_id"] in items:
            items[row["node_id"]].own[row["status"]] = row["n"]
    roots = []
    for item in items.values():
        parent = items.get(item.node.parent_id)
        (parent.children if parent else roots).append(item)

    def fold(item: TreeNode) -> dict[str, int]:
        total = dict(item.own)
        for child in item.children:
            for key, value in fold(child).items():
                total[key] = total.get(key, 0) + value
        item.total = total
        return total

    for root in roots:
        fold(root)
    return roots


def node_subtree_ids(code: str) -> list[int]:
    """Ids of the node with `code` and every node below it."""
    pairs = list(SystemNode.objects.values_list("pk", "parent_id", "code"))
    start = [pk for pk, _parent, c in pairs if c == code]
    found = set(start)
    changed = True
    while changed:
        changed = False
        for pk, parent, _code in pairs:
            if parent in found and pk not in found:
                found.add(pk)
                changed = True
    return list(found)


def standard_search(queryset, text: str):
    """Match a word against code, number, name and the text of any edition."""
    text = (text or "").strip()
    if not text:
        return queryset
    in_text = Edition.objects.filter(standard=OuterRef("pk"), text__icontains=text)
    in_numbers = Edition.objects.filter(standard=OuterRef("pk"), number__icontains=text)
    return queryset.filter(
        Q(code__icontains=text) | Q(number__icontains=text) | Q(name__icontains=text)
        | Exists(in_text) | Exists(in_numbers)
    )


def standard_list_for_user(user):
    """Every logged-in user reads every standard; the list's related rows come in the same query."""
    return Standard.objects.select_related("node", "responsible_department").annotate(
        in_force_effective_on=_in_force_effective_on()
    )


def _in_force_effective_on():
    from django.db.models import Subquery

    return Subquery(
        Edition.objects.filter(standard=OuterRef("pk"), status=EditionStatus.IN_FORCE).values("effective_on")[:1]
    )


def standard_detail(pk: int) -> Standard:
    return (
        Standard.objects.select_related("node", "responsible_department", "drafting_department", "owner",
                                        "adopted_status", "adopted_status__confirmed_by")
        .prefetch_related("applicable_departments", "editions__created_by")
        .get(pk=pk)
    )


def standard_history(standard: Standard):
    """History rows of the standard, newest first, with who made them."""
    return standard.history.select_related("history_user").order_by("-history_date", "-history_id")


def edition_history_for_standard(standard: Standard):
    """History rows of every edition of the standard, newest first."""
    return (
        Edition.history.filter(standard_id=standard.pk)
        .select_related("history_user")
        .order_by("-history_date", "-history_id")
    )


def history_diff(newer, older) -> list[dict]:
    """Field-by-field differences between two history rows of one record."""
    if newer.history_date < older.history_date:
        newer, older = older, newer
    delta = newer.diff_against(older)
    rows = []
    for change in delta.changes:
        model_field = newer.instance_type._meta.get_field(change.field)
        rows.append({
            "field": str(getattr(model_field, "verbose_name", change.field)),
            "old": _display(model_field, change.old),
            "new": _display(model_field, change.new),
        })
    return rows


def _display(model_field, value):
    choices = dict(getattr(model_field, "flatchoices", []) or [])
    if isinstance(value, list):  # many-to-many: list of through-row dicts
        return ", ".join(str(v) for v in value)
    return str(choices.get(value, value)) if value not in (None, "") else "—"


def edition_text_diff(old: Edition, new: Edition) -> list[tuple[str, str]]:
    """Line diff of two editions' texts as (kind, line) pairs; kind is ' ', '+', '-'."""
    rows = []
    for line in difflib.ndiff((old.text or "").splitlines(), (new.text or "").splitlines()):
        if line.startswith("? "):
            continue
        rows.append((line[0], line[2:]))
    return rows


def tree_counts_by_status() -> dict[str, int]:
    rows = Standard.objects.values("status").annotate(n=Count("id")).order_by()
    return {row["status"]: row["n"] for row in rows}


__all__ = [
    "StandardStatus", "TreeNode", "edition_history_for_standard", "edition_text_diff", "history_diff", "node_subtree_ids",
    "standard_detail", "standard_history", "standard_list_for_user", "standard_search",
    "tree_counts_by_status", "tree_with_counts",
]


def node_current(code: str) -> SystemNode:
    """The active node standing for `code`: the node itself, the node a tree migration moved its
    standards to, or, on a tree built from the 2023 template, the node a 2009 code maps to."""
    from ..tree_templates import MAPPING_2009_TO_2023

    node = SystemNode.objects.filter(code=code).first()
    while node is not None and not node.is_active and node.replaced_by_id:
        node = SystemNode.objects.get(pk=node.replaced_by_id)
    if node is None and code in MAPPING_2009_TO_2023:
        node = SystemNode.objects.filter(code=MAPPING_2009_TO_2023[code]).first()
    if node is None:
        raise SystemNode.DoesNotExist(code)
    return node
