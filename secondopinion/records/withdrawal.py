"""A withdrawn or closed second opinion asks the own practitioner for nothing more (R18: the purpose the
patient consented to is gone or fulfilled; seed 000, "na toestemming van de patiënt!"). Its open data
requests close: expired, the upload link closed, each closure logged; the own practitioner can no longer
send her records into the ended case, and no reminder goes out. The giver hears of the step itself
(case_status_notify), not the records notice, which would say the consent was revoked; the patient is
not told her records did not come, for nothing waits for them any more."""

from django.utils import timezone

from secondopinion.accounts.models import User
from secondopinion.audit.services import access_record
from secondopinion.cases.models import SecondOpinionCase
from secondopinion.records.data_requests import _close
from secondopinion.records.models import DataRequest


def data_requests_close_with_case(
    *, case: SecondOpinionCase, actor: User, role: str, source: str
) -> list[DataRequest]:
    """Called by case_transition, on a withdrawal or the closure, inside its transaction, which has
    locked the case first."""
    now = timezone.now()
    closing = list(
        DataRequest.objects.select_for_update(of=("self",))
        .select_related("case__patient", "requested_by", "consent")
        .filter(case=case, state=DataRequest.State.REQUESTED)
        .order_by("pk")
    )
    for request in closing:
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
    return closing
