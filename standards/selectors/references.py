"""引用核查: problems in the 规范性引用文件 of the centre's own standards.

A reference is a problem when it cites, dated, an edition the centre has superseded or that is
no longer the one in force; when it cites a standard the centre no longer holds (withdrawn), or
one of the centre's own Q/ numbers that does not exist; or when the cited adopted standard is
replaced or abolished by its status (标准有效性确认). Citing editions: the in-house standards'
editions in force and their open drafts."""

import datetime as dt
from dataclasses import dataclass

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from ..models import AdoptedStatus, Edition, EditionReference, EditionStatus, ExternalState, Origin
from ..numbers import number_key, number_parts
from ..validity import obsolete_note

S = EditionStatus
CLOSED = (S.SUPERSEDED, S.WITHDRAWN)
SUPERSEDED, OUTDATED, NOT_HELD, OBSOLETE = "superseded", "outdated", "not_held", "obsolete"


@dataclass
class ReferenceProblem:
    edition: Edition  # the citing edition
    reference: EditionReference
    kind: str
    message: str

    def as_dict(self) -> dict:
        return {"standard": self.edition.standard.code, "edition": self.edition.number,
                "reference": self.reference.number, "dated": self.reference.dated, "kind": self.kind,
                "message": self.message}


class _Index:
    """Every edition the centre has recorded, by base number, and adopted statuses by number."""

    def __init__(self):
        self.by_base: dict[str, list[Edition]] = {}
        for edition in Edition.objects.select_related("standard").only(
                "number", "status", "standard__id", "standard__origin", "standard__code"):
            self.by_base.setdefault(number_parts(edition.number)[0], []).append(edition)
        self.statuses = {number_key(s.number): s for s in AdoptedStatus.objects.all()}

    def in_force(self, base: str) -> Edition | None:
        return next((e for e in self.by_base.get(base, []) if e.status == S.IN_FORCE), None)


def reference_problems(*, today: dt.date | None = None, standard_ids=None, cited_base: str = "") -> list[ReferenceProblem]:
    """Every reference problem, by citing standard code. `standard_ids` narrows to some citers;
    with `cited_base` too, references to that standard (any edition) are included as well."""
    today = today or timezone.localdate()
    index = _Index()
    references = (EditionReference.objects.select_related("edition__standard")
                  .filter(edition__standard__origin=Origin.IN_HOUSE).exclude(edition__status__in=CLOSED)
                  .order_by("edition__standard__code", "edition__seq", "position"))
    if standard_ids is not None:
        scope = Q(edition__standard_id__in=standard_ids)
        references = references.filter(scope | Q(base=cited_base) if cited_base else scope)
    problems = []
    for reference in references:
        if number_key(reference.number) == number_key(reference.edition.number):
            continue
        message = _check(reference, index, today)
        if message:
            problems.append(ReferenceProblem(reference.edition, reference, *message))
    return problems


def _check(reference: EditionReference, index: _Index, today: dt.date) -> tuple[str, str] | None:
    editions = index.by_base.get(reference.base, [])
    in_force = index.in_force(reference.base)
    if not editions:
        if reference.number.startswith("Q/"):
            return NOT_HELD, _("本中心没有编号为 %(n)s 的标准。") % {"n": reference.number}
        return _obsolete(reference.number, index, today)
    if in_force is None:
        if any(e.status == S.WITHDRAWN for e in editions):
            return NOT_HELD, _("%(n)s 已废止（已撤出本中心标准体系），不能再引用。") % {"n": reference.number}
        return None
    if reference.dated and number_key(reference.number) != number_key(in_force.number):
        exact = next((e for e in editions if number_key(e.number) == number_key(reference.number)), None)
        if exact is not None and exact.status == S.SUPERSEDED:
            return SUPERSEDED, _("注日期引用的 %(n)s 已被 %(new)s 代替。") % {"n": reference.number,
                                                                        "new": in_force.number}
        return OUTDATED, _("注日期引用 %(n)s，本中心现行版本为 %(new)s。") % {"n": reference.number,
                                                                     "new": in_force.number}
    return _obsolete(in_force.number if not reference.dated else reference.number, index, today,
                     undated=not reference.dated)


def _obsolete(number: str, index: _Index, today: dt.date, undated: bool = False) -> tuple[str, str] | None:
    status = index.statuses.get(number_key(number))
    if status is None or status.state not in (ExternalState.REPLACED, ExternalState.ABOLISHED):
        return None
    if undated and status.state == ExternalState.REPLACED:
        return None  # an undated reference follows the replacement
    note = obsolete_note(state=status.state, ends_on=status.ends_on, replaced_by=status.replaced_by, today=today)
    return OBSOLETE, f"{number} {note}"


def citing_old_editions(problems: list[ReferenceProblem], standard) -> list[ReferenceProblem]:
    """Of `problems`, the in-house standards whose references point to an earlier edition of
    `standard` (listed when a new edition is published)."""
    base = number_parts(standard.number)[0] if standard.number else None
    return [p for p in problems if p.reference.base == base and p.kind in (SUPERSEDED, OUTDATED)
            and p.edition.standard_id != standard.pk]


def standard_references(standard) -> tuple[list[ReferenceProblem], list[ReferenceProblem]]:
    """For a standard's page, in one read: the problems in its own references, and the
    standards citing an old edition of it."""
    base = number_parts(standard.number)[0] if standard.number else ""
    problems = reference_problems(standard_ids=[standard.pk], cited_base=base)
    own = [p for p in problems if p.edition.standard_id == standard.pk]
    return own, citing_old_editions(problems, standard)


def standards_citing_old_editions(standard) -> list[ReferenceProblem]:
    return citing_old_editions(reference_problems(), standard)
