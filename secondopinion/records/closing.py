"""Open records requests that close because what they rest on is gone (R18): the consent was revoked,
or the second opinion was withdrawn or closed (seed 000, "na toestemming van de patiënt!"). Each closes
unanswered: expired, its upload link opening nothing, no reminder after it, each closure logged; the
own practitioner can no longer send the records in.

Who is told differs. A revoked consent: the giver who asked hears it, and the patient is not told her
records failed to come (she revoked). A withdrawn or closed case: the giver hears of the step itself
(case_status_notify), not the records notice, which would say a consent was revoked; nothing waits
for the records any more."""

import datetime as dt

from django.db.models import Q
from django.utils import timezone

from secondopinion.accounts.models import User
from secondopinion.audit.services import access_record
from secondopinion.cases.models import SecondOpinionCase
from secondopinion.consent.models import Consent
from secondopinion.records.data_requests import _close, _close_unanswered
from secondopinion.records.models import DataRequest


def data_requests_close_for_revocation(
    *, consent: Consent, actor: User, role: str, source: str
) -> list[DataRequest]:
    """Called by consent_revoke inside its transaction, which has locked the case first (the order
    every writer of a case keeps) and saved the revocation."""
    now = consent.revoked_at or timezone.now()
    return _close_open(Q(consent=consent), now, actor=actor, role=role, source=source, tell_giver=True)


def data_requests_close_with_case(
    *, case: SecondOpinionCase, actor: User, role: str, source: str
) -> list[DataRequest]:
    """Called by case_transition, on a withdrawal or the closure, inside its transaction, which has
    locked the case first."""
    return _close_open(Q(case=case), timezone.now(), actor=actor, role=role, source=source, tell_giver=False)


def _close_open(
    where: Q, now: dt.datetime, *, actor: User, role: str, source: str, tell_giver: bool
) -> list[DataRequest]:
    requests = list(
        DataRequest.objects.select_for_update(of=("self",))
        .select_related("case__patient", "requested_by", "consent")
        .filter(where, state=DataRequest.State.REQUESTED)
        .order_by("pk")
    )
    for request in requests:
        if tell_giver:
            _close_unanswered(request, now, withdrawn=True)
        else:
            _close(request, DataRequest.State.EXPIRED, now)
        access_record(
            actor=actor,
            action="update",
            data="records_request",
            source=source,
            role=role,
            basis=role,
            case=request.case,
        )
    return requests
