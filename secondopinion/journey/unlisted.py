"""A request whose practitioner is not in the directory: sent by the patient, linked by a coordinator.

The patient (or representative) sends the wizard's answers with the practitioner in free text; they
wait at the chosen practice (UnlistedRequest), with the files brought at intake held for them. Only a
coordinator of that practice sees and links them (anyone else: 404); linking submits the case as the
patient asked, through the wizard's own door (journey_submit, so case_submit and its rules), and the
row keeps what the patient wrote, who linked it and when. Every read and write is logged.
"""

from typing import Any

from django.db import transaction
from django.utils import timezone

from secondopinion.access.policy import coordinator_organisations
from secondopinion.accounts.models import User
from secondopinion.audit.services import access_record
from secondopinion.cases.models import SecondOpinionCase
from secondopinion.core.errors import ConcurrentChange, InvalidInput, NotFound
from secondopinion.core.roles import Role
from secondopinion.core.text import Text
from secondopinion.core.textcheck import is_blank
from secondopinion.directory.models import Organisation, Practitioner
from secondopinion.documents.intake import intake_hold, intake_role
from secondopinion.journey.models import UnlistedRequest
from secondopinion.journey.services import journey_submit
from secondopinion.protocols.registry import PROTOCOLS

NOT_FOUND = Text(
    "Deze aanvraag bestaat niet of u heeft er geen toegang toe.",
    "This request does not exist or you have no access to it.",
)
# The answers a request needs besides its practitioner (the wizard's steps, journey/views.py KEYS).
NEEDED = (
    "requester_kind",
    "care_question",
    "subject",
    "treatment_started",
    "under_treatment",
    "wants_transfer",
    "has_referral",
    "organisation",
    "own_practitioner_informed",
)


def _patient_id(actor: User, answers: dict[str, Any]) -> int | None:
    if answers.get("requester_kind") == "representative":
        represented = answers.get("represented")
        return represented if isinstance(represented, int) else None
    patient = getattr(actor, "patient", None)
    return patient.pk if patient is not None else None


@transaction.atomic
def unlisted_submit(*, actor: User, answers: dict[str, Any], source: str) -> UnlistedRequest:
    """Send a request whose practitioner is named in free text; it waits for a coordinator's link."""
    patient_id = _patient_id(actor, answers)
    role = intake_role(actor, patient_id) if patient_id is not None else None
    if role is None or patient_id is None:
        raise NotFound(Text("Deze patiënt is niet gevonden.", "This patient was not found."))
    unlisted = answers.get("unlisted")
    protocol = answers.get("protocol")
    if not isinstance(unlisted, dict) or protocol not in PROTOCOLS or any(k not in answers for k in NEEDED):
        raise InvalidInput(
            Text("De aanvraag is nog niet compleet.", "The request is not complete yet."), field="answers"
        )
    organisation = Organisation.objects.filter(pk=answers["organisation"]).first()
    if organisation is None:
        raise InvalidInput(Text("Kies een praktijk.", "Choose a practice."), field="organisation")
    held = intake_hold(actor=actor, patient_id=patient_id)
    request = UnlistedRequest.objects.create(
        requester=actor,
        patient_id=patient_id,
        organisation=organisation,
        protocol=protocol,
        practitioner_name=str(unlisted.get("name", ""))[:200],
        practice_name=str(unlisted.get("practice", ""))[:200],
        place=str(unlisted.get("place", ""))[:100],
        answers={**answers, "intake_files": held},
    )
    access_record(
        actor=actor,
        action="create",
        data="case",
        source=source,
        role=role,
        basis=role,
        patient=request.patient,
        on_behalf_of=request.patient.name if role == Role.REPRESENTATIVE else "",
    )
    return request


def unlisted_waiting(*, actor: User) -> list[UnlistedRequest]:
    """The requests waiting for a link at the practices this user coordinates (no patient data shown)."""
    organisations = coordinator_organisations(actor) if actor.is_authenticated else set()
    if not organisations:
        raise NotFound(NOT_FOUND)
    return list(
        UnlistedRequest.objects.filter(organisation_id__in=organisations, case__isnull=True).select_related(
            "organisation"
        )
    )


def _coordinated(actor: User, request_id: int, *, lock: bool = False) -> UnlistedRequest:
    organisations = coordinator_organisations(actor) if actor.is_authenticated else set()
    rows = UnlistedRequest.objects.select_related("patient", "organisation")
    if lock:
        rows = rows.select_for_update(of=("self",))
    request = rows.filter(pk=request_id, organisation_id__in=organisations).first()
    if request is None:
        raise NotFound(NOT_FOUND)
    return request


def unlisted_get(*, actor: User, request_id: int, source: str) -> UnlistedRequest:
    """One waiting request, for a coordinator of its practice; the read is logged."""
    with transaction.atomic():
        request = _coordinated(actor, request_id)
        access_record(
            actor=actor,
            action="read",
            data="case",
            source=source,
            role=Role.COORDINATOR,
            basis=Role.COORDINATOR,
            patient=request.patient,
        )
    return request


def link_candidates(request: UnlistedRequest, query: str) -> list[Practitioner]:
    """Directory entries of the request's discipline, by name, practice or place (the patient's words
    are the first search)."""
    from secondopinion.journey.forms import practitioners_matching

    return list(practitioners_matching(query, request.protocol)[:25])


@transaction.atomic
def unlisted_link(*, actor: User, request_id: int, practitioner_id: int, source: str) -> SecondOpinionCase:
    """Link the request to a directory entry and submit the case as the patient asked (case_submit's
    rules judge it then); the coordinator's link is logged beside the patient's submission."""
    request = _coordinated(actor, request_id, lock=True)
    if request.case_id is not None:
        raise ConcurrentChange(
            Text("Deze aanvraag is al gekoppeld.", "This request has already been linked."),
            field="practitioner",
        )
    discipline = PROTOCOLS[request.protocol].discipline
    practitioner = Practitioner.objects.filter(pk=practitioner_id, discipline=discipline).first()
    if practitioner is None:
        raise InvalidInput(
            Text(
                "Kies een behandelaar uit de lijst, van het vakgebied van deze aanvraag.",
                "Choose a practitioner from the list, of this request's discipline.",
            ),
            field="practitioner",
        )
    answers = {**request.answers, "treating_practitioner": practitioner.pk}
    if is_blank(str(answers.get("care_question", ""))):
        raise InvalidInput(Text("De vraag ontbreekt.", "The question is missing."), field="care_question")
    case = journey_submit(actor=request.requester, answers=answers, source=source)
    request.linked_practitioner, request.linked_by, request.linked_at = practitioner, actor, timezone.now()
    request.case = case
    request.save(update_fields=["linked_practitioner", "linked_by", "linked_at", "case"])
    access_record(
        actor=actor,
        action="update",
        data="case",
        source=source,
        role=Role.COORDINATOR,
        basis=Role.COORDINATOR,
        case=case,
    )
    return case
