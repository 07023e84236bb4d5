from django.urls import path

from secondopinion.notifications import views

app_name = "notifications"

urlpatterns = [
    path("meldingen/", views.alert_list, name="list"),
    path("meldingen/gelezen/", views.alerts_read_all, name="read-all"),
    path("meldingen/<int:alert_id>/gelezen/", views.alert_read, name="read"),
    path("meldingen/instellingen/", views.preferences, name="preferences"),
]
