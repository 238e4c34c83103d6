"""Reads. standards: tree, lists, history; people: who is asked; figures: 实施率, 检查覆盖面,
参训率 and the acknowledgement rate (defined once); lifecycle: what is due and document contexts."""

from .figures import (
    Rate,
    acknowledgement_rate,
    acknowledgement_rates_by,
    check_coverage,
    implementation_rate,
    participation_by_standard,
    participation_rate,
    session_participation,
    standards_needing_checks,
)
from .lifecycle import (
    ReviewDue,
    acknowledgements_owed,
    add_years,
    checks_for_user,
    checks_needing_nonconformity,
    consultation_summary_context,
    publication_notice_context,
    reviews_due,
)
from .people import approvers_for, department_users, reviewers_for, users_with_role
from .references import (
    ReferenceProblem,
    reference_problems,
    standard_references,
    standards_citing_old_editions,
)
from .standards import (
    StandardStatus,
    TreeNode,
    edition_history_for_standard,
    edition_text_diff,
    history_diff,
    node_subtree_ids,
    standard_detail,
    standard_history,
    standard_list_for_user,
    standard_search,
    tree_counts_by_status,
    tree_with_counts,
)
from .validity import (
    AdoptedRow,
    adopted_flagged,
    adopted_in_force,
    adopted_unconfirmed,
    adopted_validity_summary,
    standard_validity,
    validity_confirmations,
)

__all__ = [
    "ReferenceProblem", "reference_problems", "standard_references", "standards_citing_old_editions",
    "AdoptedRow", "adopted_flagged", "adopted_in_force", "adopted_unconfirmed", "adopted_validity_summary", "standard_validity",
    "validity_confirmations",
    "Rate", "ReviewDue", "StandardStatus", "TreeNode", "acknowledgement_rate", "acknowledgement_rates_by",
    "acknowledgements_owed", "add_years", "approvers_for", "checks_for_user", "checks_needing_nonconformity",
    "check_coverage", "consultation_summary_context", "department_users", "edition_history_for_standard", "edition_text_diff",
    "history_diff", "implementation_rate", "node_subtree_ids", "participation_by_standard",
    "participation_rate", "publication_notice_context", "reviewers_for", "reviews_due", "session_participation", "standards_needing_checks",
    "standard_detail", "standard_history", "standard_list_for_user", "standard_search", "tree_counts_by_status",
    "tree_with_counts", "users_with_role",
]
