"""Demo catalogue: service items over the departments that exist (matched by name keywords),
their procedure standards generated and mostly in force, a few left uncovered so the blind-spot
page shows something; posts for every department with work standards for most; the hall's
facilities. Idempotent: existing items, posts and facilities are kept; generation skips items
whose data did not change."""

from django.contrib.auth import get_user_model

from qms.core.bulk import bulk_save_with_history
from qms.core.documents.docx import add_heading, add_paragraph, document_bytes, new_document
from qms.core.history import checks_left_to_database
from qms.org.models import ROLE_GROUP_NAMES, Department, Role
from qms.org.selectors import organisation_profile
from standards.catalog import services
from standards.catalog.models import CaseKind, Facility, ItemType, Post, ServiceItem
from standards.catalog.rules import procedure_title
from standards.models import EditionStatus, Level, Origin, Standard, StandardStatus, SystemNode
from standards.models.history import history_batched
from standards.selectors.standards import node_current
from standards.services import edition_create, edition_publish, standard_create

from .catalog_data import DEPARTMENT_POSTS, FACILITIES, GENERIC, OFFICE_POSTS, SUB_ITEMS, THEMES

TYPES = {"L": ItemType.LICENSING, "C": ItemType.CONFIRMATION, "B": ItemType.BENEFIT, "V": ItemType.LEVY,
         "O": ItemType.OTHER_POWER, "P": ItemType.PUBLIC_SERVICE}
KINDS = {"I": CaseKind.IMMEDIATE, "P": CaseKind.PROMISED, "J": CaseKind.JOINT, "F": CaseKind.FORWARDED}
UNCOVERED_EVERY = 9  # every ninth item keeps no procedure standard (a blind spot)
DRAFT_EVERY = 23  # and a few stop at a draft waiting for publication


def _actor():
    users = get_user_model().objects.filter(is_active=True)
    return (users.filter(username="office").first()
            or users.filter(groups__name=ROLE_GROUP_NAMES[Role.OFFICE]).order_by("pk").first()
            or users.filter(is_superuser=True).order_by("pk").first())


def _theme(department):
    return next((t for t in THEMES if any(k in department.name for k in t["keywords"])), GENERIC)


def _material(text: str, index: int) -> dict:
    form = "copy" if "复印件" in text else "original"
    name = text.replace("（复印件）", "")
    return {"name": name, "form": form, "copies": 1, "source": "申请人自备", "required": True}


def _steps(promised: int, case_kind: str) -> list[dict]:
    if case_kind == CaseKind.IMMEDIATE:
        return [{"name": "受理并办结", "description": "查验材料，符合条件的当场办结并送达", "responsible": "窗口受理岗",
                 "time_limit": promised}]
    decide = 1 if promised >= 2 else 0
    return [
        {"name": "受理", "description": "查验材料，当场出具受理通知书或一次性补正告知书", "responsible": "窗口受理岗",
         "time_limit": 0},
        {"name": "审查", "description": "审查材料，需要时组织现场核查", "responsible": "审核岗",
         "time_limit": promised - decide},
        {"name": "决定", "description": "作出准予或不予决定", "responsible": "首席代表", "time_limit": decide},
        {"name": "送达", "description": "通知申请人领取结果或邮寄送达", "responsible": "窗口受理岗", "time_limit": 0},
    ]


def _item_kwargs(department, spec, theme) -> dict:
    name, kind_type, kind, statutory, promised, bases, extra, fee = spec
    case_kind = KINDS[kind]
    materials = [_material(m, i) for i, m in enumerate([*theme["materials"], *extra])]
    if len(materials) > 2:
        materials[-1].update(required=False, condition="委托他人办理时" if "身份" in materials[-1]["name"] else "")
    return {
        "name": name, "item_type": TYPES[kind_type], "case_kind": case_kind, "statutory_limit": statutory,
        "promised_limit": promised, "implementing_body": department.name.removesuffix("窗口"),
        "authorisation": "首席代表授权" if kind_type == "L" else "窗口受理",
        "conditions": "申请人具有完全民事行为能力或为依法设立的组织\n申请材料真实、完整、有效",
        "bases": [{"name": theme["laws"][i][0], "article": theme["laws"][i][1]} for i in bases],
        "materials": materials, "steps": _steps(promised, case_kind),
        "fees": [{"name": fee[0], "standard": fee[1], "basis": fee[2]}] if fee else [],
        "window": department.window, "advice_phone": department.phone or "0371-12345678",
        "complaint_phone": organisation_profile().phone or "12345",
    }


def _link_existing_standards(actor, items: list[ServiceItem]) -> None:
    """An item whose procedure standard the standards demo already holds (same title) revises it
    instead of registering a second standard of the same name."""
    titles = {procedure_title(item.name): item for item in items}
    found = {}
    for standard in (Standard.objects.filter(name__in=titles, service_item__isnull=True)
                     .exclude(status=StandardStatus.WITHDRAWN).order_by("code")):
        found.setdefault(standard.name, standard)
    linked = []
    for title, item in titles.items():
        if title in found:
            item.procedure_standard = found[title]
            linked.append(item)
    bulk_save_with_history(ServiceItem, changed=linked, fields=["procedure_standard"], actor=actor,
                           reason="演示数据：关联已有办理规程")


def _item_specs(department, theme, names: set) -> list[dict]:
    """item_create's arguments for the department's items (each with its sub-items)."""
    specs = []
    for spec in theme["items"]:
        if theme is GENERIC:  # the same generic items in several departments: name them apart
            spec = (f"{department.name.removesuffix('窗口')}{spec[0]}", *spec[1:])
        if spec[0] in names:  # one item (and one procedure standard) per name in the demo
            continue
        names.add(spec[0])
        kwargs = _item_kwargs(department, spec, theme)
        subs = [{**kwargs, "name": f"{spec[0]}（{suffix}）", "materials": [*kwargs["materials"], _material(material, 0)]}
                for suffix, material in SUB_ITEMS.get(spec[0], [])]
        specs.append({**kwargs, "department": department, "sub_items": subs})
    return specs


def _load_items(actor, stdout) -> list[ServiceItem]:
    names = set(ServiceItem.objects.values_list("name", flat=True))
    filled = set(ServiceItem.objects.values_list("department_id", flat=True))
    specs = []
    for department in Department.objects.filter(kind=Department.Kind.DEPARTMENT, is_active=True):
        if department.pk not in filled:
            specs += _item_specs(department, _theme(department), names)
    created = services.items_create(actor=actor, items=specs, reason="演示数据")
    _link_existing_standards(actor, [item for item in created if item.parent is None])
    stdout.write(f"  catalog: {len(created)} service items created")
    return list(ServiceItem.objects.filter(is_active=True).order_by("code"))


def _generate(actor, items, stdout):
    """Procedure standards for items (sub-items are covered by their item's standard), generated
    in batches; most are then published."""
    counts = {"in_force": 0, "draft": 0, "none": 0}
    chosen, kept_draft = [], set()
    for index, item in enumerate([i for i in items if i.parent_id is None], start=1):
        if index % UNCOVERED_EVERY == 0 and item.procedure_standard_id is None:
            counts["none"] += 1
            continue
        chosen.append(item)
        if index % DRAFT_EVERY == 0:
            kept_draft.add(item.pk)
    to_publish = []
    for result in services.procedure_standards_generate(actor=actor, items=chosen):
        if result.edition is None:
            raise RuntimeError(f"{result.item.code}: {result.error}")
        if result.item.pk in kept_draft:
            counts["draft"] += 1
            continue
        if result.edition.status == EditionStatus.DRAFT:
            to_publish.append(result.item)
        counts["in_force"] += 1
    # As the standards loader publishes: field rules per save, the constraints the database's (one
    # transaction), the history rows of standards and editions stored together at the end.
    with checks_left_to_database(), history_batched():
        refused = services.procedure_standards_publish(actor=actor, items=to_publish)
    if refused:
        raise RuntimeError(f"procedure standards not published: {refused}")
    stdout.write(f"  catalog: procedure standards in force {counts['in_force']}, draft {counts['draft']}, "
                 f"uncovered {counts['none']}")


def _work_standard(actor, name: str, node_code: str) -> Standard:
    """An in-force in-house standard of that name (found, or created with a short text)."""
    found = Standard.objects.filter(name=name).exclude(status=StandardStatus.WITHDRAWN).first()
    if found and found.status == StandardStatus.IN_FORCE:
        return found
    profile = organisation_profile()
    standard = found or standard_create(actor=actor, name=name, level=Level.ENTERPRISE, origin=Origin.IN_HOUSE,
                                        node=node_current(node_code), reason="演示数据")
    document = new_document()
    add_paragraph(document, name, size=16, bold=True, align="center")
    add_heading(document, "1  范围", level=1)
    add_paragraph(document, f"本标准规定了{profile.name}{name.removesuffix('标准')}的职责、任职条件、工作内容与要求及检查考核。")
    add_heading(document, "2  工作内容与要求", level=1)
    add_paragraph(document, "严格执行首问负责制、一次性告知制、限时办结制和 AB 岗工作制度。")
    from django.core.files.uploadedfile import SimpleUploadedFile

    upload = SimpleUploadedFile(f"{standard.code}.docx", document_bytes(document))
    node, _sep, seq = standard.code.partition("-")
    edition = edition_create(actor=actor, standard=standard, number=f"{profile.standard_prefix} {node}.{seq}-2024",
                             upload=upload, reason="演示数据")
    edition_publish(actor=actor, edition=edition, exempt_reason="登记中心已发布的岗位工作标准")
    standard.refresh_from_db()
    return standard


def _existing_work_standards() -> list[Standard]:
    nodes = [node_current(c) for c in ("208", "301")]
    return list(Standard.objects.filter(status=StandardStatus.IN_FORCE, node__in=nodes)
                .filter(name__contains="工作标准"))


def _pick(standards: list[Standard], post_name: str) -> list[Standard]:
    key = post_name.removesuffix("岗")
    matching = [s for s in standards if key[:2] in s.name]
    return matching[:1] or standards[:1]


def _load_posts(actor, stdout):
    standards = _existing_work_standards() or [
        _work_standard(actor, name, "208") for name in
        ("首席代表工作标准", "窗口受理人员工作标准", "审核人员工作标准", "中心管理人员工作标准")]
    departments = list(Department.objects.filter(is_active=True))
    existing = set(Post.objects.values_list("department_id", "name"))
    specs = []
    for index, department in enumerate(departments):
        templates = DEPARTMENT_POSTS if department.kind == Department.Kind.DEPARTMENT else OFFICE_POSTS
        for order, (name, duties) in enumerate(templates, start=1):
            if (department.pk, name) in existing:
                continue
            linked = [] if (index * 3 + order) % 10 == 0 else _pick(standards, name)
            specs.append({"department": department, "name": name, "duties": duties, "order": order,
                          "work_standards": linked})
    created = services.posts_create(actor=actor, posts=specs, reason="演示数据")
    stdout.write(f"  catalog: {len(created)} posts created")


def _load_facilities(actor, stdout):
    existing = list(Standard.objects.filter(status=StandardStatus.IN_FORCE, node=node_current("207")))
    standard = existing[0] if existing else _work_standard(actor, "服务大厅设施设备管理规范", "207")
    for index, (name, location) in enumerate(FACILITIES):
        if Facility.objects.filter(name=name).exists():
            continue
        services.facility_create(actor=actor, name=name, location=location, reason="演示数据",
                                 management_standard=None if index in (5, 6) else standard)


def load(stdout) -> None:
    actor = _actor()
    if actor is None or not SystemNode.objects.filter(code="302").exists():
        stdout.write("  catalog: skipped (no 标准化办公室 user or no standard tree)")
        return
    items = _load_items(actor, stdout)
    _load_posts(actor, stdout)
    _generate(actor, items, stdout)
    _load_facilities(actor, stdout)
