"""Import files between preview and confirmation, and the import-batch record of each upload.

Every upload to an importer leaves one `ImportBatch` row (file name, hash, size, who, when, the
preview's plan, the errors, the outcome). Only a file that passed `uploads.upload_check` is
staged (kept on disk, the batch `waiting`); a session holds at most one waiting file per
importer: staging another abandons the previous one, and finishing a batch (imported, refused,
abandoned) deletes its file. So refused and abandoned uploads never pile up on disk."""

import hashlib
import uuid

from django.core.files.base import ContentFile
from django.utils import timezone

from .models import ImportBatch

Outcome = ImportBatch.Outcome


def _batch(request, importer: str, *, filename: str, data: bytes, outcome: str, **fields) -> ImportBatch:
    user = request.user if request.user.is_authenticated else None
    return ImportBatch(importer=importer, filename=(filename or "")[:200], sha256=hashlib.sha256(data).hexdigest(),
                       size=len(data), uploaded_by=user, outcome=outcome, **fields)


def import_refused(request, importer: str, *, filename: str, data: bytes, errors: list) -> ImportBatch:
    """Record an upload refused before staging (its file is not kept)."""
    stage_drop(request, importer)
    batch = _batch(request, importer, filename=filename, data=data, outcome=Outcome.REFUSED,
                   errors=[str(e) for e in errors], finished_at=timezone.now())
    batch.save()
    return batch


def stage_keep(request, importer: str, *, data: bytes, filename: str, plan: dict | None = None) -> str:
    """Keep `data` waiting for confirmation in this session; return the token naming it."""
    stage_drop(request, importer)
    batch = _batch(request, importer, filename=filename, data=data, outcome=Outcome.WAITING, plan=plan or {})
    batch.file.save(f"{importer}-{uuid.uuid4().hex}.xlsx", ContentFile(data), save=False)
    batch.save()
    token = uuid.uuid4().hex
    request.session[importer] = {"token": token, "batch": batch.pk}
    return token


def stage_get(request, importer: str, token: str | None) -> ImportBatch | None:
    """The waiting batch `token` names in this session, else None."""
    kept = request.session.get(importer)
    if not kept or not token or kept.get("token") != token:
        return None
    return ImportBatch.objects.filter(pk=kept.get("batch"), outcome=Outcome.WAITING).first()


def stage_read(batch: ImportBatch) -> bytes:
    with batch.file.open("rb") as handle:
        return handle.read()


def stage_note(batch: ImportBatch, *, plan: dict | None = None, errors: list | None = None) -> None:
    """Record a preview's plan or errors on a batch that stays waiting."""
    batch.plan = plan if plan is not None else batch.plan
    batch.errors = [str(e) for e in errors] if errors is not None else batch.errors
    batch.save(update_fields=["plan", "errors"])


def stage_finish(request, importer: str, *, outcome: str, plan: dict | None = None, errors: list | None = None):
    """Close this session's waiting batch with `outcome`, and delete its file."""
    kept = request.session.pop(importer, None) or {}
    batch = ImportBatch.objects.filter(pk=kept.get("batch"), outcome=Outcome.WAITING).first()
    if batch is None:
        return None
    if batch.file:
        batch.file.delete(save=False)
    if outcome == Outcome.ABANDONED and batch.errors:  # left after its preview refused it
        outcome = Outcome.REFUSED
    batch.outcome, batch.finished_at = outcome, timezone.now()
    stage_note(batch, plan=plan, errors=errors)
    batch.save(update_fields=["file", "outcome", "finished_at"])
    return batch


def stage_drop(request, importer: str) -> None:
    stage_finish(request, importer, outcome=Outcome.ABANDONED)
