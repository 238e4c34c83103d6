"""Standards models. tree (SystemNode) <- standard (Standard) <- edition (Edition; its moves are core.WorkflowEvent rows)
<- signoff, consultation, review, training, implementation, change_request, validity, reference (each imports only
the modules before it in this list)."""

from .change_request import ChangeRequest
from .consultation import Comment, Consultation
from .edition import Edition, EditionStatus
from .implementation import CONFORMING_RESULTS, CheckEvidence, CheckResult, ImplementationCheck
from .reference import EditionReference
from .review import PeriodicReview
from .signoff import SignOff, text_sha256
from .standard import Level, Origin, Plan, Standard, StandardStatus
from .training import (
    Acknowledgement,
    ExternalTraining,
    TrainingPlan,
    TrainingPlanItem,
    TrainingScore,
    TrainingSession,
)
from .tree import SystemNode
from .validity import OBSOLETE_STATES, AdoptedStatus, ExternalState, ValidityConfirmation, ValidityFinding

__all__ = [
    "CONFORMING_RESULTS", "OBSOLETE_STATES", "Acknowledgement", "AdoptedStatus", "ExternalState",
    "ValidityConfirmation", "ValidityFinding", "ChangeRequest", "CheckEvidence", "CheckResult", "Comment",
    "Consultation", "Edition", "EditionReference", "EditionStatus", "ImplementationCheck", "Level", "Origin", "PeriodicReview",
    "Plan", "SignOff", "Standard", "StandardStatus", "SystemNode", "TrainingSession",
    "ExternalTraining", "TrainingScore", "TrainingPlan", "TrainingPlanItem",
    "text_sha256",
]
