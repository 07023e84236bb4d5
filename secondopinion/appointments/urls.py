from django.urls import path

from secondopinion.appointments import views

app_name = "appointments"

urlpatterns = [
    path("cases/<int:case_id>/appointments/", views.case_appointments, name="case"),
    path("cases/<int:case_id>/appointments/slots/", views.slot_offer, name="slot-offer"),
    path("appointments/slots/<int:slot_id>/withdraw/", views.slot_withdraw, name="slot-withdraw"),
    path("appointments/slots/<int:slot_id>/book/", views.book, name="book"),
    path("appointments/<int:appointment_id>/move/", views.move, name="move"),
    path("appointments/<int:appointment_id>/cancel/", views.cancel, name="cancel"),
    path("appointments/<int:appointment_id>/outcome/", views.outcome, name="outcome"),
    path("appointments/<int:appointment_id>/calendar.ics", views.ics, name="ics"),
    path("agenda/", views.agenda, name="agenda"),
]
