"""An office's own .docx templates for the fixed-layout documents (its province's wording and
letterhead). An upload is accepted only if it renders with sample data."""

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from qms.core.errors import ApplicationError
from qms.core.history import save_with_reason
from qms.core.uploads import upload_check

from ..documents.fixed import render_fixed
from ..documents.limits import TemplateLimitExceeded
from ..models import DocumentTemplate
from .templates import require_editor


def sample_context() -> dict:
    from ..selectors import documents_context

    context = documents_context(None, as_of=timezone.localdate())
    context["entries"] = [{"seq": 1, "title": "示例材料", "filename": "01_示例.docx", "note": ""}]
    return context


@transaction.atomic
def document_template_upload(*, actor, kind: str, upload) -> DocumentTemplate:
    require_editor(actor)
    if kind not in DocumentTemplate.Kind.values:
        raise ApplicationError("未知的文档类型。", field="kind")
    checked = upload_check(upload, allowed={"docx"})
    try:
        render_fixed(checked.data, sample_context())
    except TemplateLimitExceeded as exc:
        raise ApplicationError(exc.message, field="upload") from exc
    except Exception as exc:  # any template error (syntax, unknown tag) refuses the upload
        raise ApplicationError(f"模板无法生成文档，请检查其中的 {{{{ }}}} 和 {{% %}} 标记：{exc}", field="upload") from exc
    template = DocumentTemplate(kind=kind, name=(getattr(upload, "name", "") or f"{kind}.docx")[:200],
                                sha256=checked.sha256, uploaded_by=actor)
    template.file.save(f"{kind}-{checked.sha256[:16]}.docx", ContentFile(checked.data), save=False)
    _deactivate(actor, kind, reason="由新上传的模板代替")
    return save_with_reason(template, actor=actor, reason="上传文档模板")


@transaction.atomic
def document_template_deactivate(*, actor, kind: str) -> int:
    """Go back to the shipped template of `kind`."""
    require_editor(actor)
    return _deactivate(actor, kind, reason="恢复默认模板")


def _deactivate(actor, kind: str, *, reason: str) -> int:
    count = 0
    for template in DocumentTemplate.objects.filter(kind=kind, is_active=True):
        template.is_active = False
        save_with_reason(template, actor=actor, reason=reason)
        count += 1
    return count
