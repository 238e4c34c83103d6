"""Writes for audits. common <- auditors (the register, audit points, the audit-team rule)
<- programmes <- nonconformities <- corrective_actions <- escalation <- audits (audits and checklists; a 不符合 result raises a nonconformity). Each module may import
only the ones before it.
`nonconformity_raise` is the entry point other apps (complaints, implementation checks) call."""

from .auditors import (
    audit_point_add,
    audit_point_update,
    audit_team_refusal,
    qualification_add,
    qualification_update,
)
from .audits import (
    audit_cancel,
    audit_complete,
    audit_copy_from,
    audit_create,
    audit_start,
    audit_update,
    checklist_generate,
    checklist_item_add,
    checklist_item_delete,
    checklist_item_record,
    checklist_item_update,
    checklist_items_add,
)
from .common import attachment_add
from .corrective_actions import (
    corrective_action_accept,
    corrective_action_judge_effectiveness,
    corrective_action_propose,
    corrective_action_report_done,
    corrective_action_return,
    corrective_action_transition,
    corrective_action_verify,
)
from .escalation import corrective_actions_escalate
from .from_checks import nonconformity_raise_from_check
from .improvements import improvement_complete, improvement_create
from .nonconformities import (
    nonconformity_acknowledge,
    nonconformity_raise,
    nonconformity_reopen,
    nonconformity_update,
)
from .programmes import programme_create, programme_update

__all__ = [
    "audit_point_add", "audit_point_update", "audit_team_refusal", "qualification_add", "qualification_update",
    "attachment_add", "audit_cancel", "audit_complete", "audit_copy_from",
    "audit_create", "audit_start", "audit_update", "checklist_generate", "checklist_item_add",
    "checklist_item_delete", "checklist_item_record", "checklist_item_update", "checklist_items_add",
    "corrective_action_accept",
    "corrective_action_judge_effectiveness", "corrective_action_propose", "corrective_action_report_done",
    "corrective_action_return", "corrective_action_transition", "corrective_action_verify",
    "corrective_actions_escalate", "improvement_complete", "improvement_create", "nonconformity_acknowledge", "nonconformity_raise", "nonconformity_raise_from_check", "nonconformity_reopen",
    "nonconformity_update", "programme_create", "programme_update",
]
