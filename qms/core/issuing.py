"""发文字号 (document numbers) of the centre's notices: 机关代字〔年份〕序号号, e.g. 青政服〔2026〕3号.
The 机关代字 comes from the organisation profile; the sequence runs per year without gaps (the
per-year counter is locked for update and rolls back with the act that issues the document)."""

import datetime as dt

from django.db import transaction
from django.utils.translation import gettext as _

from qms.org.selectors import organisation_profile

from .errors import ApplicationError
from .history import save_with_reason
from .models import Counter, IssuedDocument

COUNTER_KEY = "FW"  # 发文


def document_code() -> str:
    """The centre's 发文机关代字, or its short name, or its name."""
    profile = organisation_profile()
    return profile.document_code or profile.short_name or profile.name


def format_number(code: str, year: int, seq: int | None) -> str:
    """青政服〔2026〕3号; a blank for the sequence when none is issued (to fill in by hand)."""
    return f"{code}〔{year}〕{seq if seq is not None else '　　'}号"


@transaction.atomic
def document_number_issue(*, actor, kind: str, title: str, issued_on: dt.date, subject: str = "") -> IssuedDocument:
    """Take the next number of `issued_on`'s year for a document; the same subject keeps its number."""
    if subject:
        existing = IssuedDocument.objects.filter(subject=subject).first()
        if existing is not None:
            return existing
    if not title.strip():
        raise ApplicationError(_("发文标题不能为空。"))
    year = issued_on.year
    Counter.objects.get_or_create(key=COUNTER_KEY, year=year)
    counter = Counter.objects.select_for_update().get(key=COUNTER_KEY, year=year)
    counter.value += 1
    counter.save(update_fields=["value"])
    issued = IssuedDocument(year=year, seq=counter.value, number=format_number(document_code(), year, counter.value),
                            kind=kind, title=title[:300], subject=subject, issued_on=issued_on,
                            issued_by=actor if getattr(actor, "pk", None) else None)
    return save_with_reason(issued, actor=issued.issued_by, reason=_("发文 %(n)s") % {"n": issued.number})


def issued_document_for(subject: str) -> IssuedDocument | None:
    return IssuedDocument.objects.filter(subject=subject).first()


def issued_documents(*, year: int | None = None):
    queryset = IssuedDocument.objects.select_related("issued_by")
    return queryset.filter(year=year) if year else queryset
