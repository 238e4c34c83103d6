"""Evaluation models. Submodules import only qms.org and each other's enums."""

from .complaints import OPEN_STATUSES, Channel, Complaint, ComplaintStatus, Feedback
from .external import ExternalAttachment, ExternalEvaluation, ExternalFinding, ExternalKind, FollowUp
from .reviews import (
    ActionStatus,
    ManagementReview,
    ReviewAction,
    ReviewDecision,
    ReviewInput,
    ReviewStatus,
)
from .satisfaction import (
    SCALE_FAVOURABLE,
    SCALE_POINTS,
    Grade,
    Rating,
    RatingImport,
    Scale,
    Survey,
    SurveyAnswer,
    SurveyQuestion,
    SurveyResponse,
)
from .scorecards import CriterionSource, Score, Scorecard, ScoreCriterion
from .settings import EvaluationSettings

__all__ = [
    "OPEN_STATUSES", "SCALE_FAVOURABLE", "SCALE_POINTS", "ActionStatus", "Channel", "Complaint",
    "ComplaintStatus", "CriterionSource", "EvaluationSettings", "ExternalAttachment", "ExternalEvaluation",
    "ExternalFinding", "ExternalKind", "Feedback", "FollowUp", "Grade",
    "ManagementReview", "Rating", "RatingImport", "ReviewAction",
    "ReviewDecision", "ReviewInput", "ReviewStatus", "Scale", "Score", "ScoreCriterion", "Scorecard",
    "Survey", "SurveyAnswer", "SurveyQuestion", "SurveyResponse",
]
