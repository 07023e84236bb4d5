"""Consult slots offered by the practice, booked, moved or cancelled by the patient, with iCalendar invitations."""
