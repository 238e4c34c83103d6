"""The narratives, section by section: draft one section (or every unfinished one) from the
records, and save a section the office wrote. Each save is a history row of the assessment
with its reason, which the section page shows as that section's history."""

import datetime as dt

from django.db import transaction
from django.utils import timezone

from qms.core.history import save_with_reason

from ..models import Assessment
from ..narrative_records import narrative_records
from ..narratives import narrative_section, narratives_unfinished
from .assessments import _require_draft
from .templates import require_editor


def _locked(assessment: Assessment) -> Assessment:
    assessment = Assessment.objects.select_for_update().select_related("template").get(pk=assessment.pk)
    _require_draft(assessment)
    return assessment


@transaction.atomic
def narrative_draft(*, actor, assessment: Assessment, key: str, as_of: dt.date | None = None) -> Assessment:
    """Replace one section with the draft composed from the records (the old text stays in history)."""
    require_editor(actor)
    section = narrative_section(key)
    assessment = _locked(assessment)
    records = narrative_records(assessment=assessment, as_of=as_of or timezone.localdate())
    setattr(assessment, key, section.compose(records))
    return save_with_reason(assessment, actor=actor, reason=f"依据记录起草：{section.title}")


@transaction.atomic
def narrative_draft_unfinished(*, actor, assessment: Assessment, as_of: dt.date | None = None) -> list[str]:
    """Draft every section that is empty or holds a placeholder; the titles drafted."""
    require_editor(actor)
    assessment = _locked(assessment)
    sections = narratives_unfinished(assessment)
    if not sections:
        return []
    records = narrative_records(assessment=assessment, as_of=as_of or timezone.localdate())
    for section in sections:
        setattr(assessment, section.key, section.compose(records))
    titles = [section.title for section in sections]
    save_with_reason(assessment, actor=actor, reason="依据记录起草：" + "、".join(titles))
    return titles


@transaction.atomic
def narrative_save(*, actor, assessment: Assessment, key: str, text: str) -> Assessment:
    require_editor(actor)
    section = narrative_section(key)
    assessment = _locked(assessment)
    setattr(assessment, key, text.strip())
    return save_with_reason(assessment, actor=actor, reason=f"编辑：{section.title}")
