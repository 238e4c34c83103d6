"""Who may do what with dossiers: the office and management build them (as they edit the
self-assessment); whoever may read the self-assessment may read them."""

from qms.assessment.permissions import can_edit_assessment


def can_build_dossier(user) -> bool:
    return can_edit_assessment(user)
