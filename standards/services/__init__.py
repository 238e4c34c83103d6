"""Writes for the standard system. tree: nodes; standards: identity and metadata;
editions: editions and their status moves. Each may import the ones before it."""

from .change_requests import change_request_create
from .editions import (
    EDITION_TRANSITIONS,
    edition_create,
    edition_publish,
    edition_set_document,
    edition_transition,
    edition_withdraw,
)
from .standards import standard_create, standard_refresh_status, standard_update
from .tree import node_create, node_retire, node_update

__all__ = [
    "EDITION_TRANSITIONS", "change_request_create", "edition_create", "edition_publish", "edition_set_document",
    "edition_transition", "edition_withdraw", "node_create", "node_retire", "node_update",
    "standard_create", "standard_refresh_status", "standard_update",
]
