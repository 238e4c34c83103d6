"""Sign-off rows: record what the signer saw; void them when the text changes."""

from django.utils import timezone

from qms.core.history import save_with_reason

from ..models import Edition, SignOff, text_sha256


def signoff_record(*, edition: Edition, kind: str, decision: str, actor, note: str = "") -> SignOff:
    signoff = SignOff(edition=edition, kind=kind, decision=decision, actor=actor, note=note,
                      document_sha256=edition.document_sha256 or "", text_sha256=text_sha256(edition.text))
    return save_with_reason(signoff, actor=actor, reason=f"{signoff.get_kind_display()}：{signoff.get_decision_display()}")


def signoffs_valid(edition: Edition, kind: str) -> bool:
    """Whether the edition holds a standing 'approved' sign-off of `kind` for its current text."""
    candidates = edition.signoffs.filter(kind=kind, decision=SignOff.Decision.APPROVED, voided_at=None)
    return any(signoff.matches(edition) for signoff in candidates)


def signoffs_void(edition: Edition, *, actor, reason: str) -> int:
    """Void every standing sign-off of the edition (history kept); returns how many."""
    count = 0
    for signoff in edition.signoffs.filter(voided_at=None):
        signoff.voided_at = timezone.now()
        signoff.void_reason = reason[:200]
        save_with_reason(signoff, actor=actor, reason=reason)
        count += 1
    return count
