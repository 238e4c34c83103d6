"""Evaluation models. Submodules import only qms.org, qms.core's shared records and each other's enums."""

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
    RATING_IMPORTER,
    SCALE_FAVOURABLE,
    SCALE_POINTS,
    Grade,
    Rating,
    Scale,
    Survey,
    SurveyAnswer,
    SurveyQuestion,
    SurveyResponse,
)
from .scorecards import CriterionScope, CriterionSource, Score, Scorecard, ScoreCriterion
from .settings import EvaluationSettings
from .staff import Attendance, StaffScore, StaffScorecard

__all__ = [
    "OPEN_STATUSES", "RATING_IMPORTER", "SCALE_FAVOURABLE", "SCALE_POINTS", "ActionStatus", "Attendance", "Channel",
    "Complaint", "ComplaintStatus", "CriterionScope", "CriterionSource", "EvaluationSettings", "ExternalAttachment",
    "ExternalEvaluation", "ExternalFinding", "ExternalKind", "Feedback", "FollowUp", "Grade",
    "ManagementReview", "Rating", "ReviewAction", "StaffScore", "StaffScorecard",
    "ReviewDecision", "ReviewInput", "ReviewStatus", "Scale", "Score", "ScoreCriterion", "Scorecard",
    "Survey", "SurveyAnswer", "SurveyQuestion", "SurveyResponse",
]
