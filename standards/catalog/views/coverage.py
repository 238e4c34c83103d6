from django.views.generic import TemplateView

from qms.org.models import Department

from .. import selectors
from ..permissions import can_edit_catalog, can_publish_procedures


class CoverageView(TemplateView):
    """标准覆盖率 per department and overall (definition: selectors.standard_coverage)."""

    template_name = "catalog/coverage.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(coverage=selectors.standard_coverage(),
                                        definition=selectors.standard_coverage.__doc__, **kwargs)


class BlindSpotView(TemplateView):
    """标准盲点: everything not covered, each with one click to start the missing standard."""

    template_name = "catalog/blind_spots.html"

    def get_context_data(self, **kwargs):
        department = Department.objects.filter(pk=self.request.GET.get("department") or None).first()
        return super().get_context_data(
            spots=selectors.standard_blind_spots(department=department), department=department,
            departments=Department.objects.filter(is_active=True),
            can_generate=can_publish_procedures(self.request.user),
            can_start=can_edit_catalog(self.request.user), **kwargs)
