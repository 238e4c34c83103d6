"""Standards models. tree (SystemNode) <- standard (Standard) <- edition (Edition, StatusChange)."""

from .edition import Edition, EditionStatus, StatusChange
from .standard import Level, Origin, Plan, Standard, StandardStatus
from .tree import SystemNode

__all__ = [
    "Edition", "EditionStatus", "Level", "Origin", "Plan", "Standard", "StandardStatus",
    "StatusChange", "SystemNode",
]
