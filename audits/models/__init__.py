"""Audit records. programme (AuditProgramme) <- audit (Audit, ChecklistItem, Attachment)
<- nonconformity (Nonconformity, CorrectiveAction); their timeline is core.WorkflowEvent.
Each submodule may import only the ones before it in this list."""

from .audit import Audit, AuditStatus, ChecklistItem, Result
from .events import Attachment
from .nonconformity import CA_FINISHED, CAStatus, CorrectiveAction, Grade, NCStatus, Nonconformity, Source
from .programme import AuditProgramme

__all__ = [
    "CA_FINISHED", "Attachment", "Audit", "AuditProgramme", "AuditStatus", "CAStatus", "ChecklistItem", "CorrectiveAction",
    "Grade", "NCStatus", "Nonconformity", "Result", "Source",
]
