from django.utils import timezone
from django.views.generic import ListView

from .models import Notification


class NotificationListView(ListView):
    template_name = "core/notification_list.html"
    paginate_by = 50

    def get_queryset(self):
        return Notification.objects.filter(recipient=self.request.user)

    def get(self, request, *args, **kwargs):
        response = super().get(request, *args, **kwargs)
        Notification.objects.filter(recipient=request.user, read_at=None).update(read_at=timezone.now())
        return response
