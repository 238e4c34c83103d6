"""Case writes. Submodules: importing (the case export, all or nothing), matching (names to
departments and catalogue items). They import models and permissions of this package, never views."""

from .importing import ImportReport, cases_import, cases_import_preview

__all__ = ["ImportReport", "cases_import", "cases_import_preview"]
