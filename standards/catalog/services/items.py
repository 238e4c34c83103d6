"""Service items and their parts (legal bases, materials, steps, fees).

Every write checks the catalogue's rules (`rules.item_rule_errors`) on the item as it will be
after the write, and refuses with the field named; nothing is saved when a rule fails."""

from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Max
from django.utils import formats
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from simple_history.utils import bulk_create_with_history

from qms.core.bulk import bulk_save_with_history, clean_for_bulk, create_with_history
from qms.core.errors import ApplicationError, ConcurrentEditError, PermissionRefused
from qms.core.history import save_with_reason
from qms.core.uploads import upload_check

from ..models import Fee, LegalBasis, Material, ProcedureStep, ServiceItem
from ..permissions import can_edit_department_catalog
from ..rules import item_rule_errors

PART_MODELS = {"bases": LegalBasis, "materials": Material, "steps": ProcedureStep, "fees": Fee}
PART_LABELS = {"bases": gettext_lazy("设定依据"), "materials": gettext_lazy("申请材料"),
               "steps": gettext_lazy("办理环节"), "fees": gettext_lazy("收费")}
ITEM_FIELDS = (
    "code", "name", "parent", "item_type", "implementing_body", "authorisation", "conditions", "case_kind",
    "statutory_limit", "promised_limit", "window", "advice_phone", "complaint_phone", "order", "is_active",
)
FORM_KINDS = {"docx", "xlsx", "pdf"}


def _require_editor(actor, department):
    if not can_edit_department_catalog(actor, department):
        raise PermissionRefused(_("只有标准化办公室或本部门负责人可以修改该部门的事项。"))


def rules_check(*, item_type, case_kind, statutory_limit, promised_limit, step_limits, basis_count):
    """Raise the first broken rule (all of them in `extra['errors']`)."""
    errors = item_rule_errors(item_type=item_type, case_kind=case_kind, statutory_limit=statutory_limit,
                              promised_limit=promised_limit, step_limits=list(step_limits),
                              basis_count=basis_count)
    if errors:
        field, message = errors[0]
        raise ApplicationError(message, field=field, extra={"errors": errors})


def check_item(item: ServiceItem, *, steps=None, bases=None):
    step_limits = ([s.get("time_limit") or 0 for s in steps] if steps is not None
                   else list(item.steps.values_list("time_limit", flat=True)) if item.pk else [])
    basis_count = len(bases) if bases is not None else (item.bases.count() if item.pk else 0)
    rules_check(item_type=item.item_type, case_kind=item.case_kind, statutory_limit=item.statutory_limit,
                promised_limit=item.promised_limit or 0, step_limits=step_limits, basis_count=basis_count)


def check_parent(item: ServiceItem):
    parent = item.parent
    if parent is None:
        return
    if parent.parent_id is not None:
        raise ApplicationError(_("办理项不能再有下级：“%(p)s”本身是办理项。") % {"p": parent.name}, field="parent")
    if parent.department_id != item.department_id:
        raise ApplicationError(_("办理项必须与所属事项属于同一部门。"), field="parent")
    if item.pk and parent.pk == item.pk:
        raise ApplicationError(_("事项不能属于它自己。"), field="parent")


def item_code_next(department, parent=None) -> str:
    """'<dept code>-NNN' for an item, '<parent code>-NN' for a sub-item: the next free number."""
    prefix, width = (f"{parent.code}-", 2) if parent else (f"{department.code}-", 3)
    used = {int(c[len(prefix):]) for c in ServiceItem.objects.filter(code__startswith=prefix)
            .values_list("code", flat=True) if c[len(prefix):].isdigit()}
    seq = 1
    while seq in used:
        seq += 1
    return f"{prefix}{seq:0{width}d}"


class CodeBook:
    """`item_code_next` and the code clash check on the codes stored and those planned in memory,
    for the writers that create many items before storing any (items_create, the import)."""

    def __init__(self, *, reserved=()):
        self.taken = set(ServiceItem.objects.values_list("code", flat=True))
        self.reserved = set(reserved)  # given to lines of their own: never generated for another
        self.used: dict[str, set[int]] = {}

    def next(self, department, parent=None) -> str:
        prefix, width = (f"{parent.code}-", 2) if parent else (f"{department.code}-", 3)
        if prefix not in self.used:
            self.used[prefix] = {int(c[len(prefix):]) for c in self.taken | self.reserved
                                 if c.startswith(prefix) and c[len(prefix):].isdigit()}
        seq = 1
        while seq in self.used[prefix]:
            seq += 1
        return f"{prefix}{seq:0{width}d}"

    def claim(self, code: str, current: str | None = None) -> str:
        """Refuse a code another item has (stored or planned); else take it."""
        if code in self.taken and code != current:
            raise ApplicationError(_("事项编码 %(c)s 已被使用。") % {"c": code}, field="code")
        self.taken.add(code)
        prefix, _sep, tail = code.rpartition("-")
        if tail.isdigit():
            self.used.setdefault(f"{prefix}-", set()).add(int(tail))
        return code


def _check_code(code: str, *, exclude_pk=None):
    clash = ServiceItem.objects.filter(code=code).exclude(pk=exclude_pk).first()
    if clash:
        raise ApplicationError(_("事项编码 %(c)s 已被“%(n)s”使用。") % {"c": code, "n": clash.name}, field="code")


def _parts_create(item: ServiceItem, *, actor, reason: str, **parts):
    for kind, rows in parts.items():
        model = PART_MODELS[kind]
        objs = [model(item=item, order=index, **row) for index, row in enumerate(rows, start=1)]
        for obj in objs:
            obj.full_clean()
        bulk_create_with_history(objs, model, default_user=actor if getattr(actor, "pk", None) else None,
                                 default_change_reason=reason)


def _unsaved_item(*, actor, department, name: str, item_type: str, code, parent=None, **fields) -> ServiceItem:
    """The item `item_create` and `items_create` save, refused as both refuse it; `code()` gives
    its code once the editor, the name and the fields are accepted."""
    _require_editor(actor, department)
    if not (name or "").strip():
        raise ApplicationError(_("请填写事项名称。"), field="name")
    unknown = set(fields) - set(ITEM_FIELDS)
    if unknown:
        raise ApplicationError(_("不能设置字段：%(f)s") % {"f": ", ".join(sorted(unknown))})
    fields.setdefault("window", department.window)
    fields.setdefault("advice_phone", department.phone)
    item = ServiceItem(department=department, name=name.strip(), item_type=item_type, code=code(), parent=parent,
                       **fields)
    check_parent(item)
    return item


@transaction.atomic
def item_create(*, actor, department, name: str, item_type: str, code: str = "", parent=None, bases=(),
                materials=(), steps=(), fees=(), reason: str = "", **fields) -> ServiceItem:
    """A service item (or, with `parent`, a sub-item 办理项) with its parts given as lists of dicts."""
    def checked_code():
        chosen = (code or "").strip() or item_code_next(department, parent)
        _check_code(chosen)
        return chosen

    item = _unsaved_item(actor=actor, department=department, name=name, item_type=item_type, code=checked_code,
                         parent=parent, **fields)
    check_item(item, steps=list(steps), bases=list(bases))
    save_with_reason(item, actor=actor, reason=reason or _("新增事项"))
    _parts_create(item, actor=actor, reason=reason or _("新增事项"), bases=list(bases),
                  materials=list(materials), steps=list(steps), fees=list(fees))
    return item


def _new_item(*, actor, department, codes: CodeBook, code: str = "", parent=None, **fields) -> ServiceItem:
    """The unsaved item `item_create` would save, checked as it checks it, its code from `codes`."""
    item = _unsaved_item(actor=actor, department=department, parent=parent, **fields,
                         code=lambda: codes.claim((code or "").strip() or codes.next(department, parent)))
    clean_for_bulk(item)
    return item


@transaction.atomic
def items_create(*, actor, items: list[dict], reason: str = "") -> list[ServiceItem]:
    """`item_create` for many items, each given as its keyword arguments (with `sub_items`, a list
    of the same, for its 办理项): the same checks, codes, records and history rows (who, why), in
    a few statements per model instead of a dozen per item. All or nothing. Returns the items in
    the order they were given (each followed by its sub-items)."""
    reason = reason or _("新增事项")
    codes, planned = CodeBook(), []  # (item, {kind: rows}) in the order item_create would save them
    for spec in items:
        spec = dict(spec)
        subs = spec.pop("sub_items", ())
        parent = None
        for sub in [spec, *({"department": spec["department"], **sub} for sub in subs)]:
            sub = {**sub, "parent": parent} if parent is not None else dict(sub)
            parts = {kind: list(sub.pop(kind, ())) for kind in PART_MODELS}
            item = _new_item(actor=actor, codes=codes, **sub)
            check_item(item, steps=parts["steps"], bases=parts["bases"])
            planned.append((item, parts))
            parent = parent or item
    _store_items(planned, actor=actor, reason=reason)
    return [item for item, _parts in planned]


def _store_items(planned: list, *, actor, reason: str):
    """INSERT the items in their order (a sub-item after its parent has its key), then the parts."""
    run = []
    for item, _parts in planned:
        if item.parent is not None and item.parent.pk is None:
            create_with_history(ServiceItem, run, actor=actor, reason=reason)
            run = []
        run.append(item)
    create_with_history(ServiceItem, run, actor=actor, reason=reason)
    for kind, model in PART_MODELS.items():
        objs = [model(item=item, order=index, **row) for item, parts in planned
                for index, row in enumerate(parts[kind], start=1)]
        # simple_history's own bulk create: bulk_insert takes no file values (a material's blank form)
        bulk_save_with_history(model, created=objs, actor=actor, reason=reason)


@transaction.atomic
def item_update(*, actor, item: ServiceItem, expected_version: int, reason: str = "", parts: dict | None = None,
                **fields) -> ServiceItem:
    """Change an item's own fields and (with `parts`, kinds bases/materials/steps/fees) replace whole
    lists, checking the rules on the result. Refused when someone saved it after `expected_version`."""
    current = ServiceItem.objects.select_for_update().get(pk=item.pk)
    _require_editor(actor, current.department)
    if current.version != expected_version:
        last = current.history.select_related("history_user").first()
        raise ConcurrentEditError(
            _("保存被拒绝：%(who)s 已于 %(when)s 修改了这个事项。请重新打开页面后再编辑。")
            % {"who": (last.history_user if last and last.history_user else _("其他用户")),
               "when": formats.date_format(last.history_date, "Y-m-d H:i") if last else ""}
        )
    unknown = set(fields) - set(ITEM_FIELDS)
    if unknown:
        raise ApplicationError(_("不能修改字段：%(f)s") % {"f": ", ".join(sorted(unknown))})
    if "code" in fields:
        fields["code"] = (fields["code"] or "").strip() or current.code
        _check_code(fields["code"], exclude_pk=current.pk)
    for name, value in fields.items():
        setattr(current, name, value)
    parts = parts or {}
    check_parent(current)
    check_item(current, steps=parts.get("steps"), bases=parts.get("bases"))
    reason = reason or _("修改事项")
    if fields:
        current.version += 1
        save_with_reason(current, actor=actor, reason=reason)
    for kind in parts:
        for obj in PART_MODELS[kind].objects.filter(item=current):
            _delete_with_history(obj, actor=actor, reason=reason)
    _parts_create(current, actor=actor, reason=reason, **parts)
    return current


def _delete_with_history(obj, *, actor, reason: str):
    obj._change_reason = reason
    if getattr(actor, "pk", None):
        obj._history_user = actor
    obj.delete()


@transaction.atomic
def item_part_add(*, actor, item: ServiceItem, part: str, reason: str = "", blank_form=None, **fields):
    """Add one legal basis, material, step or fee at the end of its list."""
    _require_editor(actor, item.department)
    item = ServiceItem.objects.select_for_update().get(pk=item.pk)
    model = PART_MODELS[part]
    if part == "steps":
        limits = [*item.steps.values_list("time_limit", flat=True), fields.get("time_limit") or 0]
        check_item(item, steps=[{"time_limit": n} for n in limits])
    obj = model(item=item, order=(model.objects.filter(item=item).aggregate(m=Max("order"))["m"] or 0) + 1,
                **fields)
    if blank_form is not None:
        checked = upload_check(blank_form, allowed=FORM_KINDS)
        obj.blank_form_sha256 = checked.sha256
        obj.blank_form.save(f"form.{checked.kind}", ContentFile(checked.data), save=False)
    return save_with_reason(obj, actor=actor, reason=reason or _("新增%(p)s") % {"p": PART_LABELS[part]})


@transaction.atomic
def item_part_remove(*, actor, part_obj, reason: str = "") -> None:
    """Remove one part; refused when the item would break a rule (a licence's last legal basis)."""
    item = ServiceItem.objects.select_for_update().get(pk=part_obj.item_id)
    _require_editor(actor, item.department)
    if isinstance(part_obj, LegalBasis):
        check_item(item, bases=list(item.bases.exclude(pk=part_obj.pk)))
    _delete_with_history(part_obj, actor=actor, reason=reason or _("删除 %(n)s") % {"n": part_obj})
