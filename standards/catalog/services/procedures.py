"""Procedure standards (项目办理规程) generated from the items' data.

An item's procedure standard is an in-house Standard (node 302 服务提供规范 unless the office
chooses another) numbered '<prefix> <node>.<NN>-<year>'. Generation renders the document from
the item's data and, only when the hash of that data differs from the one the latest edition
was rendered from, produces a draft edition (replacing the document of a draft not yet sent
on, otherwise a new edition). Nothing in force changes until the draft is published."""

from collections.abc import Callable
from dataclasses import dataclass

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from qms.core.errors import ApplicationError, PermissionRefused
from qms.core.history import save_with_reason
from standards.models import Edition, EditionStatus, Level, Origin, Plan, SystemNode
from standards.selectors.standards import node_current
from standards.services import edition_create, edition_publish, edition_set_document, standard_create
from standards.services.acknowledgements import acknowledgements_batched

from ..documents.procedure import render_procedure_standard
from ..models import GeneratedEdition, ServiceItem
from ..permissions import can_publish_procedures
from ..rules import procedure_title
from ..selectors import content_hash, item_document_context
from .generation import CHUNK, generate_chunk

DEFAULT_NODE = "302"  # 服务提供规范 (2009 code; node_current follows it to 320 on the 2023 tree)
EXEMPT_REASON = "依据事项目录数据生成"
DOCX_CT = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


@dataclass
class GenerationResult:
    item: ServiceItem
    edition: object = None
    outcome: str = "unchanged"  # created | updated | unchanged | failed
    error: str = ""

    @property
    def outcome_label(self) -> str:
        return {"created": _("新建草稿版本"), "updated": _("更新草稿"), "unchanged": _("数据未变，未生成"),
                "failed": _("失败")}[self.outcome]


def procedure_number(*, prefix: str, code: str, year: int) -> str:
    """'Q/XZFW 302.07-2026' from the standard's system-table code '302-07'."""
    node, _sep, seq = code.partition("-")
    return f"{prefix} {node}.{seq}-{year}"


def _standard_for(item: ServiceItem, *, actor, node: SystemNode | None):
    if item.procedure_standard_id:
        return item.procedure_standard
    node = node or node_current(DEFAULT_NODE)
    standard = standard_create(
        actor=actor, name=procedure_title(item.name), level=Level.ENTERPRISE, origin=Origin.IN_HOUSE, node=node,
        plan=Plan.TO_DRAFT, responsible_department=item.department, drafting_department=item.department,
        applicable_departments=[item.department], reason=_("依据事项 %(c)s 生成办理规程") % {"c": item.code},
    )
    item.procedure_standard = standard
    item.version += 1
    save_with_reason(item, actor=actor, reason=_("关联办理规程 %(c)s") % {"c": standard.code})
    return standard


@transaction.atomic
def procedure_standard_generate(*, actor, item: ServiceItem, node: SystemNode | None = None) -> GenerationResult:
    """Render the item's procedure standard; a draft edition only when the item's data changed."""
    if not can_publish_procedures(actor):
        raise PermissionRefused(_("只有标准化办公室可以生成办理规程。"))
    item = ServiceItem.objects.select_for_update(of=("self",)).select_related("department", "parent").get(pk=item.pk)
    standard = _standard_for(item, actor=actor, node=node)
    latest = standard.editions.select_related("generated_from").order_by("-seq").first()
    context = item_document_context(item)
    digest = content_hash(context["data"])
    generated = getattr(latest, "generated_from", None) if latest else None
    if generated is not None and generated.content_hash == digest:
        return GenerationResult(item=item, edition=latest, outcome="unchanged")
    context["number"] = procedure_number(prefix=context["prefix"], code=standard.code, year=timezone.localdate().year)
    upload = SimpleUploadedFile(f"{standard.code}.docx", render_procedure_standard(context), content_type=DOCX_CT)
    reason = _("依据事项数据生成（%(c)s）") % {"c": item.code}
    if latest is not None and latest.status == EditionStatus.DRAFT:
        edition = edition_set_document(actor=actor, edition=latest, upload=upload, reason=reason)
        GeneratedEdition.objects.filter(edition=edition).delete()
        outcome = "updated"
    else:
        edition = edition_create(actor=actor, standard=standard, number=context["number"], title=context["title"],
                                 upload=upload, reason=reason)
        outcome = "created"
    save_with_reason(GeneratedEdition(item=item, edition=edition, content_hash=digest), actor=actor, reason=reason)
    return GenerationResult(item=item, edition=edition, outcome=outcome)


@transaction.atomic
def procedure_standard_publish(*, actor, item: ServiceItem):
    """Put the item's pending generated edition in force (it supersedes the one in force). Exempt
    from the in-house approval route: its content is the approved catalogue data."""
    if not can_publish_procedures(actor):
        raise PermissionRefused(_("只有标准化办公室可以发布办理规程。"))
    standard = item.procedure_standard
    latest = standard.editions.select_related("generated_from").order_by("-seq").first() if standard else None
    return edition_publish(actor=actor, edition=_pending(item, latest), exempt_reason=EXEMPT_REASON)


def _pending(item: ServiceItem, latest):
    """The item's latest edition when it is a generated one waiting for publication; else refused."""
    if latest is None or latest.status in (EditionStatus.IN_FORCE, EditionStatus.SUPERSEDED,
                                           EditionStatus.WITHDRAWN):
        raise ApplicationError(_("“%(n)s”没有待发布的办理规程版本，请先生成。") % {"n": item.name})
    if getattr(latest, "generated_from", None) is None:
        raise ApplicationError(_("最新版本不是依据事项数据生成的，请在标准页面按标准流程处理。"))
    return latest


def procedure_standards_publish(*, actor, items: list[ServiceItem]) -> dict[int, str]:
    """`procedure_standard_publish` for many items, their latest editions read in one query, all
    or nothing apart from the refused items (each publication in its own savepoint). Returns the
    refusal of each item refused (by item id)."""
    if not can_publish_procedures(actor):
        message = _("只有标准化办公室可以发布办理规程。")
        return {item.pk: message for item in items}
    standards = dict(ServiceItem.objects.filter(pk__in=[i.pk for i in items]).values_list("pk", "procedure_standard"))
    latest = {}
    for edition in (Edition.objects.filter(standard_id__in=[s for s in standards.values() if s])
                    .select_related("generated_from").order_by("standard_id", "-seq")):
        latest.setdefault(edition.standard_id, edition)
    refused = {}
    # The acknowledgement requests of all the publications in one INSERT (and one notification
    # batch) after the last; a refused item's savepoint leaves nothing of it.
    with transaction.atomic(), acknowledgements_batched():
        for item in items:
            try:
                with transaction.atomic():
                    edition_publish(actor=actor, edition=_pending(item, latest.get(standards.get(item.pk))),
                                    exempt_reason=EXEMPT_REASON)
            except ApplicationError as error:
                refused[item.pk] = error.message
    return refused


def procedure_standards_generate_all(*, actor, department=None, publish: bool = False,
                                     progress: Callable[[int, str], None] | None = None) -> list[GenerationResult]:
    """Generate for every active item (of one department); idempotent. Items are generated in
    chunks, each one transaction with batched writes (see generation.py); a chunk that fails is
    reported item by item and the other chunks still complete."""
    items = ServiceItem.objects.filter(is_active=True).order_by("code")
    if department is not None:
        items = items.filter(department=department)
    results = procedure_standards_generate(actor=actor, items=list(items), progress=progress)
    if publish:
        _publish_drafts(actor, results)
    return results


def procedure_standards_generate(*, actor, items: list[ServiceItem],
                                 progress: Callable[[int, str], None] | None = None) -> list[GenerationResult]:
    """`procedure_standard_generate` for many items (node 302), in chunks of batched writes."""
    if not can_publish_procedures(actor):
        message = _("只有标准化办公室可以生成办理规程。")
        return [GenerationResult(item=i, outcome="failed", error=message) for i in items]
    node = SystemNode.objects.get(code=DEFAULT_NODE)
    results = []
    for start in range(0, len(items), CHUNK):
        chunk = items[start:start + CHUNK]
        try:
            results += generate_chunk(actor=actor, items=chunk, node=node,
                                      per_item=lambda item: procedure_standard_generate(actor=actor, item=item))
        except ApplicationError as error:
            results += [GenerationResult(item=i, outcome="failed", error=error.message) for i in chunk]
        if progress:
            progress(int(100 * len(results) / len(items)), f"{chunk[-1].code} {chunk[-1].name}")
    return results


def _publish_drafts(actor, results: list[GenerationResult]):
    drafts = [r for r in results if r.edition is not None and r.edition.status == EditionStatus.DRAFT]
    refused = procedure_standards_publish(actor=actor, items=[r.item for r in drafts])
    for result in drafts:
        if result.item.pk in refused:
            result.outcome, result.error = "failed", refused[result.item.pk]
