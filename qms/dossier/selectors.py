"""Reads for the dossier: the standards book's content in table order, and the data snapshot a
dossier is built from (with a digest, so two dossiers from the same data can be compared)."""

import datetime as dt
import hashlib
import json

from django.db.models import Prefetch

from qms.assessment import selectors as assessment_selectors
from qms.assessment.models import Assessment
from qms.org.selectors import organisation_profile
from standards.models import Edition, EditionStatus, Origin, Standard, StandardStatus
from standards.models.standard import TABLE_ORDERING

from .models import Dossier


def book_standards():
    """In-force in-house standards in the table's order (node order, node code, standard code),
    each with its edition in force and the editions it superseded (newest first)."""
    in_force = Prefetch("editions", queryset=Edition.objects.filter(status=EditionStatus.IN_FORCE),
                        to_attr="in_force")
    superseded = Prefetch("editions", queryset=Edition.objects.filter(status=EditionStatus.SUPERSEDED)
                          .order_by("-seq").only("pk", "standard_id", "number", "seq"), to_attr="superseded")
    return (Standard.objects.filter(status=StandardStatus.IN_FORCE, origin=Origin.IN_HOUSE)
            .select_related("node").prefetch_related(in_force, superseded).order_by(*TABLE_ORDERING))


def _replaces(standard, edition) -> str:
    older = [e.number for e in standard.superseded if edition is None or e.number != edition.number]
    return older[0] if older else ""


def _paragraphs(text: str) -> list[str]:
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


def book_context(*, as_of: dt.date) -> dict:
    entries = []
    for standard in book_standards().iterator(chunk_size=200):
        edition = standard.in_force[0] if standard.in_force else None
        entries.append({
            "code": standard.code, "number": edition.number if edition else standard.number,
            "name": standard.name, "node": f"{standard.node.code} {standard.node.name}",
            "published_on": _iso(edition.published_on if edition else None),
            "effective_on": _iso(edition.effective_on if edition else None),
            "replaces": _replaces(standard, edition), "paragraphs": _paragraphs(edition.text if edition else ""),
        })
    profile = organisation_profile()
    return {"org": profile.name, "prefix": profile.standard_prefix, "date": assessment_selectors.cn_date(as_of),
            "as_of": as_of, "standards": entries}


def _iso(day) -> str:
    return day.isoformat() if day else ""


def dossier_snapshot(*, assessment: Assessment | None, as_of: dt.date) -> dict:
    """What the dossier is built from: the date, the self-assessment, the figures, and every
    book standard's edition with its document hash. `digest` summarises it all."""
    editions = list(book_standards().values_list("code", "editions__number", "editions__pk",
                                                 "editions__document_sha256", "editions__updated_at")
                    .filter(editions__status=EditionStatus.IN_FORCE))
    data = {
        "as_of": as_of.isoformat(),
        "organisation": assessment_selectors.org_context(),
        "assessment": None if assessment is None else {
            "id": assessment.pk, "title": assessment.title, "status": assessment.status,
            "total": assessment_selectors.assessment_context(assessment)["total"],
        },
        "figures": {row.key: row.value.value if row.value else None
                    for row in assessment_selectors.figure_rows(as_of=as_of)},
        "book": [[code, number, pk, sha, updated.isoformat() if updated else ""]
                 for code, number, pk, sha, updated in editions],
    }
    data["digest"] = hashlib.sha256(json.dumps(data, sort_keys=True, ensure_ascii=False).encode()).hexdigest()
    data["book_count"] = len(editions)
    return data


def dossier_list():
    return Dossier.objects.select_related("job", "requested_by", "assessment").order_by("-requested_at", "-id")
