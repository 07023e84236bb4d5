"""What an appointment e-mail says: that there is news and a link to log in, never the time, the place or
anything about the care (notifications/messages.py explains why). Registered with the other notices
when the app is ready (apps.py), so the outbox and its delivery task know these kinds."""

from secondopinion.core.text import Text
from secondopinion.notifications.messages import Notice

APPOINTMENT_NOTICES: dict[str, Notice] = {
    "appointment_booked": Notice(
        Text("Afspraak gemaakt ({reference})", "Appointment made ({reference})"),
        Text(
            "Er is een afspraak gemaakt bij second opinion {reference}. U ziet de tijd en de plaats "
            "als u inlogt.",
            "An appointment has been made in second opinion {reference}. Log in to see the time and place.",
        ),
    ),
    "appointment_moved": Notice(
        Text("Afspraak verzet ({reference})", "Appointment moved ({reference})"),
        Text(
            "De afspraak bij second opinion {reference} is verzet naar een andere tijd.",
            "The appointment in second opinion {reference} has been moved to another time.",
        ),
    ),
    "appointment_cancelled": Notice(
        Text("Afspraak geannuleerd ({reference})", "Appointment cancelled ({reference})"),
        Text(
            "De afspraak bij second opinion {reference} is geannuleerd.",
            "The appointment in second opinion {reference} has been cancelled.",
        ),
    ),
    "appointment_reminder": Notice(
        Text(
            "Herinnering: morgen uw afspraak ({reference})",
            "Reminder: your appointment tomorrow ({reference})",
        ),
        Text(
            "Morgen heeft u een afspraak bij second opinion {reference}. Log in om de tijd en de plaats "
            "te zien, of om de afspraak te verzetten als dat nog kan.",
            "Tomorrow you have an appointment in second opinion {reference}. Log in to see the time and "
            "place, or to move the appointment if that is still possible.",
        ),
    ),
}
