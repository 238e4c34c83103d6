"""Helpers the audits views share."""

from django.core.exceptions import PermissionDenied
from django.http import HttpResponse

from qms.core.errors import ApplicationError, PermissionRefused
from qms.core.viewmixins import form_refusal

DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def file_response(data: bytes, filename: str, content_type: str) -> HttpResponse:
    from django.utils.http import content_disposition_header

    response = HttpResponse(data, content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(True, filename)
    return response


def refuse(form, error: ApplicationError):
    """A role refusal is a 403; any other refusal is shown on the form."""
    if isinstance(error, PermissionRefused):
        raise PermissionDenied(error.message)
    form_refusal(form, error)
