"""The write phase of a 明细表 import: replay the plan in memory, then write it in batches.

`ImportWriter.apply` does to objects held in memory, row by row, what the standards services
do to the database (standard_create, standard_update, edition_create, edition_publish with the
exemption '导入现有体系表', the date corrections), with the same refusals and the same
status-change notes. `write` then stores every new and changed standard and edition with one
history row each (who, and the first reason the services would have recorded), the
status-change rows, acknowledgements and notifications, in a few statements per model.
tests/standards/test_import_bulk.py pins that this writes what the services write."""

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from qms.core.bulk import PendingWrites, clean_for_bulk
from qms.core.errors import ApplicationError

from ..models import Edition, EditionStatus, Plan, Standard, StandardStatus, SystemNode
from ..numbers import next_code
from ..services.acknowledgements import acknowledgements_request_many
from ..services.editions import edition_publish_check, status_rows_write

S = EditionStatus
STANDARD_FIELDS = ("name", "level", "node", "notes", "intl_relation", "plan", "status", "number", "version")
EDITION_FIELDS = ("status", "published_on", "effective_on", "replaces")


def standing(editions) -> tuple[Edition | None, Edition | None]:
    """(edition in force, latest open draft) among a standard's editions."""
    editions = sorted(editions, key=lambda e: e.seq, reverse=True)
    in_force = next((e for e in editions if e.status == S.IN_FORCE), None)
    draft = next((e for e in editions if e.status not in (S.IN_FORCE, S.SUPERSEDED, S.WITHDRAWN)), None)
    return in_force, draft


class ImportWriter(PendingWrites):
    def __init__(self, *, actor, reason: str, exempt_reason: str, row_plans):
        super().__init__(actor=actor, reason=reason)  # self.new: to INSERT; self.changed: to UPDATE
        self.exempt_reason = exempt_reason
        self.today = timezone.localdate()
        self.status_rows, self.published = [], []
        self._load([r.standard_id for r in row_plans if r.standard_id], [r.row.node_code for r in row_plans])

    def _load(self, standard_ids, node_codes):
        self.nodes = SystemNode.objects.in_bulk(set(node_codes), field_name="code")
        locked = Standard.objects.select_for_update().filter(pk__in=standard_ids).prefetch_related("editions")
        self.standards = {s.pk: s for s in locked}
        self.editions = {s.pk: list(s.editions.all()) for s in self.standards.values()}
        self.codes = {}  # node code -> codes of its standards (for generated codes)
        for node_code, code in Standard.objects.filter(node__code__in=set(node_codes)).values_list("node__code",
                                                                                                   "code"):
            self.codes.setdefault(node_code, []).append(code)
        self.created_codes = {}

    # ---- bookkeeping (touch: PendingWrites')
    def bump(self, standard: Standard, reason: str):
        standard.version += 1
        self.touch(standard, reason)

    def editions_of(self, standard: Standard) -> list[Edition]:
        return self.editions.setdefault(standard.pk or id(standard), [])

    def record(self, edition: Edition, from_status: str, note: str):
        self.status_rows.append((edition, from_status, edition.status, self.actor, note))

    # ---- one row
    def apply(self, row_plan, *, create: str, planned: str, in_force: str):
        row = row_plan.row
        node = self.nodes[row.node_code]
        if row_plan.action == create:
            standard = self.create_standard(row_plan, node, in_force=in_force)
        else:
            standard = self.standards[row_plan.standard_id]
            self.update_fields(standard, row, node)
        if row_plan.state != planned:
            self.apply_edition(standard, row, published=row_plan.state == in_force)
        if standard.plan != row_plan.plan:
            standard.plan = row_plan.plan
            self.bump(standard, self.reason)
        self.check(standard)

    def check(self, standard: Standard):
        try:
            for obj in [standard, *self.editions_of(standard)]:
                clean_for_bulk(obj)
        except ValidationError as error:
            raise ApplicationError("；".join(m for ms in error.message_dict.values() for m in ms)) from error

    def create_standard(self, row_plan, node: SystemNode, *, in_force: str) -> Standard:
        row = row_plan.row
        if not node.is_active:
            raise ApplicationError(_("节点 %(node)s 已停用，不能再添加标准。") % {"node": node}, field="node")
        code = row.code.strip() or next_code(node.code, self.codes.get(node.code, []))
        if code in self.created_codes:
            raise ApplicationError(_("体系表编号 %(code)s 已被“%(name)s”使用。")
                                   % {"code": code, "name": self.created_codes[code].name}, field="code")
        plan = row_plan.plan if row_plan.state != in_force else Plan.NONE
        standard = Standard(code=code, name=row.name, level=row.level, origin=row.origin, node=node,
                            status=StandardStatus.PLANNED, plan=plan, notes=row.notes,
                            intl_relation=row.intl_relation or "", owner=self.actor if plan else None)
        standard._change_reason = self.reason
        self.new.append(standard)
        self.created_codes[code] = standard
        self.codes.setdefault(node.code, []).append(code)
        return standard

    def update_fields(self, standard: Standard, row, node: SystemNode):
        wanted = {"name": row.name, "level": row.level, "node": node, "notes": row.notes}
        if row.intl_relation is not None:
            wanted["intl_relation"] = row.intl_relation
        changed = {k: v for k, v in wanted.items() if getattr(standard, k) != v}
        if not changed:
            return
        if "node" in changed and not node.is_active:
            raise ApplicationError(_("节点 %(node)s 已停用。") % {"node": node}, field="node")
        for name, value in changed.items():
            setattr(standard, name, value)
        self.bump(standard, self.reason)

    def apply_edition(self, standard: Standard, row, *, published: bool):
        in_force, draft = standing(self.editions_of(standard))
        shown = in_force or draft
        new = shown is None or shown.number != row.number
        edition = self.create_edition(standard, row) if new else shown
        if published and edition.status != S.IN_FORCE:
            self.publish(standard, edition, row)
        self.correct(edition, row, new=new)

    def create_edition(self, standard: Standard, row) -> Edition:
        editions = self.editions_of(standard)
        edition = Edition(standard=standard, seq=max((e.seq for e in editions), default=0) + 1,
                          number=row.number.strip(), title=standard.name, replaces=row.replaces,
                          published_on=row.effective_on, effective_on=row.effective_on, created_by=self.actor)
        edition._change_reason = self.reason
        editions.append(edition)
        self.new.append(edition)
        self.record(edition, "", self.reason)
        self.refresh(standard, _("新建版本 %(n)s") % {"n": edition.number})
        return edition

    def transition(self, edition: Edition, to_status: str, note: str):
        from_status, edition.status = edition.status, to_status
        self.touch(edition, note)
        self.record(edition, from_status, note)

    def publish(self, standard: Standard, edition: Edition, row):
        edition_publish_check(edition=edition, actor=self.actor, effective_on=row.effective_on,
                              published_on=row.effective_on, exempt_reason=self.exempt_reason, today=self.today)
        previous, _draft = standing(e for e in self.editions_of(standard) if e is not edition)
        if previous is not None:
            self.transition(previous, S.SUPERSEDED, _("被 %(n)s 代替") % {"n": edition.number})
            if not edition.replaces:
                edition.replaces = previous.number
        self.transition(edition, S.IN_FORCE, f"{self.reason}（{self.exempt_reason}）")
        published = _("发布 %(n)s") % {"n": edition.number}
        if standard.plan:
            standard.plan = Plan.NONE
            self.bump(standard, published)
        self.refresh(standard, published)
        self.published.append(edition)

    def refresh(self, standard: Standard, reason: str):
        """standard_refresh_status on the editions held in memory."""
        editions = sorted(self.editions_of(standard), key=lambda e: e.seq, reverse=True)
        in_force = next((e for e in editions if e.status == S.IN_FORCE), None)
        status = StandardStatus.IN_FORCE if in_force else StandardStatus.DRAFT if editions else StandardStatus.PLANNED
        if not in_force and editions and all(e.status in (S.WITHDRAWN, S.SUPERSEDED) for e in editions) \
                and any(e.status == S.WITHDRAWN for e in editions):
            status = StandardStatus.WITHDRAWN
        number = in_force.number if in_force else (standard.number or (editions[0].number if editions else ""))
        if (status, number) != (standard.status, standard.number):
            standard.status, standard.number = status, number
            self.bump(standard, reason)

    def correct(self, edition: Edition, row, *, new: bool):
        changed = False
        if edition.effective_on != row.effective_on and (row.effective_on or new):
            edition.effective_on, changed = row.effective_on, True
        if row.replaces and edition.replaces != row.replaces:
            edition.replaces, changed = row.replaces, True
        if changed:
            self.touch(edition, self.reason)

    # ---- all rows at once
    def write(self):
        """Store what `apply` planned: standards, then editions (the superseded ones before the
        ones that take their place), status rows, acknowledgements and notifications."""
        self.write_model(Standard, fields=STANDARD_FIELDS)
        self.write_model(Edition, fields=EDITION_FIELDS)  # updates before insertions
        status_rows_write(self.status_rows)
        acknowledgements_request_many(editions=self.published, actor=self.actor)
