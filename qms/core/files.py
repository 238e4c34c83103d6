"""Serving stored files only through views that have checked the user's access."""

from pathlib import PurePosixPath

from django.http import FileResponse, Http404


def protected_file_response(field_file, *, filename: str | None = None, inline: bool = False):
    if not field_file:
        raise Http404
    try:
        handle = field_file.open("rb")
    except FileNotFoundError as exc:
        raise Http404 from exc
    name = filename or PurePosixPath(field_file.name).name
    return FileResponse(handle, as_attachment=not inline, filename=name)
