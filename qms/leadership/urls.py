from django.urls import path

from . import views

urlpatterns = [
    path("", views.HomeView.as_view(), name="leadership-home"),
    path("bodies/new/", views.BodyFormView.as_view(), name="leadership-body-create"),
    path("bodies/<int:pk>/edit/", views.BodyFormView.as_view(), name="leadership-body-edit"),
    path("bodies/<int:pk>/members/add/", views.MemberAddView.as_view(), name="leadership-member-add"),
    path("members/<int:pk>/leave/", views.MemberLeaveView.as_view(), name="leadership-member-leave"),
    path("meetings/new/", views.MeetingCreateView.as_view(), name="leadership-meeting-create"),
    path("meetings/<int:pk>/", views.MeetingDetailView.as_view(), name="leadership-meeting-detail"),
    path("meetings/<int:pk>/decisions/add/", views.DecisionAddView.as_view(), name="leadership-decision-add"),
    path("decisions/<int:pk>/complete/", views.DecisionCompleteView.as_view(), name="leadership-decision-complete"),
    path("decisions/<int:pk>/verify/", views.DecisionVerifyView.as_view(), name="leadership-decision-verify"),
    path("plans/new/", views.PlanFormView.as_view(), name="leadership-plan-create"),
    path("plans/<int:pk>/", views.PlanDetailView.as_view(), name="leadership-plan-detail"),
    path("plans/<int:pk>/edit/", views.PlanFormView.as_view(), name="leadership-plan-edit"),
    path("plans/<int:pk>/tasks/add/", views.TaskAddView.as_view(), name="leadership-task-add"),
    path("plans/<int:pk>/targets/add/", views.TargetAddView.as_view(), name="leadership-target-add"),
    path("plans/<int:pk>/plan.docx", views.PlanDocxView.as_view(), name="leadership-plan-docx"),
    path("tasks/<int:pk>/status/", views.TaskStatusView.as_view(), name="leadership-task-status"),
    path("targets/<int:pk>/remove/", views.TargetRemoveView.as_view(), name="leadership-target-remove"),
]
