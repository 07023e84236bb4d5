"""R14 (seeds 001, 002): agreed beforehand that the opinion is not put in writing, the patient hears the
advice in a conversation, and the written report is not sent to her side (access/policy.py
report_withheld_from_patient). She, or her representative, may still ask for it in writing: the
agreement then records when and who asked, and the final report is sent to her side as the ordinary
distribution sends it (R23), at once, or at finalisation when it is not final yet."""

from django.db import transaction
from django.utils import timezone

from secondopinion.access.doors import case_for
from secondopinion.access.permissions import Action
from secondopinion.access.policy import acting_for
from secondopinion.accounts.models import User
from secondopinion.audit.services import access_record
from secondopinion.cases.models import Agreements, SecondOpinionCase
from secondopinion.core.errors import TransitionNotAllowed
from secondopinion.core.text import Text
from secondopinion.distribution.models import Sending
from secondopinion.distribution.services import report_distribute
from secondopinion.protocols.lifecycle import Status
from secondopinion.reports.models import Report

RULE = "R14"
# A request that ended without an opinion has no report to send.
ENDED_WITHOUT_OPINION = (Status.REDIRECTED, Status.REFUSED, Status.WITHDRAWN)

NO_AGREEMENT = Text(
    "Er is nog niet afgesproken hoe u het advies krijgt.",
    "It has not been agreed yet how you receive the advice.",
)
ALREADY_WRITTEN = Text(
    "U krijgt het advies al schriftelijk.",
    "You already receive the advice in writing.",
)
ENDED = Text(
    "Deze aanvraag is beëindigd zonder advies; er komt geen rapport.",
    "This request ended without advice; there will be no report.",
)


@transaction.atomic
def report_written_request(*, actor: User, case_id: int, source: str) -> list[Sending]:
    """R14: the patient's side asks for the written report after all; recorded on the agreements and in
    the access log, and the final report sent to her side now (none yet while it is not final)."""
    case, role = case_for(actor, case_id, Action.REQUEST_WRITTEN_REPORT)
    agreements = Agreements.objects.select_for_update().filter(case=case).first()
    if agreements is None:
        raise TransitionNotAllowed(NO_AGREEMENT)
    if not agreements.withheld_from_patient:
        raise TransitionNotAllowed(ALREADY_WRITTEN)
    if case.status in ENDED_WITHOUT_OPINION:
        raise TransitionNotAllowed(ENDED)
    agreements.written_requested_at, agreements.written_requested_by = timezone.now(), actor
    agreements.save(update_fields=["written_requested_at", "written_requested_by"])
    access_record(
        actor=actor,
        action="update",
        data="agreements:written_report",
        source=source,
        role=role,
        basis=f"{RULE} {role}",
        case=case,
        on_behalf_of=acting_for(role, case),
    )
    if not Report.objects.filter(case_id=case.pk, state=Report.State.FINAL).exists():
        return []  # sent with everyone else's at finalisation, the agreement now allowing it
    return report_distribute(case=case, actor=actor, source=source)


def patient_side_received(case: SecondOpinionCase) -> bool:
    """Whether the patient or her representative was sent the final report and holds it still; read
    with the case where its read joined it (cases/selectors.py `tm_patient_received`)."""
    known = case.__dict__.get("tm_patient_received")
    if known is not None:
        return bool(known)
    return Sending.objects.filter(Sending.held_by_patient_side(), case_id=case.pk).exists()
