from django.urls import path

from secondopinion.aftercare import views

app_name = "aftercare"

urlpatterns = [
    path("cases/<int:case_id>/messages/", views.message_send, name="message-send"),
    path("cases/<int:case_id>/evaluation/", views.evaluation, name="evaluation"),
    path("cases/<int:case_id>/complaint/", views.complaint_file, name="complaint-file"),
    path("complaints/", views.complaint_list, name="complaints"),
    path("complaints/<int:complaint_id>/", views.complaint_detail, name="complaint"),
    path("complaints/<int:complaint_id>/decision/", views.complaint_decide, name="complaint-decide"),
]
