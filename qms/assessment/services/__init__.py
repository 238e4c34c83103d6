"""Writes for scoring templates, self-assessments and document templates.

templates.py (scoring templates) <- assessments.py (self-assessments) <- narratives.py (the report and
summary texts); doc_templates.py stands alone."""

from .assessments import (
    assessment_create,
    assessment_revise,
    assessment_submit,
    assessment_update,
    evidence_file_add,
    evidence_link_add,
    evidence_remove,
    score_set,
)
from .doc_templates import document_template_deactivate, document_template_upload
from .narratives import narrative_draft, narrative_draft_unfinished, narrative_save
from .templates import (
    TemplateImportPlan,
    item_delete,
    item_save,
    section_delete,
    section_save,
    template_create_from_data,
    template_import,
    template_import_preview,
    template_load_example,
    template_problems,
    template_require_consistent,
    template_update,
)

__all__ = [
    "TemplateImportPlan",
    "assessment_create", "assessment_revise", "assessment_submit", "assessment_update", "document_template_deactivate",
    "document_template_upload", "evidence_file_add", "evidence_link_add", "evidence_remove", "item_delete",
    "item_save", "narrative_draft", "narrative_draft_unfinished", "narrative_save", "score_set", "section_delete", "section_save", "template_create_from_data", "template_import", "template_import_preview",
    "template_load_example", "template_problems", "template_require_consistent", "template_update",
]
