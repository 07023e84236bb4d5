"""A patient's complaint about how her second opinion went (R28), for the tests that need one on a
case: the authorisation matrix gives the complaints officer one where it acts on a case, since the
officer sees a case only while a complaint about it exists."""

import datetime as dt

from django.utils import timezone

COMPLAINT = {"text": "Niemand legde uit wat het zou kosten."}


def _complaint(case) -> int:
    from secondopinion.aftercare.models import Complaint
    from secondopinion.directory.complaint_scheme import complaint_organisation

    today = timezone.localdate()
    return Complaint.objects.create(
        case=case,
        organisation=complaint_organisation(case),
        filed_by=case.patient.user,
        filed_role="patient",
        text=COMPLAINT["text"],
        acknowledge_by=today + dt.timedelta(days=7),
        decide_by=today + dt.timedelta(weeks=6),
    ).pk
