from django.urls import path

from .views import audits, cycles, feedback, governance, meetings, reviews, tracker

app_name = "audits"
urlpatterns = [
    path("", audits.audit_list, name="list"),
    path("new/", audits.audit_new, name="new"),
    path("<int:pk>/", audits.audit_detail, name="detail"),
    path("<int:pk>/edit/", audits.audit_edit, name="edit"),
    path("<int:pk>/report/", audits.audit_report, name="report"),
    path("<int:pk>/paper-form/", audits.paper_form, name="paper_form"),
    path("<int:pk>/criteria/new/", audits.criterion_new, name="criterion_new"),
    path("<int:pk>/criteria/<int:criterion_pk>/", audits.criterion_edit, name="criterion_edit"),
    path("<int:pk>/cycles/new/", cycles.cycle_new, name="cycle_new"),
    path("<int:pk>/cycles/<int:cycle_pk>/", cycles.cycle_detail, name="cycle"),
    path("<int:pk>/cycles/<int:cycle_pk>/cases/new/", cycles.case_new, name="case_new"),
    path(
        "<int:pk>/cycles/<int:cycle_pk>/cases/<int:case_pk>/delete/",
        cycles.case_delete,
        name="case_delete",
    ),
    path("<int:pk>/cycles/<int:cycle_pk>/import/", cycles.cycle_import, name="cycle_import"),
    path("<int:pk>/cycles/<int:cycle_pk>/export/", cycles.cycle_export, name="cycle_export"),
    path("actions/", tracker.action_list, name="actions"),
    path("actions/new/", tracker.action_new, name="action_new"),
    path("actions/<int:action_pk>/", tracker.action_edit, name="action_edit"),
    path("actions/<int:action_pk>/status/", tracker.action_status, name="action_status"),
    path("reviews/", reviews.review_list, name="reviews"),
    path("reviews/new/", reviews.review_new, name="review_new"),
    path("reviews/<int:review_pk>/", reviews.review_detail, name="review"),
    path("meetings/new/", meetings.meeting_new, name="meeting_new"),
    path("meetings/<int:meeting_pk>/", meetings.meeting_detail, name="meeting"),
    path("my-feedback/", feedback.my_feedback, name="my_feedback"),
    path(
        "clinicians/<int:user_id>/feedback/",
        feedback.clinician_feedback_page,
        name="clinician_feedback",
    ),
    path("feedback/new/", feedback.feedback_new, name="feedback_new"),
    path("programme/<int:org_pk>/", governance.programme, name="programme"),
    path("governance/<int:org_pk>/", governance.governance, name="governance"),
]
