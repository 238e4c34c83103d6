"""Helpers the audits views share."""

from django.core.exceptions import PermissionDenied

from qms.core.errors import ApplicationError, PermissionRefused
from qms.core.viewmixins import file_download, form_refusal

DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


file_response = file_download  # one helper for every app: qms.core.viewmixins.file_download


def refuse(form, error: ApplicationError):
    """A role refusal is a 403; any other refusal is shown on the form."""
    if isinstance(error, PermissionRefused):
        raise PermissionDenied(error.message)
    form_refusal(form, error)
