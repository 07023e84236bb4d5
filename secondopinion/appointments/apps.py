from django.apps import AppConfig


class AppointmentsConfig(AppConfig):
    name = "secondopinion.appointments"
    label = "appointments"
