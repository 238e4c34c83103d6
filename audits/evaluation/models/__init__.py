"""Evaluation models. Submodules import only qms.org and each other's enums."""

from .complaints import OPEN_STATUSES, Channel, Complaint, ComplaintStatus, Feedback
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
from .scorecards import CriterionScope, CriterionSource, Score, Scorecard, ScoreCriterion
from .settings import EvaluationSettings
from .staff import Attendance, StaffScore, StaffScorecard

__all__ = [
    "OPEN_STATUSES", "SCALE_FAVOURABLE", "SCALE_POINTS", "ActionStatus", "Channel", "Complaint",
    "Attendance", "ComplaintStatus", "CriterionScope", "CriterionSource", "StaffScore", "StaffScorecard", "EvaluationSettings", "Feedback", "Grade",
    "ManagementReview", "Rating", "RatingImport", "ReviewAction",
    "ReviewDecision", "ReviewInput", "ReviewStatus", "Scale", "Score", "ScoreCriterion", "Scorecard",
    "Survey", "SurveyAnswer", "SurveyQuestion", "SurveyResponse",
]
