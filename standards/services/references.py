"""规范性引用文件: keep each edition's references in step with its text."""

from ..models import Edition, EditionReference
from ..references import parse_references


def reference_rows(edition_id: int, text: str) -> list[EditionReference]:
    return [EditionReference(edition_id=edition_id, position=i, number=r.number[:80], base=r.base[:80],
                             title=r.title[:300], dated=r.dated)
            for i, r in enumerate(parse_references(text), start=1)]


def edition_references_refresh(*, edition: Edition, new: bool = False) -> list[EditionReference]:
    """Re-read the references from the edition's text (derived data: the text has the history).
    `new`: the edition was just created, so it has none to remove yet."""
    if not new:
        EditionReference.objects.filter(edition=edition).delete()
    return EditionReference.objects.bulk_create(reference_rows(edition.pk, edition.text))
