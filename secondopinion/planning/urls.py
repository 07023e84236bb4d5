from django.urls import path

from secondopinion.planning import views

app_name = "planning"

urlpatterns = [
    # The organisation's turnaround, for its coordinators: the table, and the same figures as CSV.
    path("doorlooptijden/", views.turnaround, name="turnaround"),
    path("doorlooptijden.csv", views.turnaround_csv, name="turnaround-csv"),
]
