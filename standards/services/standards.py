"""A standard's identity and metadata: create, update (with optimistic locking), status summary."""

from django.db import transaction
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from qms.core.bulk import clean_for_bulk, m2m_history_copy, update_with_history
from qms.core.errors import ApplicationError, ConcurrentEditError, PermissionRefused
from qms.core.history import save_with_reason

from ..models import EditionStatus, Origin, Plan, Standard, StandardStatus
from ..numbers import next_code
from ..permissions import can_edit_standards

EDITABLE_FIELDS = (
    "code", "former_code", "name", "level", "origin", "node", "plan", "target_date", "owner",
    "responsible_department", "drafting_department", "drafters", "review_cycle_years", "checked_through_others",
    "intl_relation", "notes",
)


def _require_office(actor):
    if not can_edit_standards(actor):
        raise PermissionRefused(_("只有标准化办公室可以新增或修改标准。"))


def _check_code_free(code: str, *, exclude_pk=None):
    clash = Standard.objects.exclude(status=StandardStatus.WITHDRAWN).filter(code=code)
    if exclude_pk:
        clash = clash.exclude(pk=exclude_pk)
    # Asked first without the table's ordering (a join); the name is the first by that ordering.
    other = clash.values_list("name", flat=True).first() if clash.exists() else None
    if other is not None:
        raise ApplicationError(
            _("体系表编号 %(code)s 已被“%(name)s”使用。") % {"code": code, "name": other}, field="code"
        )


@transaction.atomic
def standard_create(*, actor, name: str, level: str, origin: str, node, code: str = "",
                    applicable_departments=(), reason: str = "", **fields) -> Standard:
    """Register a standard, planned (no edition yet) unless editions follow. Without a code,
    the node's next free '<node>-NN' code is given."""
    _require_office(actor)
    if not node.is_active:
        raise ApplicationError(_("节点 %(node)s 已停用，不能再添加标准。") % {"node": node}, field="node")
    code = code.strip() or next_code(node.code, Standard.objects.filter(node=node).values_list("code", flat=True))
    _check_code_free(code)
    if "plan" not in fields:
        fields["plan"] = Plan.TO_ADOPT if origin == Origin.ADOPTED else Plan.TO_DRAFT
    if fields["plan"] and not fields.get("owner"):
        fields["owner"] = actor  # whoever puts a standard on the plan owns it until reassigned
    standard = Standard(code=code, name=name, level=level, origin=origin, node=node,
                        status=StandardStatus.PLANNED, **fields)
    save_with_reason(standard, actor=actor, reason=reason or _("新增标准"))
    if applicable_departments:
        standard.applicable_departments.add(*applicable_departments)  # a new standard has none to replace
    return standard


@transaction.atomic
def standard_update(*, actor, standard: Standard, expected_version: int, reason: str = "",
                    applicable_departments=None, **fields) -> Standard:
    """Change a standard's metadata. Refused when someone else saved it after `expected_version`
    was read: the message names who and when, and nothing is overwritten."""
    _require_office(actor)
    current = Standard.objects.select_for_update().get(pk=standard.pk)
    if current.version != expected_version:
        last = current.history.select_related("history_user").first()
        who = last.history_user if last and last.history_user else _("其他用户")
        when = formats.date_format(last.history_date, "Y-m-d H:i") if last else ""
        raise ConcurrentEditError(
            _("保存被拒绝：%(who)s 已于 %(when)s 修改了这项标准。请重新打开页面，查看对方的修改后再编辑。")
            % {"who": who, "when": when}
        )
    unknown = set(fields) - set(EDITABLE_FIELDS)
    if unknown:
        raise ApplicationError(_("不能修改字段：%(fields)s") % {"fields": ", ".join(sorted(unknown))})
    if "code" in fields and fields["code"] != current.code:
        _check_code_free(fields["code"], exclude_pk=current.pk)
    if "node" in fields and fields["node"] != current.node and not fields["node"].is_active:
        raise ApplicationError(_("节点 %(node)s 已停用。") % {"node": fields["node"]}, field="node")
    for name, value in fields.items():
        setattr(current, name, value)
    current.version += 1
    save_with_reason(current, actor=actor, reason=reason or _("修改标准信息"))
    if applicable_departments is not None:
        current.applicable_departments.set(applicable_departments)
    return current


@transaction.atomic
def standards_move_many(*, actor, moves, reason: str) -> list[Standard]:
    """Give many standards a new code and node at once (a tree migration): `moves` are
    (standard, code, node) in the order their changes are recorded. The same rows as
    `standard_update` one by one (the old code kept as 原编号, a '~' history row each with who,
    why and the applicable departments), with the refusals judged on the final state: a code
    held by a standard not withdrawn and not moving, two moves to one code, an inactive node."""
    _require_office(actor)
    moves = list(moves)
    current = {s.pk: s for s in Standard.objects.select_for_update().filter(pk__in=[m[0].pk for m in moves])}
    _check_codes_free_after(moves, current)
    now, rows = timezone.now(), []
    for standard, code, node in moves:
        row = current[standard.pk]
        if node != row.node and not node.is_active:
            raise ApplicationError(_("节点 %(node)s 已停用。") % {"node": node}, field="node")
        row.former_code = row.former_code or row.code
        row.code, row.node, row.version, row.updated_at = code, node, row.version + 1, now
        clean_for_bulk(row)
        rows.append(row)
    update_with_history(Standard, rows, ["code", "former_code", "node", "version", "updated_at"], actor=actor,
                        reason=reason)
    m2m_history_copy(Standard, rows)  # each history row with the applicable departments
    return rows


def _check_codes_free_after(moves, current: dict) -> None:
    taken = dict(Standard.objects.exclude(status=StandardStatus.WITHDRAWN).exclude(pk__in=list(current))
                 .values_list("code", "name"))
    for standard, code, _node in moves:
        if code in taken:
            raise ApplicationError(
                _("体系表编号 %(code)s 已被“%(name)s”使用。") % {"code": code, "name": taken[code]}, field="code")
        if current[standard.pk].status != StandardStatus.WITHDRAWN:
            taken[code] = current[standard.pk].name


def standard_refresh_status(*, standard: Standard, actor=None, reason: str = "", in_force=None) -> Standard:
    """Recompute the standard's status summary, number and plan from its editions (their
    status and number: no edition loaded with its text). `in_force`: the edition the caller
    has just put in force, which alone decides them (one edition in force at most, a
    constraint of the database): nothing is read."""
    if in_force is not None:
        editions = [(in_force.status, in_force.number)]
    else:
        editions = list(standard.editions.order_by("-seq").values_list("status", "number"))
    number_in_force = next((number for status, number in editions if status == EditionStatus.IN_FORCE), None)
    if number_in_force is not None:
        status = StandardStatus.IN_FORCE
    elif any(s == EditionStatus.WITHDRAWN for s, _n in editions) and not any(
        s not in (EditionStatus.WITHDRAWN, EditionStatus.SUPERSEDED) for s, _n in editions
    ):
        status = StandardStatus.WITHDRAWN
    elif editions:
        status = StandardStatus.DRAFT
    else:
        status = StandardStatus.PLANNED
    changed = False
    if status != standard.status:
        standard.status, changed = status, True
    if number_in_force is not None and standard.number != number_in_force:
        standard.number, changed = number_in_force, True
    if number_in_force is None and editions and not standard.number:
        standard.number, changed = editions[0][1], True
    if changed:
        standard.version += 1
        save_with_reason(standard, actor=actor, reason=reason)
    return standard
