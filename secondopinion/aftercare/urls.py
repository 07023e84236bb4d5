from django.urls import path

from secondopinion.aftercare import complaint_views, outcome_views, views

app_name = "aftercare"

urlpatterns = [
    path("cases/<int:case_id>/messages/", views.message_send, name="message-send"),
    path("cases/<int:case_id>/evaluation/", views.evaluation, name="evaluation"),
    path("cases/<int:case_id>/complaint/", views.complaint_file, name="complaint-file"),
    path("cases/<int:case_id>/outcome/", outcome_views.outcome_record, name="outcome-record"),
    path("complaints/", complaint_views.complaint_list, name="complaints"),
    path("complaints/<int:complaint_id>/", complaint_views.complaint_detail, name="complaint"),
    path(
        "complaints/<int:complaint_id>/acknowledgement/",
        complaint_views.complaint_acknowledge,
        name="complaint-acknowledge",
    ),
    path(
        "complaints/<int:complaint_id>/handling/", complaint_views.complaint_handle, name="complaint-handle"
    ),
    path(
        "complaints/<int:complaint_id>/extension/", complaint_views.complaint_extend, name="complaint-extend"
    ),
    path(
        "complaints/<int:complaint_id>/decision/", complaint_views.complaint_decide, name="complaint-decide"
    ),
    path(
        "complaints/<int:complaint_id>/letter.pdf", complaint_views.complaint_letter, name="complaint-letter"
    ),
    path("outcomes/", outcome_views.outcome_page, name="outcomes"),
    path("outcomes.csv", outcome_views.outcome_csv, name="outcomes-csv"),
]
