"""Helpers every audits service shares: timeline rows, evidence files, settings."""

from django.conf import settings
from django.core.files.base import ContentFile

from qms.core.uploads import upload_check
from qms.core.workflow import event_record

from ..models import Attachment

EVIDENCE_KINDS = {"jpg", "png", "pdf", "docx", "xlsx"}


def setting(name: str, default: int) -> int:
    """Audit periods are configurable in settings (AUDITS_PLAN_DAYS and the like)."""
    return int(getattr(settings, name, default))


def record_move(*, actor, from_status: str, to_status: str, label: str = "", note: str = "", audit=None,
                nonconformity=None, corrective_action=None):
    """A timeline row that is not a declared move (raised, acknowledged, a new round opened)."""
    subject = corrective_action or nonconformity or audit
    return event_record(subject, actor=actor, label=label, note=note, from_status=from_status,
                        to_status=to_status)


def attachment_add(*, actor, upload, checklist_item=None, corrective_action=None) -> Attachment:
    """Keep an uploaded photo or file as evidence (content-checked; stored under its hash)."""
    checked = upload_check(upload, allowed=EVIDENCE_KINDS)
    attachment = Attachment(checklist_item=checklist_item, corrective_action=corrective_action,
                            name=(getattr(upload, "name", "") or f"evidence.{checked.kind}")[:200],
                            kind=checked.kind, sha256=checked.sha256, uploaded_by=actor)
    attachment.file.save(f"evidence.{checked.kind}", ContentFile(checked.data), save=False)
    attachment.full_clean()
    attachment.save()
    return attachment
