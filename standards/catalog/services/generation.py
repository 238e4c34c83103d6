"""Generating many items' procedure standards at once: gather every item's data in a few
queries, render each document (pure), then write new standards and editions in batches.

Writes what `procedure_standard_generate` writes for a first generation or a new edition after
the one in force: the standard (node 302, planned 待制定, its department applicable) and the item's
link to it, a draft edition with its document and extracted text, its status-change row and the
GeneratedEdition row, each with one history row carrying who and why. An item whose latest
edition is still a draft takes the per-item path (its draft's document is replaced and its
sign-offs voided there). Each chunk of items is one transaction: all of it or none."""

import hashlib
from dataclasses import dataclass

from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Prefetch
from django.utils import timezone
from django.utils.translation import gettext as _

from qms.core.bulk import bulk_save_with_history, m2m_history_copy
from qms.core.errors import ApplicationError
from qms.org.selectors import organisation_profile
from standards.models import Edition, EditionStatus, Level, Origin, Plan, Standard, StandardStatus, SystemNode
from standards.numbers import next_code
from standards.services.editions import status_rows_write

from ..documents.procedure import render_procedure_standard_with_text
from ..models import GeneratedEdition, ProcedureStep, ServiceItem
from ..selectors import content_hash, item_document_context

CHUNK = 100


@dataclass
class Planned:
    item: ServiceItem
    standard: Standard
    edition: Edition
    digest: str
    data: bytes
    text: str


def items_for_generation(items):
    """The items with everything their documents say, in a handful of queries."""
    return items.select_related("department", "parent", "procedure_standard").prefetch_related(
        "bases", "materials", "fees", Prefetch("steps", queryset=ProcedureStep.objects.select_related("post")))


def latest_editions(standard_ids) -> dict[int, Edition]:
    latest = {}
    for edition in Edition.objects.filter(standard_id__in=standard_ids).select_related("generated_from") \
            .order_by("standard_id", "-seq"):
        latest.setdefault(edition.standard_id, edition)
    return latest


class ChunkWriter:
    """Plans, then writes, the new editions of one chunk of items."""

    def __init__(self, *, actor, node: SystemNode, year: int):
        self.actor, self.node, self.year = actor, node, year
        self.profile = organisation_profile()
        self.codes = list(Standard.objects.filter(node=node).values_list("code", flat=True))
        self.planned: list[Planned] = []

    def plan(self, item: ServiceItem, latest: Edition | None, context: dict, digest: str):
        from .procedures import procedure_number

        standard = item.procedure_standard or self.new_standard(item)
        context["number"] = procedure_number(prefix=context["prefix"], code=standard.code, year=self.year)
        edition = Edition(standard=standard, seq=(latest.seq if latest else 0) + 1, number=context["number"],
                          title=context["title"], created_by=self.actor, status=EditionStatus.DRAFT)
        edition._change_reason = _("依据事项数据生成（%(c)s）") % {"c": item.code}
        self.planned.append(Planned(item, standard, edition, digest, *render_procedure_standard_with_text(context)))
        return edition

    def new_standard(self, item: ServiceItem) -> Standard:
        code = next_code(self.node.code, self.codes)
        self.codes.append(code)
        standard = Standard(code=code, name=f"{item.name}办理规程", level=Level.ENTERPRISE, origin=Origin.IN_HOUSE,
                            node=self.node, plan=Plan.TO_DRAFT, owner=self.actor, status=StandardStatus.PLANNED,
                            responsible_department=item.department, drafting_department=item.department)
        standard._change_reason = _("依据事项 %(c)s 生成办理规程") % {"c": item.code}
        standard._new = True
        return standard

    def write(self):
        new = [p for p in self.planned if getattr(p.standard, "_new", False)]
        self.write_standards(new)
        for p in self.planned:
            self.attach(p)
        bulk_save_with_history(Edition, created=[p.edition for p in self.planned], actor=self.actor)
        status_rows_write([(p.edition, "", EditionStatus.DRAFT, self.actor, p.edition._change_reason)
                           for p in self.planned])
        rows = [GeneratedEdition(item=p.item, edition=p.edition, content_hash=p.digest) for p in self.planned]
        for row, p in zip(rows, self.planned, strict=True):
            row._change_reason = p.edition._change_reason
        bulk_save_with_history(GeneratedEdition, created=rows, actor=self.actor)
        self.refresh_standards()

    def write_standards(self, new: list[Planned]):
        for p in new:  # what standard_create, then edition_create's status refresh, leave behind
            p.standard.version = 2
            p.standard.status, p.standard.number = StandardStatus.DRAFT, p.edition.number
        bulk_save_with_history(Standard, created=[p.standard for p in new], actor=self.actor)
        through = Standard.applicable_departments.through
        through.objects.bulk_create([through(standard_id=p.standard.pk, department_id=p.item.department_id)
                                     for p in new])
        m2m_history_copy(Standard, [p.standard for p in new])
        for p in new:
            p.item.procedure_standard = p.standard
            p.item.version += 1
            p.item._change_reason = _("关联办理规程 %(c)s") % {"c": p.standard.code}
        bulk_save_with_history(ServiceItem, changed=[p.item for p in new], fields=["procedure_standard", "version"],
                               actor=self.actor, clean=False)

    def attach(self, p: Planned):
        """The document, as edition_create's upload would store it (content-addressed path)."""
        edition = p.edition
        edition.standard = p.standard
        edition.document_sha256 = hashlib.sha256(p.data).hexdigest()
        edition.document_name = f"{p.standard.code}.docx"
        edition.document.save("document.docx", ContentFile(p.data), save=False)
        edition.text = p.text

    def refresh_standards(self):
        """standard_refresh_status for standards that had editions: a first draft makes a planned
        standard a draft with that number; one in force keeps its status and number."""
        changed = []
        for p in self.planned:
            standard = p.standard
            if getattr(standard, "_new", False) or standard.status not in (StandardStatus.PLANNED,
                                                                           StandardStatus.WITHDRAWN):
                continue
            standard.status, standard.number = StandardStatus.DRAFT, standard.number or p.edition.number
            standard.version += 1
            standard._change_reason = _("新建版本 %(n)s") % {"n": p.edition.number}
            changed.append(standard)
        bulk_save_with_history(Standard, changed=changed, fields=["status", "number", "version"], actor=self.actor,
                               clean=False)


def generate_chunk(*, actor, items: list[ServiceItem], node: SystemNode, per_item) -> list:
    """One transaction for a chunk: the drafts go through `per_item`, the rest are batched."""
    from .procedures import GenerationResult

    results = {}
    with transaction.atomic():
        writer = ChunkWriter(actor=actor, node=node, year=timezone.localdate().year)
        items = list(items_for_generation(ServiceItem.objects.select_for_update(of=("self",))
                                          .filter(pk__in=[i.pk for i in items])).order_by("code"))
        latest = latest_editions([i.procedure_standard_id for i in items if i.procedure_standard_id])
        for item in items:
            previous = latest.get(item.procedure_standard_id)
            context = item_document_context(item, profile=writer.profile)
            digest = content_hash(context["data"])
            generated = getattr(previous, "generated_from", None) if previous else None
            if generated is not None and generated.content_hash == digest:
                results[item.pk] = GenerationResult(item=item, edition=previous, outcome="unchanged")
            elif previous is not None and previous.status == EditionStatus.DRAFT:
                try:
                    results[item.pk] = per_item(item)
                except ApplicationError as error:
                    results[item.pk] = GenerationResult(item=item, outcome="failed", error=error.message)
            else:
                results[item.pk] = GenerationResult(item=item, edition=writer.plan(item, previous, context, digest),
                                                    outcome="created")
        writer.write()
    return [results[i.pk] for i in items]
