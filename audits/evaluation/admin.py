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
    list_display = ["number", "received_on", "department", "status", "due_on", "substantiated"]
    list_filter = ["status", "channel", "substantiated"]
    # Personal data is not listed here: the complaint pages mask it per role.
    search_fields = ["number"]


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
