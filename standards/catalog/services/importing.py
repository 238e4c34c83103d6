"""Import of a 事项清单 workbook: one sheet with a department column, or a sheet per department;
the header anywhere in the first rows, by the usual names and variants (columns.py); lists and
limits in the forms offices type them (textforms.py).

All or nothing: every row is parsed and checked against the catalogue's rules first; any error
refuses the whole file with a list naming sheet, row, column and why. Then the import is done in
memory line by line, as item_create / item_update would do it (same codes, checks, refusals);
a dry run stops there, so its preview is exactly what a real run does; a real run then writes
it in a few statements per model (`qms.core.bulk`), every record with its history row (who, and
the line's reason), in one transaction. tests/catalog/test_import_bulk.py pins that this writes
what the services wrote."""

from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from qms.core.bulk import PendingWrites, clean_for_bulk
from qms.core.errors import ApplicationError, PermissionRefused
from qms.core.spreadsheets import find_header, normalize_code, normalize_text, read_workbook
from qms.org.models import Department

from ..columns import ALIASES, HEADERS
from ..models import CaseKind, ItemType, Post, ServiceItem
from ..permissions import can_edit_catalog
from ..rules import item_rule_errors
from ..selectors import item_row
from ..textforms import nfkc, parse_basis, parse_fees, parse_limit, parse_material, parse_step, split_list
from .items import PART_MODELS, CodeBook, check_item, check_parent

TEXT_KEYS = ("implementing_body", "authorisation", "window", "advice_phone", "complaint_phone")
FIELD_KEYS = ("item_type", "case_kind", "statutory_limit", "promised_limit", "conditions") + TEXT_KEYS
PART_KEYS = ("bases", "materials", "steps", "fees")
ITEM_UPDATE_FIELDS = ("name", "code", "version", *FIELD_KEYS)
RULE_FIELD_COLUMN = {"promised_limit": "promised_limit", "steps": "steps", "bases": "bases"}


class ImportRefused(ApplicationError):
    """The workbook has errors; `errors` lists them all (nothing was written); `report` is what
    was read and planned up to the refusal."""

    def __init__(self, errors: list[str], *, report=None):
        super().__init__(_("导入未执行：文件中有 %(n)d 处错误，请修改后重新导入。") % {"n": len(errors)},
                         extra={"errors": errors})
        self.errors, self.report = errors, report


@dataclass
class ImportLine:
    sheet: str
    row: int
    department_name: str
    name: str
    code: str
    parent_ref: str
    values: dict
    headers: dict  # key -> header text as written in the file
    department: Department | None = None
    item: ServiceItem | None = None
    action: str = ""
    changes: list[str] = field(default_factory=list)


@dataclass
class ImportReport:
    lines: list[ImportLine]
    new_departments: list[str]
    dry_run: bool
    errors: list[str] = field(default_factory=list)
    filename: str = ""

    def count(self, action: str) -> int:
        return sum(1 for line in self.lines if line.action == action)

    @property
    def created(self) -> int:
        return self.count("new")

    @property
    def updated(self) -> int:
        return self.count("changed")

    @property
    def unchanged(self) -> int:
        return self.count("unchanged")


def _item_type(text: str) -> str:
    for value, label in ItemType.choices:
        if text in (value, str(label)):
            return value
    for word, value in (("许可", ItemType.LICENSING), ("确认", ItemType.CONFIRMATION), ("给付", ItemType.BENEFIT),
                        ("征收", ItemType.LEVY), ("裁决", ItemType.ADJUDICATION), ("公共服务", ItemType.PUBLIC_SERVICE),
                        ("其他", ItemType.OTHER_POWER), ("其它", ItemType.OTHER_POWER)):
        if word in text:
            return value
    raise ValueError(_("无法识别事项类型“%(t)s”，应为：%(all)s。")
                     % {"t": text, "all": "、".join(str(label) for _v, label in ItemType.choices)})


def _case_kind(text: str) -> str:
    for word, value in (("即办", CaseKind.IMMEDIATE), ("承诺", CaseKind.PROMISED), ("联办", CaseKind.JOINT),
                        ("并联", CaseKind.JOINT), ("上报", CaseKind.FORWARDED)):
        if word in text:
            return value
    raise ValueError(_("无法识别办件类型“%(t)s”，应为：即办件、承诺件、联办件、上报件。") % {"t": text})


def _limit(raw) -> int | None:
    try:
        return parse_limit(raw)
    except ValueError as exc:
        raise ValueError(_("无法识别时限“%(t)s”：请填写工作日数，如“20个工作日”“15日”“即办”。")
                         % {"t": nfkc(raw)}) from exc


def parse_values(cells: dict) -> tuple[dict, list[tuple[str, str]]]:
    """Parsed values for the columns present in `cells` (key -> raw cell), and (key, error) pairs."""
    values, errors = {}, []
    parsers = {
        "item_type": lambda raw: _item_type(normalize_code(raw)),
        "case_kind": lambda raw: _case_kind(normalize_code(raw)) if normalize_code(raw) else None,
        "statutory_limit": _limit, "promised_limit": _limit,
        "conditions": lambda raw: "\n".join(line.strip() for line in nfkc(raw).splitlines() if line.strip()),
        "bases": lambda raw: [parse_basis(x) for x in split_list(raw)],
        "materials": lambda raw: [parse_material(x) for x in split_list(raw)],
        "steps": lambda raw: [parse_step(x) for x in split_list(raw, arrows=True)],
        "fees": lambda raw: parse_fees(raw, cells.get("fee_bases")),
        **{key: lambda raw: normalize_text(nfkc(raw)) for key in TEXT_KEYS},
    }
    for key, parse in parsers.items():
        if key not in cells:
            continue
        try:
            values[key] = parse(cells[key])
        except ValueError as exc:
            errors.append((key, str(exc)))
    return values, errors


def _key(obj):
    """A dict key for a department or item, stored or planned (unsaved models are not hashable)."""
    return obj.pk if obj.pk is not None else f"new-{id(obj)}"


class _Departments:
    """Department lookup by name or code, tolerant of a trailing 窗口; optionally planning new
    ones (stored by the write phase)."""

    def __init__(self, create: bool):
        self.create, self.new, self.planned = create, [], []
        self.by_key = {}
        for dept in Department.objects.all():
            for key in (dept.name, dept.code, dept.name.removesuffix("窗口"), f"{dept.name}窗口"):
                self.by_key.setdefault(normalize_code(key), dept)
        self.used = {dept.code for dept in self.by_key.values()}

    def get(self, name: str) -> Department | None:
        key = normalize_code(name)
        found = self.by_key.get(key) or self.by_key.get(key.removesuffix("窗口"))
        if found is None and self.create and key:
            found = self._create(normalize_text(name))
        return found

    def _create(self, name: str) -> Department:
        seq = 1
        while f"BM{seq:03d}" in self.used:
            seq += 1
        dept = Department(code=f"BM{seq:03d}", name=name)
        self.used.add(dept.code)
        self.by_key[normalize_code(name)] = dept
        self.new.append(name)
        self.planned.append(dept)
        return dept


def _sheet_lines(sheet, errors: list[str]) -> list[ImportLine]:
    header = find_header(sheet, ALIASES, required=["name"])
    if header is None:
        if any(any(normalize_text(v) for v in row) for row in sheet.rows):
            errors.append(_("工作表“%(s)s”：前 15 行中找不到表头（须有“事项名称”或“项目名称”列）。") % {"s": sheet.title})
        return []
    titles = sheet.rows[header.row_index]
    headers = {key: normalize_text(titles[col]) for key, col in header.columns.items()}
    lines = []
    for index in range(header.row_index + 1, len(sheet.rows)):
        row = sheet.rows[index]
        cells = {key: (row[col] if col < len(row) else None) for key, col in header.columns.items()}
        if not any(normalize_text(v) for v in cells.values()):
            continue
        where = _("工作表“%(s)s”第 %(r)d 行") % {"s": sheet.title, "r": index + 1}
        name = normalize_text(nfkc(cells.pop("name")))
        if not name:
            errors.append(_("%(w)s【%(c)s】：缺少事项名称。") % {"w": where, "c": headers["name"]})
            continue
        values, problems = parse_values({k: v for k, v in cells.items() if k not in ("department", "code", "parent")})
        errors.extend(_("%(w)s【%(c)s】：%(m)s") % {"w": where, "c": headers.get(k, HEADERS[k]), "m": m}
                      for k, m in problems)
        department = normalize_text(nfkc(cells["department"])) if "department" in cells else sheet.title
        lines.append(ImportLine(sheet=sheet.title, row=index + 1, department_name=department, name=name,
                                code=normalize_code(nfkc(cells.get("code"))),
                                parent_ref=normalize_text(nfkc(cells.get("parent"))), values=values,
                                headers=headers))
    return lines


def _where(line: ImportLine, key: str) -> str:
    column = line.headers.get(key, HEADERS.get(key, key))
    return _("工作表“%(s)s”第 %(r)d 行【%(c)s】") % {"s": line.sheet, "r": line.row, "c": column}


class _Stored:
    """The stored items the file can name (by code, or by department, name and parent), loaded
    once with what `item_row` reads, and locked when the import writes."""

    def __init__(self, lines: list[ImportLine], *, lock: bool):
        refs = {line.parent_ref for line in lines if line.parent_ref}
        codes = {line.code for line in lines if line.code} | refs
        names = {line.name for line in lines} | refs
        departments = {line.department.pk for line in lines if line.department.pk}
        items = ServiceItem.objects.filter(Q(code__in=codes) | Q(department_id__in=departments, name__in=names))
        if lock:
            items = items.select_for_update(of=("self",))
        items = list(items.select_related("department", "parent").order_by("order", "code")
                     .prefetch_related("bases", "materials", "steps__post", "fees"))
        self.by_code = {item.code: item for item in items}
        self.by_name = {}
        for item in items:
            self.by_name.setdefault((item.department_id, item.name, item.parent_id), item)

    def parent(self, line: ImportLine) -> ServiceItem | None:
        return (self.by_code.get(line.parent_ref)
                or self.by_name.get((line.department.pk, line.parent_ref, None)))

    def existing(self, line: ImportLine, parent) -> ServiceItem | None:
        if line.code and line.code in self.by_code:
            return self.by_code[line.code]
        if line.department.pk is None:
            return None
        return self.by_name.get((line.department.pk, line.name, parent.pk if parent else None))


def _final(line: ImportLine, snapshot: dict) -> dict:
    final = {**snapshot, **line.values}
    if final.get("case_kind") is None:
        final["case_kind"] = CaseKind.IMMEDIATE if (final.get("promised_limit") or 0) <= 1 else CaseKind.PROMISED
    return final


def _check_line(line: ImportLine, final: dict, errors: list[str]):
    if not final.get("item_type"):
        errors.append(_("%(w)s：缺少事项类型。") % {"w": _where(line, "item_type")})
        return
    if final.get("promised_limit") is None:
        if final["case_kind"] != CaseKind.IMMEDIATE:
            errors.append(_("%(w)s：缺少承诺时限。") % {"w": _where(line, "promised_limit")})
            return
        final["promised_limit"] = 0
    for field_name, message in item_rule_errors(
        item_type=final["item_type"], case_kind=final["case_kind"], statutory_limit=final.get("statutory_limit"),
        promised_limit=final["promised_limit"], step_limits=[s["time_limit"] for s in final.get("steps", [])],
        basis_count=len(final.get("bases", [])),
    ):
        errors.append(f"{_where(line, RULE_FIELD_COLUMN[field_name])}：{message}")


def _resolve(lines: list[ImportLine], stored: _Stored, errors: list[str]) -> dict[int, ImportLine]:
    """Match lines to existing items (parents first) and find each sub-item's parent line."""
    by_code = {line.code: line for line in lines if line.code}
    by_name = {(_key(line.department), line.name): line for line in lines if not line.parent_ref}
    seen, parents = set(), {}
    for line in sorted(lines, key=lambda line: bool(line.parent_ref)):
        key = line.code or (_key(line.department), line.name, line.parent_ref)
        if key in seen:
            errors.append(_("%(w)s：与前面的行重复（同一事项出现两次）。") % {"w": _where(line, "name")})
            continue
        seen.add(key)
        parent = None
        if line.parent_ref:
            parent_line = by_code.get(line.parent_ref) or by_name.get((_key(line.department), line.parent_ref))
            parents[id(line)] = parent_line
            parent = parent_line.item if parent_line else stored.parent(line)
            if parent_line is None and parent is None:
                errors.append(_("%(w)s：找不到所属事项“%(p)s”（按事项编码或同部门事项名称查找）。")
                              % {"w": _where(line, "parent"), "p": line.parent_ref})
                continue
            if parent is None:
                continue  # the parent is new in this file: so is the sub-item
        line.item = stored.existing(line, parent)
    return parents


def _plan(line: ImportLine, errors: list[str]) -> dict:
    snapshot = parse_values(item_row(line.item))[0] if line.item else {}
    final = _final(line, snapshot)
    _check_line(line, final, errors)
    if line.item is None:
        line.action = "new"
        return final
    line.changes = [line.headers.get(k, HEADERS[k]) for k, v in line.values.items() if snapshot.get(k) != v]
    if line.code and line.code != line.item.code:
        line.changes.insert(0, line.headers.get("code", HEADERS["code"]))
    if line.name != line.item.name:
        line.changes.insert(0, line.headers.get("name", HEADERS["name"]))
    line.action = "changed" if line.changes else "unchanged"
    return final


class _Writer(PendingWrites):
    """Does in memory, line by line, what item_create / item_update do (same codes, checks and
    refusals, parts replaced whole), then `store` writes it all in a few statements per model,
    every record with its history row: the actor, and the line's reason."""

    def __init__(self, *, actor, lines: list[ImportLine], departments: _Departments):
        super().__init__(actor=actor, reason=_("导入事项清单"))
        for department in departments.planned:
            self.add(department, _("导入事项清单时新建部门"))
        known = {line.department.pk for line in lines if line.department.pk}
        self.posts = {(p.department_id, p.name): p for p in Post.objects.filter(department_id__in=known)}
        self.codes = CodeBook(reserved={line.code for line in lines if line.code})

    def steps_with_posts(self, department, steps: list[dict]) -> list[dict]:
        """Link a step to the department's post of that name when there is one."""
        resolved = []
        for step in steps:
            post = self.posts.get((department.pk, step["responsible"])) if department.pk else None
            resolved.append({**step, "post": post, "responsible": "" if post else step["responsible"]})
        return resolved

    def check(self, item: ServiceItem, final: dict):
        parent = item.parent
        if parent is not None and parent.pk is None and _key(parent.department) != _key(item.department):
            raise ApplicationError(_("办理项必须与所属事项属于同一部门。"), field="parent")
        check_parent(item)
        check_item(item, steps=final.get("steps", []), bases=final.get("bases", []))
        _clean(item)

    def parts(self, item: ServiceItem, parts: dict, reason: str):
        for kind, rows in parts.items():
            model = PART_MODELS[kind]
            for order, row in enumerate(rows, start=1):
                _clean(self.add(model(item=item, order=order, **row), reason))

    def apply(self, line: ImportLine, final: dict, parent):
        reason = _("导入事项清单（%(s)s 第 %(r)d 行）") % {"s": line.sheet, "r": line.row}
        parts = {k: final[k] for k in PART_KEYS if k in final}
        if "steps" in parts:
            parts["steps"] = self.steps_with_posts(line.department, parts["steps"])
        if line.action == "new":
            fields = {k: final[k] for k in FIELD_KEYS if k in final and k != "item_type"}
            fields.setdefault("window", line.department.window)
            fields.setdefault("advice_phone", line.department.phone)
            item = ServiceItem(department=line.department, name=line.name.strip(), item_type=final["item_type"],
                               code=line.code or self.codes.next(line.department, parent), parent=parent, **fields)
            self.codes.claim(item.code)
            self.check(item, final)
            line.item = self.add(item, reason)
            self.parts(item, parts, reason)
        elif line.action == "changed":
            item = line.item
            fields = {k: final[k] for k in FIELD_KEYS if k in line.values}
            fields.update(name=line.name, code=line.code or item.code)
            self.codes.claim(fields["code"], item.code)
            before = {name: getattr(item, name) for name in ITEM_UPDATE_FIELDS}
            for name, value in fields.items():
                setattr(item, name, value)
            self.check(item, final)
            item.version += 1
            item._import_fields = tuple(n for n in ITEM_UPDATE_FIELDS if getattr(item, n) != before[n])
            self.touch(item, reason)
            replaced = {k: v for k, v in parts.items() if k in line.values}
            for kind in replaced:
                for obj in getattr(item, kind).all():
                    self.delete(obj, reason)
            self.parts(item, replaced, reason)

    def store(self):
        self.write_model(Department)
        changed = {item._import_fields for item in self.changed.values() if isinstance(item, ServiceItem)}
        for fields in changed:  # an UPDATE of the columns that changed (each history row holds the whole item)
            self.write_model(ServiceItem, fields=fields,
                             where=lambda item, f=fields: item.pk is not None and item._import_fields == f)
        self.write_model(ServiceItem, where=lambda item: item.parent is None or item.parent.pk is not None)
        self.write_model(ServiceItem)  # sub-items of new items, now that these have keys
        for model in PART_MODELS.values():
            self.write_model(model)


def _clean(obj):
    try:
        clean_for_bulk(obj)
    except ValidationError as error:
        raise ApplicationError("；".join(m for ms in error.message_dict.values() for m in ms)) from error


@transaction.atomic
def items_import(*, actor, upload, dry_run: bool = False, create_departments: bool = False,
                 filename: str = "") -> ImportReport:
    """Import a 事项清单 workbook (see the module's docstring). Raises ImportRefused listing every
    error; with `dry_run`, plans and checks everything and writes nothing."""
    if not can_edit_catalog(actor):
        raise PermissionRefused(_("只有标准化办公室可以导入事项清单。"))
    errors: list[str] = []
    lines = [line for sheet in read_workbook(upload) for line in _sheet_lines(sheet, errors)]
    report = ImportReport(lines=lines, new_departments=[], dry_run=dry_run, errors=errors,
                          filename=filename or getattr(upload, "name", "") or "items.xlsx")
    if not lines and not errors:
        errors.append(_("文件中没有事项行。"))
    departments = _Departments(create_departments)
    report.new_departments = departments.new
    for line in lines:
        line.department = departments.get(line.department_name)
        if line.department is None:
            errors.append(_("%(w)s：部门“%(d)s”不存在。请先新建该部门，或选择“自动新建部门”"
                            "（命令行 --create-departments）。") % {"w": _where(line, "department"),
                                                                "d": line.department_name})
    report.lines = lines = [line for line in lines if line.department is not None]
    stored = _Stored(lines, lock=not dry_run)
    parents = _resolve(lines, stored, errors)
    finals = {id(line): _plan(line, errors) for line in lines}
    if errors:
        raise ImportRefused(errors, report=report)
    writer = _Writer(actor=actor, lines=lines, departments=departments)
    for line in sorted(lines, key=lambda line: bool(line.parent_ref)):
        parent_line = parents.get(id(line))
        parent = parent_line.item if parent_line else (line.item.parent if line.item else None)
        if line.parent_ref and parent is None:
            parent = stored.parent(line)
        try:
            writer.apply(line, finals[id(line)], parent)
        except ApplicationError as error:
            errors.append(f"{_where(line, error.field or 'name')}：{error.message}")
    if errors:
        raise ImportRefused(errors, report=report)
    if not dry_run:
        writer.store()
    return report
