"""Audit records. programme (AuditProgramme), auditors (AuditorQualification, AuditPoint) <- audit (Audit, ChecklistItem, Attachment)
<- nonconformity (Nonconformity, CorrectiveAction), their timeline is core.WorkflowEvent;
improvement (the 持续改进 register) stands alone.
Each submodule may import only the ones before it in this list."""

from .audit import Audit, AuditStatus, ChecklistItem, Result
from .auditors import AuditorQualification, AuditPoint
from .events import Attachment
from .improvement import Improvement, ImprovementSource, ImprovementStatus
from .nonconformity import CA_FINISHED, CAStatus, CorrectiveAction, Grade, NCStatus, Nonconformity, Source
from .programme import AuditProgramme

__all__ = [
    "CA_FINISHED", "Attachment", "Audit", "AuditPoint", "AuditorQualification", "AuditProgramme", "AuditStatus", "CAStatus", "ChecklistItem", "CorrectiveAction",
    "Grade", "Improvement", "ImprovementSource", "ImprovementStatus", "NCStatus", "Nonconformity", "Result", "Source",
]
