"""The system as it stands now, or as it stood at the end of a past day.

Both give the same plain records (`NodeSnap`, `StandardSnap`, `EditionSnap`), so the table is
built by one code path. The past comes from the three memories (see STYLE.md):
- an edition's status from its workflow events (the workflow's event log) up to that moment;
- everything else (numbers, dates, names, nodes, plans) from the django-simple-history tables
  (HistoricalStandard, HistoricalEdition, HistoricalSystemNode), the last row before the moment.
A record whose first history row is a change rather than a creation existed before its history
was kept; its earliest known values stand in for the unknown ones before them."""

import datetime as dt
from dataclasses import dataclass, field

from django.utils import timezone

from qms.core.models import WorkflowEvent

from ..models import AdoptedStatus, Edition, Standard, SystemNode
from ..workflows import EDITION_WORKFLOW

NODE_FIELDS = ("id", "code", "name", "parent_id", "order", "is_active", "source")
STANDARD_FIELDS = ("id", "code", "name", "level", "origin", "node_id", "plan", "notes", "intl_relation",
                   "former_code")
EDITION_FIELDS = ("id", "standard_id", "seq", "number", "status", "effective_on", "replaces")
STATUS_FIELDS = ("id", "standard_id", "number", "state", "ends_on", "replaced_by")


@dataclass
class NodeSnap:
    id: int
    code: str
    name: str
    parent_id: int | None
    order: int
    is_active: bool
    source: str = ""


@dataclass
class EditionSnap:
    id: int
    standard_id: int
    seq: int
    number: str
    status: str
    effective_on: dt.date | None
    replaces: str


@dataclass
class ExternalSnap:
    """An adopted standard's external status (现行 / 即将实施 / 被代替 / 废止) for one number."""

    number: str
    state: str
    ends_on: dt.date | None
    replaced_by: str


@dataclass
class StandardSnap:
    id: int
    code: str
    name: str
    level: str
    origin: str
    node_id: int
    plan: str
    notes: str
    intl_relation: str
    former_code: str = ""  # 原编号: the code before a tree migration
    editions: list[EditionSnap] = field(default_factory=list)
    external: ExternalSnap | None = None


@dataclass
class Snapshot:
    nodes: list[NodeSnap]
    standards: list[StandardSnap]
    as_of: dt.date | None


def snapshot(as_of: dt.date | None = None) -> Snapshot:
    """Now (as_of None) from the live tables, or the end of `as_of` from the history."""
    if as_of is None:
        nodes = [NodeSnap(**row) for row in SystemNode.objects.values(*NODE_FIELDS)]
        standards = [StandardSnap(**row) for row in Standard.objects.values(*STANDARD_FIELDS)]
        editions = [EditionSnap(**row) for row in Edition.objects.values(*EDITION_FIELDS)]
        statuses = list(AdoptedStatus.objects.values(*STATUS_FIELDS))
    else:
        end = moment_after(as_of)
        standards = [StandardSnap(**row) for row in _history_as_of(Standard, end, STANDARD_FIELDS)]
        nodes = [NodeSnap(**row) for row in _nodes_as_of(end, {s.node_id for s in standards})]
        editions = [EditionSnap(**row) for row in _history_as_of(Edition, end, EDITION_FIELDS)]
        _apply_status_changes(editions, end)
        statuses = _history_as_of(AdoptedStatus, end, STATUS_FIELDS)
    by_id = {s.id: s for s in standards}
    for edition in editions:
        if edition.standard_id in by_id:
            by_id[edition.standard_id].editions.append(edition)
    for row in statuses:
        if row["standard_id"] in by_id:
            by_id[row["standard_id"]].external = ExternalSnap(
                number=row["number"], state=row["state"], ends_on=row["ends_on"], replaced_by=row["replaced_by"])
    return Snapshot(nodes=nodes, standards=standards, as_of=as_of)


def moment_after(day: dt.date) -> dt.datetime:
    """The first instant after `day` ends, in the site's time zone."""
    return timezone.make_aware(dt.datetime.combine(day + dt.timedelta(days=1), dt.time.min))


def _history_as_of(model, end: dt.datetime, fields) -> list[dict]:
    """Each record's last history row before `end`, left out if that row is a deletion. A record
    with no row before `end` whose first row after it is a change (not a creation) existed
    untracked: its earliest known values are used."""
    history = model.history.model.objects
    columns = (*fields, "history_type")
    before: dict[int, dict] = {}
    for row in history.filter(history_date__lt=end).order_by("history_date", "history_id").values(*columns):
        before[row["id"]] = row
    after: dict[int, dict] = {}
    for row in history.filter(history_date__gte=end).order_by("history_date", "history_id").values(*columns):
        if row["id"] not in before:
            after.setdefault(row["id"], row)
    rows = [row for row in before.values() if row["history_type"] != "-"]
    rows += [row for row in after.values() if row["history_type"] != "+"]
    for row in rows:
        del row["history_type"]
    return rows


def _nodes_as_of(end: dt.datetime, held: set[int]) -> list[dict]:
    """Nodes from their history; a node holding a standard at `end` but with no history before
    it (a tree installed after the standard was recorded) is taken as it is now, with its parents."""
    nodes = {row["id"]: row for row in _history_as_of(SystemNode, end, NODE_FIELDS)}
    live = {row["id"]: row for row in SystemNode.objects.values(*NODE_FIELDS)}
    missing = [pk for pk in held if pk not in nodes]
    while missing:
        pk = missing.pop()
        if pk in live and pk not in nodes:
            nodes[pk] = live[pk]
            missing.append(live[pk]["parent_id"])
    return list(nodes.values())


def _apply_status_changes(editions: list[EditionSnap], end: dt.datetime) -> None:
    """An edition's status at `end` is the target of its last workflow event before `end`
    (the history row's status stands where no change row exists)."""
    last: dict[int, str] = {}
    changes = (WorkflowEvent.objects.filter(workflow=EDITION_WORKFLOW.key, at__lt=end).exclude(to_status="")
               .order_by("at", "id").values_list("object_id", "to_status"))
    for edition_id, to_status in changes:
        last[edition_id] = to_status
    for edition in editions:
        edition.status = last.get(edition.id, edition.status)
