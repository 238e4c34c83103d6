"""Admin for administrators: reads freely; writes go through the same services as the UI."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import Complaint, ManagementReview, Rating, Scorecard, ScoreCriterion, Survey


class ReadOnlyAdmin(SimpleHistoryAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Rating)
class RatingAdmin(admin.ModelAdmin):
    list_display = ["case_number", "rated_on", "department", "item_name", "grade", "source"]
    list_filter = ["grade", "source", "department"]
    search_fields = ["case_number", "item_name", "staff_name"]

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Complaint)
class ComplaintAdmin(ReadOnlyAdmin):
    """Complaints hold complainants' names and phone numbers, which the complaint pages show or
    mask per role (`can_see_complainant`). The admin cannot mask its change and history pages,
    so only a superuser (who sees them unmasked on the pages too) finds complaints here."""

    list_display = ["number", "received_on", "department", "status", "due_on", "substantiated"]
    list_filter = ["status", "channel", "substantiated"]
    search_fields = ["number"]

    def has_view_permission(self, request, obj=None):
        return request.user.is_superuser


@admin.register(Survey)
class SurveyAdmin(ReadOnlyAdmin):
    list_display = ["title", "starts_on", "ends_on", "status"]


@admin.register(Scorecard)
class ScorecardAdmin(ReadOnlyAdmin):
    list_display = ["month", "department", "total", "rank", "red_flag", "status"]
    list_filter = ["month", "status"]


@admin.register(ScoreCriterion)
class ScoreCriterionAdmin(ReadOnlyAdmin):
    list_display = ["name", "source", "weight", "deduction", "is_active"]


@admin.register(ManagementReview)
class ManagementReviewAdmin(ReadOnlyAdmin):
    list_display = ["number", "title", "planned_on", "held_on", "status"]
