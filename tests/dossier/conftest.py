import pytest


@pytest.fixture(autouse=True)
def _bound_pdf_only_where_asked(request, settings):
    """The bound PDF needs LibreOffice (slow): only tests marked `libreoffice` build it."""
    settings.DOSSIER_BOUND_PDF = request.node.get_closest_marker("libreoffice") is not None
