"""The writes of the patient's side once a case exists: messages, the evaluation (R27), complaints (R28).

Each service is one transaction: it locks the case, checks the actor's role (a stranger gets NotFound,
a related role that may not act NotPermitted), validates, writes, logs one access event and queues
any e-mail, which never carries the message or complaint itself."""

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from secondopinion.access.doors import case_for, locked_case
from secondopinion.access.permissions import Action, permitted, refusal
from secondopinion.access.policy import acting_for, roles_for
from secondopinion.accounts.models import User
from secondopinion.aftercare.models import (
    COMPLAINT_MAX_LENGTH,
    MESSAGE_MAX_LENGTH,
    Complaint,
    Evaluation,
    Message,
)
from secondopinion.audit.services import access_record
from secondopinion.cases.models import SecondOpinionCase
from secondopinion.core.errors import InvalidInput, NotFound, NotPermitted, TransitionNotAllowed
from secondopinion.core.roles import Role
from secondopinion.core.text import Text
from secondopinion.core.textcheck import control_character, is_blank
from secondopinion.directory.models import StaffMember
from secondopinion.notifications.services import case_message_notify, notification_queue
from secondopinion.protocols.lifecycle import Status
from secondopinion.protocols.vocabulary import CLOSURE_DECISIONS

# R28, seed 002: only for a denturist's second opinion may the officer declare it inadmissible.
INADMISSIBLE_PROTOCOLS = frozenset({"denturist-ont"})

COMPLAINT_NOT_FOUND = Text(
    "Deze klacht bestaat niet of u heeft er geen toegang toe.",
    "This complaint does not exist or you have no access to it.",
)


def _text(value: str, *, field: str, label: Text, limit: int, required: bool = True) -> str:
    """A free text as the database stores it: no control character, within `limit`, not blank when required."""
    if control_character(value) is not None:
        raise InvalidInput(
            Text(
                f"{label.nl}: tekst mag geen stuurtekens (zoals NUL) bevatten.",
                f"{label.en}: text may not contain control characters (such as NUL).",
            ),
            field=field,
        )
    value = value.strip()
    if required and is_blank(value):
        raise InvalidInput(Text(f"{label.nl}: vul dit in.", f"{label.en}: please fill this in."), field=field)
    if len(value) > limit:
        raise InvalidInput(
            Text(
                f"{label.nl}: ten hoogste {limit} tekens (nu {len(value)}).",
                f"{label.en}: at most {limit} characters (now {len(value)}).",
            ),
            field=field,
        )
    return value


def _notify(users: list[tuple[User | None, str, str]], case: SecondOpinionCase) -> None:
    """Tell each (user, e-mail, name) that there is news; the e-mail names the case, never the content."""
    path = reverse("web:case", kwargs={"case_id": case.pk})
    seen: set[str] = set()
    for user, email, name in users:
        if not email or email in seen:
            continue
        seen.add(email)
        language = user.preferred_language if user is not None else "nl"
        notification_queue(
            kind="case_update",
            email=email,
            name=name,
            reference=case.reference,
            path=path,
            language=language,
            recipient=user,
        )


def _patient_side(case: SecondOpinionCase) -> list[tuple[User | None, str, str]]:
    patient = case.patient
    people: list[tuple[User | None, str, str]] = [
        (patient.user, patient.email or (patient.user.email if patient.user else ""), patient.name)
    ]
    if case.requester_kind == "representative" and case.requester is not None:
        people.append((case.requester, case.requester.email, str(case.requester)))
    return people


def _staff(case: SecondOpinionCase, function: str) -> list[tuple[User | None, str, str]]:
    staff = StaffMember.objects.filter(
        organisation_id=case.organisation_id, function=function
    ).select_related("user")
    return [(member.user, member.user.email, str(member.user)) for member in staff if member.user.is_active]


@transaction.atomic
def message_send(*, actor: User, case_id: int, body: str, source: str) -> Message:
    """A message from the patient's side to the coordinator, or back; the other side gets an e-mail notice."""
    case, role = case_for(actor, case_id, Action.MESSAGE)
    text = _text(body, field="body", label=Text("Bericht", "Message"), limit=MESSAGE_MAX_LENGTH)
    message = Message.objects.create(case=case, author=actor, author_role=role, body=text)
    access_record(
        actor=actor,
        action="create",
        data="message",
        source=source,
        role=role,
        basis=role,
        case=case,
        on_behalf_of=acting_for(role, case),
    )
    case_message_notify(case=case, actor=actor)  # the others in the thread: their list and e-mail
    return message


@transaction.atomic
def evaluation_record(
    *, actor: User, case_id: int, decision: str, satisfaction: int, comment: str, source: str
) -> Evaluation:
    """R27: the patient's own decision after the opinion, and their satisfaction; once, after closure."""
    case, role = case_for(actor, case_id, Action.EVALUATE)
    if case.status != Status.CLOSED:
        raise TransitionNotAllowed(
            Text(
                "U kunt de second opinion evalueren zodra hij is afgesloten.",
                "You can evaluate the second opinion once it has been closed.",
            )
        )
    if Evaluation.objects.filter(case=case).exists():
        raise TransitionNotAllowed(
            Text(
                "De evaluatie is al vastgelegd; dat kan één keer.",
                "The evaluation has already been recorded; that is done once.",
            )
        )
    if decision not in CLOSURE_DECISIONS:
        raise InvalidInput(Text("Kies wat u besluit.", "Choose what you decide."), field="decision")
    if isinstance(satisfaction, bool) or not isinstance(satisfaction, int) or not 1 <= satisfaction <= 5:
        raise InvalidInput(
            Text(
                "Tevredenheid: kies een cijfer van 1 tot en met 5.",
                "Satisfaction: choose a score from 1 to 5.",
            ),
            field="satisfaction",
        )
    note = _text(
        comment,
        field="comment",
        label=Text("Toelichting", "Comment"),
        limit=COMPLAINT_MAX_LENGTH,
        required=False,
    )
    evaluation = Evaluation.objects.create(
        case=case,
        decision=decision,
        satisfaction=satisfaction,
        comment=note,
        recorded_by=actor,
        recorded_role=role,
    )
    access_record(
        actor=actor,
        action="create",
        data="evaluation",
        source=source,
        role=role,
        basis=role,
        case=case,
        on_behalf_of=acting_for(role, case),
    )
    return evaluation


@transaction.atomic
def complaint_file(*, actor: User, case_id: int, text: str, source: str) -> Complaint:
    """R28: a complaint about how the second opinion went, for the giver's organisation's complaint scheme."""
    case, role = case_for(actor, case_id, Action.FILE_COMPLAINT)
    body = _text(text, field="text", label=Text("Klacht", "Complaint"), limit=COMPLAINT_MAX_LENGTH)
    complaint = Complaint.objects.create(
        case=case, filed_by=actor, filed_role=role, text=body, scheme=case.organisation.complaint_scheme
    )
    access_record(
        actor=actor,
        action="create",
        data="complaint",
        source=source,
        role=role,
        basis=role,
        case=case,
        on_behalf_of=acting_for(role, case),
    )
    _notify(_staff(case, "complaints_officer"), case)
    return complaint


def _locked_complaint(actor: User, complaint_id: int) -> tuple[Complaint, SecondOpinionCase, Role]:
    complaint = Complaint.objects.filter(pk=complaint_id).first()
    if complaint is None:
        raise NotFound(COMPLAINT_NOT_FOUND)
    case = locked_case(complaint.case_id)
    roles = roles_for(actor, case)
    if not roles:
        raise NotFound(COMPLAINT_NOT_FOUND)
    if not permitted(Action.HANDLE_COMPLAINT, roles):
        raise NotPermitted(refusal(Action.HANDLE_COMPLAINT))
    complaint = Complaint.objects.select_for_update().get(pk=complaint_id)
    return complaint, case, Role.COMPLAINTS_OFFICER


@transaction.atomic
def complaint_decide(
    *,
    actor: User,
    complaint_id: int,
    decision: str,
    inadmissible: bool = False,
    inadmissible_reason: str = "",
    propose_ont_mediation: bool = False,
    source: str,
) -> Complaint:
    """R28: the complaints officer's decision; for a denturist's second opinion, possibly that it is
    inadmissible (with the reason) and a proposal for a second opinion by an ONT member in mediation."""
    complaint, case, role = _locked_complaint(actor, complaint_id)
    if complaint.state != Complaint.State.RECEIVED:
        raise TransitionNotAllowed(
            Text("Over deze klacht is al beslist.", "This complaint has already been decided.")
        )
    text = _text(decision, field="decision", label=Text("Beslissing", "Decision"), limit=COMPLAINT_MAX_LENGTH)
    reason = _text(
        inadmissible_reason,
        field="inadmissible_reason",
        label=Text("Reden", "Reason"),
        limit=COMPLAINT_MAX_LENGTH,
        required=False,
    )
    if (inadmissible or propose_ont_mediation) and case.protocol not in INADMISSIBLE_PROTOCOLS:
        raise InvalidInput(
            Text(
                "Alleen een second opinion van een tandprotheticus kan niet-ontvankelijk worden verklaard of "
                "naar ONT-bemiddeling gaan (R28).",
                "Only a denturist's second opinion can be declared inadmissible or go to ONT mediation (R28).",
            ),
            field="inadmissible" if inadmissible else "propose_ont_mediation",
        )
    if inadmissible and not reason:
        raise InvalidInput(
            Text(
                "Geef de reden van de niet-ontvankelijkheid (R28).",
                "Give the reason it is inadmissible (R28).",
            ),
            field="inadmissible_reason",
        )
    complaint.decision = text
    complaint.inadmissible = bool(inadmissible)
    complaint.inadmissible_reason = reason if inadmissible else ""
    complaint.ont_mediation_proposed = bool(propose_ont_mediation)
    complaint.state = Complaint.State.HANDLED
    complaint.decided_by = actor
    complaint.decided_at = timezone.now()
    complaint.full_clean()
    complaint.save()
    access_record(
        actor=actor, action="update", data="complaint", source=source, role=role, basis=role, case=case
    )
    _notify(_patient_side(case), case)
    return complaint


@transaction.atomic
def messages_mark_read(*, case: SecondOpinionCase, side: frozenset[Role]) -> int:
    """The messages of the other side become read when this side has seen them."""
    others = Message.objects.filter(case=case, read_at__isnull=True).exclude(
        author_role__in=[r.value for r in side]
    )
    return others.update(read_at=timezone.now())
