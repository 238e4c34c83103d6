"""An import file waiting between its preview and its confirmation.

Only a file that passed `uploads.upload_check` is staged; a session holds at most one staged file
per importer (staging another, or finishing, deletes the previous one), under a random name
known only to that session. So refused and abandoned uploads do not pile up on disk."""

import uuid

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage


def stage_keep(request, key: str, *, data: bytes, filename: str) -> str:
    """Store `data` for this session's importer `key` and return its token."""
    stage_drop(request, key)
    token = uuid.uuid4().hex
    path = default_storage.save(f"imports/{key}/{token}.xlsx", ContentFile(data))
    request.session[key] = {"token": token, "path": path, "filename": filename}
    return token


def stage_get(request, key: str, token: str | None) -> dict | None:
    """The staged file's record ({token, path, filename}) if `token` names it, else None."""
    kept = request.session.get(key)
    if not kept or not token or kept.get("token") != token:
        return None
    return kept


def stage_read(kept: dict) -> bytes:
    with default_storage.open(kept["path"], "rb") as handle:
        return handle.read()


def stage_drop(request, key: str) -> None:
    kept = request.session.pop(key, None)
    if kept and kept.get("path"):
        default_storage.delete(kept["path"])
