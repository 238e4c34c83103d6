from django.views.generic import TemplateView

from ..dashboard import dashboard_context, reviews_due


class DashboardView(TemplateView):
    """The first page after login: figures against targets, each linking to its records."""

    template_name = "assessment/dashboard.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(**dashboard_context(), **kwargs)


class ReviewsDueView(TemplateView):
    template_name = "assessment/reviews_due.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(reviews=reviews_due(), definition=reviews_due.__doc__, **kwargs)
