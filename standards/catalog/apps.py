from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

_MODELS = ("serviceitem", "legalbasis", "material", "procedurestep", "fee", "post", "facility")
_EDIT = [f"catalog.{verb}_{model}" for model in _MODELS for verb in ("add", "change", "delete")]
_VIEW = [f"catalog.view_{model}" for model in _MODELS]


class CatalogConfig(AppConfig):
    """Service items (事项) with their procedure standards, posts (岗位), facilities, coverage."""

    name = "standards.catalog"
    label = "catalog"
    verbose_name = _("事项与岗位")
    role_permissions = {
        "office": _EDIT + _VIEW,
        "auditor": _VIEW,
        "manager": _VIEW,
        "head": _VIEW,
        "admin": _VIEW,
    }

    def ready(self):
        from . import figures

        figures.register()
