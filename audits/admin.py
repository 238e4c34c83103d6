from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import Audit, AuditProgramme, CorrectiveAction, Nonconformity


@admin.register(AuditProgramme)
class AuditProgrammeAdmin(SimpleHistoryAdmin):
    list_display = ["year", "title"]


@admin.register(Audit)
class AuditAdmin(SimpleHistoryAdmin):
    list_display = ["number", "title", "status", "start_date", "lead_auditor"]
    list_filter = ["status"]
    search_fields = ["number", "title"]

    def has_add_permission(self, request):
        return False  # audits are created through the services (numbering, independence rule)


@admin.register(Nonconformity)
class NonconformityAdmin(SimpleHistoryAdmin):
    list_display = ["number", "department", "grade", "status", "raised_on"]
    list_filter = ["grade", "status", "source"]
    search_fields = ["number", "description"]
    readonly_fields = ["status", "closed_on"]

    def has_add_permission(self, request):
        return False


@admin.register(CorrectiveAction)
class CorrectiveActionAdmin(SimpleHistoryAdmin):
    list_display = ["nonconformity", "round", "status", "due_date"]
    list_filter = ["status"]
    readonly_fields = ["status"]

    def has_add_permission(self, request):
        return False
