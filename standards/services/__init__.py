"""Writes for the standard system. Modules, each importing only those before it:
tree; standards (identity and metadata); signoffs; acknowledgements; editions (the status
table and its guarded moves, publication); workflow (submit, review, approve, revise, publish
when due); consultations; change_requests; reviews (复审); trainings; checks; validity (采用标准有效性确认);
tree_templates (template install and 2009 -> 2023 migration);
daily (beat job)."""

from .acknowledgements import acknowledgement_confirm, acknowledgements_request
from .change_requests import change_request_accept, change_request_create, change_request_decline
from .checks import implementation_check_link_nonconformity, implementation_check_record
from .consultations import comment_dispose, comment_submit, consultation_close, consultation_open
from .daily import lifecycle_daily
from .editions import (
    edition_create,
    edition_moves_for,
    edition_publish,
    edition_set_document,
    edition_transition,
    edition_withdraw,
)
from .reviews import periodic_review_record, review_reminders_send
from .standards import standard_create, standard_refresh_status, standard_update
from .training_plans import external_training_record, training_plan_create, training_plan_item_add
from .trainings import training_attendance_record, training_session_create
from .tree import node_create, node_retire, node_update
from .tree_templates import tree_migrate, tree_migration_preview, tree_template_current, tree_template_install
from .validity import (
    adopted_standard_replace,
    adopted_standard_withdraw,
    adopted_status_set,
    validity_confirmation_record,
)
from .workflow import (
    edition_approve,
    edition_return,
    edition_review_sign,
    edition_revision_start,
    edition_submit,
    editions_publish_due,
    next_edition_number,
)

__all__ = [
    "tree_migrate", "tree_migration_preview", "tree_template_current", "tree_template_install",
    "adopted_standard_replace", "adopted_standard_withdraw", "adopted_status_set", "validity_confirmation_record",
    "acknowledgement_confirm", "acknowledgements_request", "change_request_accept",
    "change_request_create", "change_request_decline", "comment_dispose", "comment_submit", "consultation_close",
    "consultation_open", "edition_approve", "edition_create", "edition_moves_for", "edition_publish",
    "edition_return", "edition_review_sign", "edition_revision_start", "edition_set_document", "edition_submit",
    "edition_transition", "edition_withdraw", "editions_publish_due", "implementation_check_link_nonconformity",
    "implementation_check_record", "lifecycle_daily", "next_edition_number", "node_create", "node_retire",
    "node_update", "periodic_review_record", "review_reminders_send", "standard_create",
    "standard_refresh_status", "standard_update", "training_attendance_record", "training_session_create",
    "external_training_record", "training_plan_create", "training_plan_item_add",
]
