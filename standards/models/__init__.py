"""Standards models. tree (SystemNode) <- standard (Standard) <- edition (Edition; its moves are core.WorkflowEvent rows)
<- signoff, consultation, review, training, implementation, change_request (each imports only
the modules before it in this list)."""

from .change_request import ChangeRequest
from .consultation import Comment, Consultation
from .edition import Edition, EditionStatus
from .implementation import CONFORMING_RESULTS, CheckEvidence, CheckResult, ImplementationCheck
from .review import PeriodicReview
from .signoff import SignOff, text_sha256
from .standard import Level, Origin, Plan, Standard, StandardStatus
from .training import Acknowledgement, TrainingSession
from .tree import SystemNode

__all__ = [
    "CONFORMING_RESULTS", "Acknowledgement", "ChangeRequest", "CheckEvidence", "CheckResult", "Comment",
    "Consultation", "Edition", "EditionStatus", "ImplementationCheck", "Level", "Origin", "PeriodicReview",
    "Plan", "SignOff", "Standard", "StandardStatus", "SystemNode", "TrainingSession",
    "text_sha256",
]
