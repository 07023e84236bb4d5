from django.apps import AppConfig


class AppointmentsConfig(AppConfig):
    name = "secondopinion.appointments"
    label = "appointments"

    def ready(self) -> None:
        # The outbox (notifications.services.notification_queue) and its delivery task compose from
        # one table of notices; the appointment notices join it here, in every process that loads apps.
        from secondopinion.appointments.notices import APPOINTMENT_NOTICES
        from secondopinion.notifications.messages import NOTICES

        for kind, notice in APPOINTMENT_NOTICES.items():
            NOTICES.setdefault(kind, notice)
