"""Reads for the catalogue: item lists and details, the plain context documents are rendered
from (and its content hash), the state of an item's procedure standard, and the coverage figure."""

import hashlib
import json
from dataclasses import dataclass, field

from django.db.models import Count, Prefetch, Q
from django.utils import translation

from qms.org.models import Department
from qms.org.selectors import organisation_profile
from standards.models import Edition, EditionStatus, StandardStatus
from standards.selectors import edition_text_diff

from .models import CaseKind, Facility, ItemType, MaterialForm, Post, ProcedureStep, ServiceItem
from .rules import procedure_title

# Bump when the procedure-standard layout changes, so every item gets a fresh edition.
DOCUMENT_LAYOUT = 2  # 2: GB/T 1.1-2020 layout (目次, 规范性引用文件, 术语和定义, 代替 line)


def item_list(*, department=None, text: str = "", item_type: str = ""):
    items = ServiceItem.objects.select_related("department", "parent", "procedure_standard").annotate(
        material_count=Count("materials", distinct=True), step_count=Count("steps", distinct=True),
    ).order_by(*ServiceItem._meta.ordering)  # a grouped query keeps no default order: pages would overlap
    if department is not None:
        items = items.filter(department=department)
    if item_type:
        items = items.filter(item_type=item_type)
    if text.strip():
        items = items.filter(Q(name__icontains=text.strip()) | Q(code__icontains=text.strip()))
    return items


def item_detail(pk: int) -> ServiceItem:
    return (
        ServiceItem.objects.select_related("department", "parent", "procedure_standard")
        .prefetch_related("bases", "materials", "fees", "sub_items",
                          Prefetch("steps", queryset=ProcedureStep.objects.select_related("post")))
        .get(pk=pk)
    )


def item_data(item: ServiceItem) -> dict:
    """Everything the documents say about an item, as plain values (the content that is hashed).
    Documents are Chinese whatever the reader's UI language, so labels are taken in zh-hans."""
    with translation.override("zh-hans"):
        return _item_data(item)


def _item_data(item: ServiceItem) -> dict:
    return {
        "code": item.code, "name": item.name, "parent": item.parent.name if item.parent_id else "",
        "type": str(ItemType(item.item_type).label), "department": item.department.name,
        "implementing_body": item.implementing_body or item.department.name,
        "authorisation": item.authorisation, "conditions": item.conditions,
        "case_kind": str(CaseKind(item.case_kind).label),
        "statutory_limit": item.statutory_limit, "promised_limit": item.promised_limit,
        "window": item.window, "advice_phone": item.advice_phone, "complaint_phone": item.complaint_phone,
        "bases": [{"name": b.name, "article": b.article} for b in item.bases.all()],
        "materials": [
            {"name": m.name, "form": str(MaterialForm(m.form).label), "copies": m.copies, "source": m.source,
             "required": m.required, "condition": m.condition, "has_form": bool(m.blank_form)}
            for m in item.materials.all()
        ],
        "steps": [{"name": s.name, "description": s.description, "responsible": s.responsible_name,
                   "time_limit": s.time_limit} for s in item.steps.all()],
        "fees": [{"name": f.name, "standard": f.standard, "basis": f.basis} for f in item.fees.all()],
    }


def item_document_context(item: ServiceItem, *, number: str = "", published_on=None, effective_on=None,
                          replaces: str = "", profile=None) -> dict:
    """The plain context the procedure standard, the notice and the guide are rendered from
    (pass the organisation `profile` when building many)."""
    profile = profile or organisation_profile()
    standard = item.procedure_standard
    if standard is not None and not replaces:
        replaces = standard.editions.filter(status=EditionStatus.IN_FORCE).values_list("number", flat=True).first() or ""
    return {
        "organisation": profile.name, "prefix": profile.standard_prefix, "number": number,
        "title": procedure_title(item.name), "published_on": published_on, "effective_on": effective_on,
        "replaces": replaces, "drafters": standard.drafters if standard else "", "data": item_data(item),
    }


def content_hash(data: dict) -> str:
    payload = json.dumps({"layout": DOCUMENT_LAYOUT, "data": data}, sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


@dataclass
class ProcedureState:
    """Where an item's procedure standard stands: the edition in force, the latest edition, whether
    the item's data differs from what the latest edition was rendered from, and the text diff."""

    standard: object = None
    in_force: Edition | None = None
    latest: Edition | None = None
    stale: bool = True
    diff: list = field(default_factory=list)

    @property
    def pending(self) -> Edition | None:
        """The newest edition not yet in force (a draft waiting to be published)."""
        if self.latest and self.latest.status not in (EditionStatus.IN_FORCE, EditionStatus.SUPERSEDED,
                                                      EditionStatus.WITHDRAWN):
            return self.latest
        return None


def procedure_state(item: ServiceItem) -> ProcedureState:
    standard = item.procedure_standard
    if standard is None:
        return ProcedureState()
    editions = list(standard.editions.select_related("generated_from").order_by("-seq"))
    latest = editions[0] if editions else None
    in_force = next((e for e in editions if e.status == EditionStatus.IN_FORCE), None)
    generated = getattr(latest, "generated_from", None) if latest else None
    stale = generated is None or generated.content_hash != content_hash(item_data(item))
    state = ProcedureState(standard=standard, in_force=in_force, latest=latest, stale=stale)
    if in_force and state.pending:
        state.diff = edition_text_diff(in_force, state.pending)
    return state


# --- 标准覆盖率 -------------------------------------------------------------------------------

@dataclass
class Ratio:
    covered: int = 0
    total: int = 0

    @property
    def rate(self) -> float | None:
        """Percent covered, None when there is nothing to count (never a flattering 100 %)."""
        return round(100.0 * self.covered / self.total, 1) if self.total else None

    def __add__(self, other: "Ratio") -> "Ratio":
        return Ratio(self.covered + other.covered, self.total + other.total)


@dataclass
class CoverageRow:
    department: Department | None  # None: the centre's common facilities
    items: Ratio = field(default_factory=Ratio)
    posts: Ratio = field(default_factory=Ratio)
    facilities: Ratio = field(default_factory=Ratio)

    @property
    def combined(self) -> Ratio:
        return self.items + self.posts + self.facilities


@dataclass
class Coverage:
    rows: list[CoverageRow]
    overall: CoverageRow


@dataclass
class Uncovered:
    items: list[ServiceItem]
    posts: list[Post]
    facilities: list[Facility]


def _covered_flags(department=None) -> tuple[list, list, list]:
    """(record, covered) pairs for active items, posts and facilities: the one place that says
    what 'covered' means (see `standard_coverage`)."""
    items = ServiceItem.objects.filter(is_active=True).select_related(
        "department", "procedure_standard", "parent__procedure_standard")
    posts = Post.objects.filter(is_active=True).select_related("department").annotate(
        in_force=Count("work_standards", filter=Q(work_standards__status=StandardStatus.IN_FORCE)))
    facilities = Facility.objects.filter(is_active=True).select_related("department", "management_standard")
    if department is not None:
        items, posts, facilities = (q.filter(department=department) for q in (items, posts, facilities))

    def in_force(standard):
        return standard is not None and standard.status == StandardStatus.IN_FORCE

    def item_covered(item):
        own = item.procedure_standard
        if own is None and item.parent_id is not None:
            return in_force(item.parent.procedure_standard)
        return in_force(own)

    item_flags = [(i, item_covered(i)) for i in items]
    post_flags = [(p, p.in_force > 0) for p in posts]
    facility_flags = [(f, in_force(f.management_standard)) for f in facilities]
    return item_flags, post_flags, facility_flags


def standard_coverage(*, department=None) -> Coverage:
    """标准覆盖率 (standard coverage), per department and overall.

    "有事就有质量标准，有人就有工作标准，有物就有管理标准":
    - items: active service items and sub-items (办理项) whose procedure standard (项目办理规程) has
      an edition in force. A sub-item is covered by its parent item's 办理规程 in force unless it
      has a 办理规程 of its own, in which case its own must be in force;
    - posts: active posts (岗位) linked to at least one work standard (工作标准) in force;
    - facilities: active listed facilities and things (设施设备) whose management standard is in force
      (those without a department are the centre's common ones, counted in a row of their own).
    Each ratio is covered ÷ total; `combined` adds the three numerators and the three denominators.
    A ratio with nothing to count has no rate (shown as —), never 100 %. What is not covered is a
    blind spot (标准盲点): see `standard_blind_spots`."""
    item_flags, post_flags, facility_flags = _covered_flags(department)
    rows: dict = {}

    def row_for(dept):
        key = dept.pk if dept else None
        if key not in rows:
            rows[key] = CoverageRow(department=dept)
        return rows[key]

    departments = Department.objects.filter(is_active=True)
    for dept in ([department] if department is not None else departments):
        row_for(dept)
    for flags, attr in ((item_flags, "items"), (post_flags, "posts"), (facility_flags, "facilities")):
        for record, covered in flags:
            ratio = getattr(row_for(record.department), attr)
            ratio.covered += int(covered)
            ratio.total += 1
    ordered = sorted(rows.values(), key=lambda r: (r.department is None,
                                                   r.department.order if r.department else 0,
                                                   r.department.code if r.department else ""))
    overall = CoverageRow(department=None)
    for row in ordered:
        overall.items += row.items
        overall.posts += row.posts
        overall.facilities += row.facilities
    return Coverage(rows=[r for r in ordered if r.combined.total or r.department is not None], overall=overall)


def standard_blind_spots(*, department=None) -> Uncovered:
    """Everything `standard_coverage` counts as not covered."""
    item_flags, post_flags, facility_flags = _covered_flags(department)
    return Uncovered(items=[r for r, ok in item_flags if not ok], posts=[r for r, ok in post_flags if not ok],
                     facilities=[r for r, ok in facility_flags if not ok])


def items_for_export(*, department=None):
    items = ServiceItem.objects.select_related("department", "parent").prefetch_related(
        "bases", "materials", "fees", Prefetch("steps", queryset=ProcedureStep.objects.select_related("post")))
    if department is not None:
        items = items.filter(department=department)
    return items.order_by("department__order", "department__code", "code")


def item_row(item: ServiceItem) -> dict:
    """An item as a row of the 事项清单 workbook (the text forms `textforms` reads back), in Chinese
    whatever the UI language, like the centres' own lists."""
    with translation.override("zh-hans"):
        return _item_row(item)


def _item_row(item: ServiceItem) -> dict:
    from .textforms import format_basis, format_fees, format_limit, format_material, format_step

    fees, fee_bases = format_fees([{"name": f.name, "standard": f.standard, "basis": f.basis}
                                   for f in item.fees.all()])
    return {
        "department": item.department.name, "code": item.code, "name": item.name,
        "parent": item.parent.code if item.parent_id else "", "item_type": str(ItemType(item.item_type).label),
        "implementing_body": item.implementing_body, "authorisation": item.authorisation,
        "bases": "\n".join(format_basis({"name": b.name, "article": b.article}) for b in item.bases.all()),
        "conditions": item.conditions,
        "materials": "\n".join(format_material({
            "name": m.name, "form": m.form, "copies": m.copies, "source": m.source, "required": m.required,
            "condition": m.condition}) for m in item.materials.all()),
        "steps": "\n".join(format_step({"name": s.name, "description": s.description,
                                        "responsible": s.responsible_name, "time_limit": s.time_limit})
                           for s in item.steps.all()),
        "statutory_limit": format_limit(item.statutory_limit), "promised_limit": format_limit(item.promised_limit),
        "case_kind": str(CaseKind(item.case_kind).label), "fees": fees, "fee_bases": fee_bases,
        "window": item.window, "advice_phone": item.advice_phone, "complaint_phone": item.complaint_phone,
    }


def notice_issue_context(issue) -> dict:
    """Plain data of a recorded 一次性告知单 for `documents.notice.render_notice`."""
    return {"number": issue.number, "applicant": issue.applicant, "contact": issue.contact,
            "issued_on": issue.issued_on, "issued_by": issue.issued_by.display_name, "deadline": issue.deadline,
            "materials": issue.materials}


def notice_issues(*, year: int | None = None):
    from .models import NoticeIssue

    queryset = NoticeIssue.objects.select_related("item", "item__department", "issued_by")
    return queryset.filter(issued_on__year=year) if year else queryset


def notice_issue_count(*, year: int) -> int:
    """一次性告知 issued in `year` (the centre's count)."""
    return notice_issues(year=year).count()
