from django.urls import path

from . import views

app_name = "audits"
urlpatterns = [
    path("", views.audit_list, name="list"),
    path("new/", views.audit_new, name="new"),
    path("<int:pk>/", views.audit_detail, name="detail"),
    path("<int:pk>/edit/", views.audit_edit, name="edit"),
    path("<int:pk>/report/", views.audit_report, name="report"),
    path("<int:pk>/paper-form/", views.paper_form, name="paper_form"),
    path("<int:pk>/criteria/new/", views.criterion_new, name="criterion_new"),
    path("<int:pk>/criteria/<int:criterion_pk>/", views.criterion_edit, name="criterion_edit"),
    path("<int:pk>/cycles/new/", views.cycle_new, name="cycle_new"),
    path("<int:pk>/cycles/<int:cycle_pk>/", views.cycle_detail, name="cycle"),
    path("<int:pk>/cycles/<int:cycle_pk>/cases/new/", views.case_new, name="case_new"),
    path(
        "<int:pk>/cycles/<int:cycle_pk>/cases/<int:case_pk>/delete/",
        views.case_delete,
        name="case_delete",
    ),
    path("<int:pk>/cycles/<int:cycle_pk>/import/", views.cycle_import, name="cycle_import"),
    path("<int:pk>/cycles/<int:cycle_pk>/export/", views.cycle_export, name="cycle_export"),
    path("actions/", views.action_list, name="actions"),
    path("actions/new/", views.action_new, name="action_new"),
    path("actions/<int:action_pk>/", views.action_edit, name="action_edit"),
    path("actions/<int:action_pk>/status/", views.action_status, name="action_status"),
    path("reviews/", views.review_list, name="reviews"),
    path("reviews/new/", views.review_new, name="review_new"),
    path("reviews/<int:review_pk>/", views.review_detail, name="review"),
    path("meetings/new/", views.meeting_new, name="meeting_new"),
    path("meetings/<int:meeting_pk>/", views.meeting_detail, name="meeting"),
    path("my-feedback/", views.my_feedback, name="my_feedback"),
    path(
        "clinicians/<int:user_id>/feedback/",
        views.clinician_feedback_page,
        name="clinician_feedback",
    ),
    path("feedback/new/", views.feedback_new, name="feedback_new"),
    path("programme/<int:org_pk>/", views.programme, name="programme"),
    path("governance/<int:org_pk>/", views.governance, name="governance"),
]
