"""A request whose practitioner is not in the directory: sent by the patient, linked by a coordinator.

The patient (or representative) sends the wizard's answers with the practitioner in free text; they
wait at the chosen practice (UnlistedRequest), with the files brought at intake held for them, and
the patient's side follows them on its home page. Only a coordinator of that practice sees them and
links a register entry, or first adds the practitioner to the register (directory/entries.py); the
patient's side is refused (403), anyone else finds nothing (404): access/unlisted.py decides. Linking
submits the case as the patient asked, through the wizard's own door (journey_submit, so case_submit
and its rules), and the row keeps what the patient wrote, who linked it when, and whether he was
added. Every read and write is logged.
"""

from typing import Any

from django.db import transaction
from django.utils import timezone

from secondopinion.access.actions import Action
from secondopinion.access.unlisted import (
    REQUEST_NOT_FOUND,
    followed_requests,
    linkable_requests,
    links_practitioners,
    list_basis,
    unlisted_for,
)
from secondopinion.accounts.models import User
from secondopinion.audit.services import access_record
from secondopinion.cases.models import SecondOpinionCase
from secondopinion.core.errors import ConcurrentChange, InvalidInput, NotFound
from secondopinion.core.roles import Role
from secondopinion.core.text import Text
from secondopinion.core.textcheck import is_blank
from secondopinion.directory.entries import NewPractitioner, practitioner_add
from secondopinion.directory.models import Organisation, Practitioner
from secondopinion.documents.intake import intake_hold, intake_role
from secondopinion.journey.models import UnlistedRequest
from secondopinion.journey.services import journey_submit
from secondopinion.protocols.registry import PROTOCOLS

# How many waiting requests the patient's home shows (each waits only until the practice links it).
FOLLOWED_MAX = 50
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


def unlisted_followed(*, actor: User, source: str) -> list[UnlistedRequest]:
    """The requests still waiting for their practitioner that the patient's side follows on its home
    page (her own, or those of the patients she acts for), newest first; the read of the list is
    logged as the list of cases is (cases/selectors.py case_list): one search, naming the patient
    when the list concerns one. One query, and one INSERT when there is something to show."""
    requests = list(
        followed_requests(actor)
        .filter(case__isnull=True)
        .select_related("patient", "organisation")
        .order_by("-created_at", "-id")[:FOLLOWED_MAX]
    )
    role, patient_id = list_basis(actor, requests)
    if role is None:
        return requests  # an empty list shows no patient data: there is no access to log
    patient = next((r.patient for r in requests if r.patient_id == patient_id), None)
    access_record(
        actor=actor,
        action="search",
        data="case-list",
        source=source,
        role=role,
        basis=role,
        patient=patient,
        on_behalf_of=patient.name if patient is not None and role == Role.REPRESENTATIVE else "",
    )
    return requests


def unlisted_waiting(*, actor: User) -> list[UnlistedRequest]:
    """The requests waiting for a link at the practices this user coordinates (no patient data shown)."""
    if not links_practitioners(actor):
        raise NotFound(REQUEST_NOT_FOUND)
    return list(linkable_requests(actor).filter(case__isnull=True).select_related("organisation"))


def unlisted_get(*, actor: User, request_id: int, source: str) -> UnlistedRequest:
    """One waiting request, for a coordinator of its practice; the read is logged."""
    with transaction.atomic():
        request, role = unlisted_for(actor, request_id, Action.LINK_PRACTITIONER)
        access_record(
            actor=actor,
            action="read",
            data="case",
            source=source,
            role=role,
            basis=role,
            patient=request.patient,
        )
    return request


def link_candidates(request: UnlistedRequest, query: str) -> list[Practitioner]:
    """Directory entries of the request's discipline, by name, practice or place (the patient's words
    are the first search)."""
    from secondopinion.journey.forms import practitioners_matching

    return list(practitioners_matching(query, request.protocol)[:25])


def _waiting(actor: User, request_id: int) -> tuple[UnlistedRequest, Role]:
    """The request, locked, for a user who may link its practitioner, while it is not linked yet."""
    request, role = unlisted_for(actor, request_id, Action.LINK_PRACTITIONER, lock=True)
    if request.case_id is not None:
        raise ConcurrentChange(
            Text("Deze aanvraag is al gekoppeld.", "This request has already been linked."),
            field="practitioner",
        )
    if is_blank(str(request.answers.get("care_question", ""))):
        raise InvalidInput(Text("De vraag ontbreekt.", "The question is missing."), field="care_question")
    if any(key not in request.answers for key in NEEDED):
        raise InvalidInput(
            Text("De aanvraag is nog niet compleet.", "The request is not complete yet."), field="answers"
        )
    return request, role


def _linked(
    request: UnlistedRequest, practitioner: Practitioner, *, actor: User, role: Role, source: str, added: bool
) -> SecondOpinionCase:
    """Submit the case as the patient asked, with `practitioner` as her own; the row keeps who linked
    him when (and whether he was added to the register for it), and the link is logged."""
    answers = {**request.answers, "treating_practitioner": practitioner.pk}
    case = journey_submit(actor=request.requester, answers=answers, source=source)
    request.linked_practitioner, request.linked_by, request.linked_at = practitioner, actor, timezone.now()
    request.case, request.added_to_register = case, added
    request.save(update_fields=["linked_practitioner", "linked_by", "linked_at", "case", "added_to_register"])
    access_record(
        actor=actor,
        action="update",
        data="case",
        source=source,
        role=role,
        basis=role,
        case=case,
    )
    return case


@transaction.atomic
def unlisted_link(*, actor: User, request_id: int, practitioner_id: int, source: str) -> SecondOpinionCase:
    """Link the request to a directory entry and submit the case as the patient asked (case_submit's
    rules judge it then); the coordinator's link is logged beside the patient's submission."""
    request, role = _waiting(actor, request_id)
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
    return _linked(request, practitioner, actor=actor, role=role, source=source, added=False)


@transaction.atomic
def unlisted_register(
    *, actor: User, request_id: int, entry: NewPractitioner, source: str
) -> SecondOpinionCase:
    """Add the patient's own practitioner to the register (directory/entries.py) and link him: the case
    is then submitted as with any link. Refused input names its field and changes nothing."""
    request, role = _waiting(actor, request_id)
    protocol = PROTOCOLS[request.protocol]
    if entry.discipline != protocol.discipline:  # the patient chose the kind; what she was shown follows it
        raise InvalidInput(
            Text(
                f"Deze aanvraag gaat over: {protocol.name.nl}. Voeg een behandelaar van dat vakgebied toe.",
                f"This request is about: {protocol.name.en}. Add a practitioner of that discipline.",
            ),
            field="discipline",
        )
    practitioner = practitioner_add(entry)
    return _linked(request, practitioner, actor=actor, role=role, source=source, added=True)
