from django.views.generic import TemplateView

from ..dashboard import dashboard_context


class DashboardView(TemplateView):
    """The first page after login: figures against targets, each linking to its records."""

    template_name = "assessment/dashboard.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(**dashboard_context(), **kwargs)

