from django.views.generic import TemplateView

from qms.core.todo import todos_for

from ..dashboard import dashboard_context, my_figures


class HomeView(TemplateView):
    """Everyone's first page: 我的待办 (what this person must do, the earliest due first), then the
    figures they answer for; the centre-wide dashboard is one click away."""

    template_name = "assessment/home.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(todos=todos_for(self.request.user), **my_figures(self.request.user),
                                        **kwargs)


class DashboardView(TemplateView):
    """The centre-wide dashboard: figures against targets, each linking to its records."""

    template_name = "assessment/dashboard.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(**dashboard_context(), **kwargs)

