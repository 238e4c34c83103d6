"""Admin for administrators: reads freely; writes go through the same services as the UI."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import Edition, Standard, SystemNode


@admin.register(SystemNode)
class SystemNodeAdmin(SimpleHistoryAdmin):
    list_display = ["code", "name", "parent", "order", "is_active"]
    list_filter = ["is_active"]
    search_fields = ["code", "name"]


class EditionInline(admin.TabularInline):
    model = Edition
    fields = ["seq", "number", "status", "published_on", "effective_on"]
    readonly_fields = fields
    extra = 0
    can_delete = False


@admin.register(Standard)
class StandardAdmin(SimpleHistoryAdmin):
    list_display = ["code", "number", "name", "node", "level", "origin", "status"]
    list_filter = ["status", "level", "origin", "node"]
    search_fields = ["code", "number", "name"]
    readonly_fields = ["status", "number", "version"]
    inlines = [EditionInline]


@admin.register(Edition)
class EditionAdmin(SimpleHistoryAdmin):
    list_display = ["number", "standard", "seq", "status", "effective_on"]
    list_filter = ["status"]
    search_fields = ["number", "standard__name"]
    readonly_fields = ["status", "document_sha256"]
