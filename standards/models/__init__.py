"""Standards models. tree (SystemNode) <- standard (Standard) <- edition (Edition, StatusChange)."""

from .change_request import ChangeRequest
from .edition import Edition, EditionStatus, StatusChange
from .standard import Level, Origin, Plan, Standard, StandardStatus
from .tree import SystemNode

__all__ = [
    "ChangeRequest", "Edition", "EditionStatus", "Level", "Origin", "Plan", "Standard", "StandardStatus",
    "StatusChange", "SystemNode",
]
