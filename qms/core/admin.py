"""Admin for administrators: reads freely; the office edits holidays through the calendar page."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import Holiday


@admin.register(Holiday)
class HolidayAdmin(SimpleHistoryAdmin):
    list_display = ["date", "name", "kind"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
