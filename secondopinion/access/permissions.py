"""Who may do what: the one table of actions and the roles that may take them.

Every service asks this table (through `access.doors.case_for` or `acting_role`), and web views,
API routers, presenters and template tags ask it too (`permitted`, the `{% can %}` tag), so a button
is offered exactly when the service behind it would accept the role. No other module keeps a set of
roles for an action. The lifecycle's steps keep their roles in the one transition table
(`protocols/lifecycle.py`, domain.md "Case lifecycle"); `step_role` answers for them here.

A role is what `access.policy.roles_for` finds between a user and a case; what it does not settle (the
case's state, the consent ledger, who uploaded a document) stays with the service that owns the data.
"""

from dataclasses import dataclass

from secondopinion.access.actions import Action
from secondopinion.core.roles import Role
from secondopinion.core.text import Text
from secondopinion.protocols.lifecycle import Step

PATIENT, REPRESENTATIVE, REFERRER = Role.PATIENT, Role.REPRESENTATIVE, Role.REFERRER
TREATING, GIVER, COORDINATOR, OFFICER = Role.TREATING, Role.GIVER, Role.COORDINATOR, Role.COMPLAINTS_OFFICER
REQUESTER = Role.REQUESTING_PRACTITIONER
PATIENT_SIDE = frozenset({PATIENT, REPRESENTATIVE})
# The two sides of the conversation about a case (Action.MESSAGE): the patient's and the practice's.
PRACTICE_SIDE = frozenset({COORDINATOR})


@dataclass(frozen=True)
class Permission:
    roles: frozenset[Role]
    refusal: Text


def _only(roles: set[Role] | frozenset[Role], nl: str, en: str) -> Permission:
    return Permission(frozenset(roles), Text(nl, en))


EVERY_RELATED_ROLE = frozenset(Role) - {Role.ADMINISTRATOR}

PERMISSIONS: dict[Action, Permission] = {
    # The patient, staff of the handling organisation, or the referrer (R8). A representative holds
    # no role towards a case before it exists: whether one may ask for the patient is R8's to judge,
    # on the registration and the patient's consent in force (cases/services.py, with its rule id).
    Action.SUBMIT: _only(
        {PATIENT, COORDINATOR, REFERRER},
        "U kunt alleen een verzoek indienen voor uzelf, als vertegenwoordiger, als verwijzer, of als "
        "coördinator van de behandelende organisatie.",
        "You can only submit a request for yourself, as representative, as referrer, or as coordinator "
        "of the handling organisation.",
    ),
    Action.READ_CASE: Permission(EVERY_RELATED_ROLE, Text("", "")),
    Action.DECLARE_INDEPENDENCE: _only(
        {GIVER},
        "Alleen de toegewezen second opinion-gever verklaart onafhankelijkheid.",
        "Only the assigned second-opinion giver declares independence.",
    ),
    Action.WRITE_REPORT: _only(
        {GIVER}, "Alleen de gever schrijft het rapport.", "Only the giver writes the report."
    ),
    Action.ADD_ADDENDUM: _only(
        {GIVER}, "Alleen de gever schrijft een addendum.", "Only the giver writes an addendum."
    ),
    # A draft is not yet the opinion: only the giver and the practice staff read it (R23, R24).
    Action.READ_DRAFT_REPORT: _only(
        {GIVER, COORDINATOR, OFFICER},
        "Het rapport is nog niet definitief.",
        "The report is not final yet.",
    ),
    # R23: the requester and patient, the giver and staff; the treating practitioner as the
    # protocol's distribution and the consent ledger let him (roles_for decides TREATING).
    Action.READ_FINAL_REPORT: Permission(EVERY_RELATED_ROLE, Text("", "")),
    Action.READ_DISTRIBUTION: _only(
        {PATIENT, GIVER, COORDINATOR},
        "Uw rol ziet niet aan wie het rapport is gestuurd.",
        "Your role does not see to whom the report was sent.",
    ),
    # R14: a copy agreed beforehand that went outside the portal (post, secure e-mail, handed to the
    # patient) is recorded by the handling practice's coordinator, and read where the distribution is
    # read, by the patient's representative too: it is her report that went there.
    Action.RECORD_OUTSIDE_COPY: _only(
        {COORDINATOR},
        "Alleen de coördinator legt vast dat een kopie buiten het portaal is verstuurd.",
        "Only the coordinator records that a copy was sent outside the portal.",
    ),
    Action.READ_OUTSIDE_COPIES: _only(
        {PATIENT, REPRESENTATIVE, GIVER, COORDINATOR},
        "Uw rol ziet niet aan wie een kopie van het rapport is gestuurd.",
        "Your role does not see to whom a copy of the report was sent.",
    ),
    # R14: agreed not in writing, the patient or her representative may still ask for the report in writing.
    Action.REQUEST_WRITTEN_REPORT: _only(
        PATIENT_SIDE,
        "Alleen de patiënt of de vertegenwoordiger vraagt het advies toch schriftelijk.",
        "Only the patient or the representative asks for the advice in writing after all.",
    ),
    # R3: who records that the prosthesis was adjusted while the hold stood.
    Action.RECORD_PROSTHESIS_ADJUSTED: _only(
        {COORDINATOR, GIVER, TREATING},
        "Alleen de coördinator, de gever of de eigen behandelaar legt dit vast.",
        "Only the coordinator, the giver or the treating practitioner records this.",
    ),
    # R18: the patient declares consent in the app; staff and the giver record a signed form.
    Action.RECORD_CONSENT: _only(
        {PATIENT, GIVER, COORDINATOR},
        "Uw rol legt geen toestemming vast.",
        "Your role does not record consent.",
    ),
    Action.REVOKE_CONSENT: _only(
        {PATIENT, GIVER, COORDINATOR},
        "Uw rol trekt geen toestemming in.",
        "Your role does not revoke consent.",
    ),
    Action.CONSULT_COLLEAGUE: _only(
        {GIVER}, "Alleen de gever zet deze stap.", "Only the giver takes this step."
    ),
    Action.DRAFT_PLANS: _only({GIVER}, "Alleen de gever zet deze stap.", "Only the giver takes this step."),
    Action.SEND_COLLEGIAL_NOTICE: _only(
        {GIVER},
        "Alleen de gever stuurt een collegiale melding.",
        "Only the giver sends a collegial notice.",
    ),
    Action.REQUEST_RECORDS: _only(
        {GIVER, COORDINATOR},
        "Alleen de gever of de coördinator vraagt gegevens op.",
        "Only the giver or the coordinator requests records.",
    ),
    # The treating practitioner supplies records only under the patient's consent (R16, R18): the
    # documents service adds the role when the consent is in force.
    Action.SUPPLY_RECORDS: _only(
        {TREATING},
        "Alleen de eigen behandelaar levert de gevraagde gegevens aan.",
        "Only the treating practitioner supplies the requested records.",
    ),
    Action.READ_RECORDS_OUTCOME: _only(
        PATIENT_SIDE | {GIVER, COORDINATOR}, "Uw rol ziet dit niet.", "Your role does not see this."
    ),
    # R25: the giver and the coordinator bill procedures.
    Action.BILL: _only(
        {GIVER, COORDINATOR},
        "Alleen de gever of de coördinator legt declaratieregels vast.",
        "Only the giver or the coordinator records billing lines.",
    ),
    # A referrer sends his own records with the referral (the FHIR referral Bundle's attachments).
    Action.UPLOAD_RECORD: _only(
        {TREATING, REFERRER, GIVER, COORDINATOR},
        "Uw rol levert dit soort document niet aan bij deze casus.",
        "Your role does not supply this kind of document to this case.",
    ),
    Action.UPLOAD_CONSENT_FORM: _only(
        {PATIENT, REPRESENTATIVE, GIVER, COORDINATOR},
        "Uw rol levert dit soort document niet aan bij deze casus.",
        "Your role does not supply this kind of document to this case.",
    ),
    Action.UPLOAD_EXAMINATION: _only(
        {GIVER, COORDINATOR},
        "Uw rol levert dit soort document niet aan bij deze casus.",
        "Your role does not supply this kind of document to this case.",
    ),
    Action.UPLOAD_PATIENT_BROUGHT: _only(
        {PATIENT, REPRESENTATIVE, GIVER, COORDINATOR},
        "Uw rol levert dit soort document niet aan bij deze casus.",
        "Your role does not supply this kind of document to this case.",
    ),
    Action.READ_DOCUMENTS: _only(
        {PATIENT, REPRESENTATIVE, GIVER, COORDINATOR, OFFICER},
        "Uw rol opent de documenten van deze casus niet.",
        "Your role does not open this case's documents.",
    ),
    # The treating practitioner opens what he supplied himself, nothing else.
    Action.READ_OWN_SUPPLIED_DOCUMENTS: _only(
        {TREATING},
        "Uw rol opent de documenten van deze casus niet.",
        "Your role does not open this case's documents.",
    ),
    Action.MESSAGE: _only(
        {PATIENT, REPRESENTATIVE, COORDINATOR},
        "Berichten zijn tussen de patiënt (of vertegenwoordiger) en de coördinator.",
        "Messages are between the patient (or representative) and the coordinator.",
    ),
    Action.EVALUATE: _only(
        PATIENT_SIDE,
        "Alleen de patiënt of de vertegenwoordiger legt de evaluatie vast (R27).",
        "Only the patient or the representative records the evaluation (R27).",
    ),
    # R28 (seed 000): the requester complains about how the second opinion went: the patient's side,
    # or the practitioner who asked for it (R8: a colleague or referrer, or on his own initiative).
    Action.FILE_COMPLAINT: _only(
        PATIENT_SIDE | {REQUESTER},
        "Alleen de patiënt, de vertegenwoordiger of de zorgverlener die de second opinion aanvroeg dient "
        "een klacht in (R28).",
        "Only the patient, the representative or the practitioner who asked for the second opinion files "
        "a complaint (R28).",
    ),
    Action.HANDLE_COMPLAINT: _only(
        {OFFICER},
        "Alleen de klachtenfunctionaris van de organisatie behandelt deze klacht (R28).",
        "Only the organisation's complaints officer handles this complaint (R28).",
    ),
    # The coordinator and the officer read the complaints on the case addressed to their own organisation
    # (access/policy.py complaint_roles); a complainant's side reads the complaints filed from that side
    # (complaint_reader, below).
    Action.READ_COMPLAINTS: _only(
        {PATIENT, REPRESENTATIVE, REQUESTER, COORDINATOR, OFFICER},
        "Uw rol ziet de klachten bij deze casus niet.",
        "Your role does not see the complaints on this case.",
    ),
    # The decision letter on a complaint (Wkkgz): for the complainant's side and the officer.
    Action.READ_COMPLAINT_LETTER: _only(
        {PATIENT, REPRESENTATIVE, REQUESTER, OFFICER},
        "Alleen de indiener van de klacht en de klachtenfunctionaris openen deze brief.",
        "Only the complainant and the complaints officer open this letter.",
    ),
    # What the opinion did to the diagnosis and treatment: the giver records it at or before closure.
    Action.RECORD_OUTCOME: _only(
        {GIVER},
        "Alleen de gever legt de uitkomst van de second opinion vast.",
        "Only the giver records the outcome of the second opinion.",
    ),
    # The outcomes of an organisation, in numbers: its coordinators and complaints officers.
    Action.READ_OUTCOMES: _only(
        {COORDINATOR, OFFICER},
        "Alleen coördinatoren en klachtenfunctionarissen van de organisatie zien de uitkomsten.",
        "Only the organisation's coordinators and complaints officers see the outcomes.",
    ),
    # Consult appointments (secondopinion/appointments): the practice offers times, the patient's side
    # chooses one, moves or cancels it, and the practice records whether the patient came.
    Action.READ_APPOINTMENTS: _only(
        {PATIENT, REPRESENTATIVE, GIVER, COORDINATOR},
        "Uw rol ziet de afspraken bij deze casus niet.",
        "Your role does not see the appointments of this case.",
    ),
    Action.OFFER_SLOTS: _only(
        {GIVER, COORDINATOR},
        "Alleen de gever of de coördinator biedt tijden voor een afspraak aan.",
        "Only the giver or the coordinator offers times for an appointment.",
    ),
    Action.BOOK_APPOINTMENT: _only(
        PATIENT_SIDE,
        "Alleen de patiënt of de vertegenwoordiger kiest, verzet of annuleert de afspraak.",
        "Only the patient or the representative chooses, moves or cancels the appointment.",
    ),
    Action.RECORD_ATTENDANCE: _only(
        {GIVER, COORDINATOR},
        "Alleen de gever of de coördinator legt vast of de patiënt is gekomen.",
        "Only the giver or the coordinator records whether the patient came.",
    ),
    # The patient's own letters to the treating practitioner (R12, R16): made and read by the patient's
    # side only; the practice sees what the patient chooses to send (secondopinion/letters).
    Action.WRITE_LETTER: _only(
        PATIENT_SIDE,
        "Alleen de patiënt of de vertegenwoordiger maakt deze brieven.",
        "Only the patient or the representative makes these letters.",
    ),
    Action.READ_LETTERS: _only(
        PATIENT_SIDE,
        "Deze brieven zijn van de patiënt.",
        "These letters are the patient's own.",
    ),
    # The organisation's turnaround figures (secondopinion/planning): its coordinators read them.
    Action.READ_TURNAROUND: _only(
        {COORDINATOR},
        "Alleen de coördinator ziet de doorlooptijden van de organisatie.",
        "Only the coordinator sees the organisation's turnaround times.",
    ),
    # A step's note is read by everyone who reads the case, the patient's side too; beside it the
    # practice may write an internal note (cases/models.py StatusChange.internal_note), which the
    # patient's side never reads. The coordinator and the giver write it with the steps they take; the
    # complaints officer who handles a complaint about the case reads it too (R28), and may work for
    # the giver's organisation rather than the handling practice. The treating practitioner and the
    # referrer read the case from outside the practice, and the second opinion may be about the
    # treating practitioner's own work (R6): they read no internal note.
    Action.WRITE_INTERNAL_NOTE: _only(
        {GIVER, COORDINATOR},
        "Alleen de coördinator of de gever schrijft een interne notitie.",
        "Only the coordinator or the giver writes an internal note.",
    ),
    Action.READ_INTERNAL_NOTES: _only(
        {GIVER, COORDINATOR, OFFICER},
        "Interne notities zijn alleen voor de praktijk.",
        "Internal notes are for the practice only.",
    ),
    # A request whose own practitioner the patient named in her own words waits at the practice she
    # chose (journey/unlisted.py): its coordinator looks him up, adds him to the register if needed,
    # and links him, which submits the case (access/unlisted.py finds the roles towards the request).
    Action.LINK_PRACTITIONER: _only(
        {COORDINATOR},
        "Alleen de coördinator van de praktijk zoekt de behandelaar op en koppelt hem aan de aanvraag.",
        "Only the practice's coordinator looks up the practitioner and links them to the request.",
    ),
}

# Which upload action each document purpose is (documents.models.Document.Purpose).
UPLOAD_ACTIONS: dict[str, Action] = {
    "record": Action.UPLOAD_RECORD,
    "consent_form": Action.UPLOAD_CONSENT_FORM,
    "examination": Action.UPLOAD_EXAMINATION,
    "patient_brought": Action.UPLOAD_PATIENT_BROUGHT,
}

# The order in which a role is named as the basis of an access, most specific first.
ROLE_PRECEDENCE = (
    Role.PATIENT,
    Role.REPRESENTATIVE,
    Role.GIVER,
    Role.COORDINATOR,
    Role.REFERRER,
    Role.REQUESTING_PRACTITIONER,
    Role.TREATING,
    Role.COMPLAINTS_OFFICER,
)

# The sides a complaint is filed from (R28): the patient's (the patient or the representative, R8) and
# the practitioner who asked for the second opinion. Each side reads its own complaints, not the other's.
COMPLAINANT_SIDES = (PATIENT_SIDE, frozenset({REQUESTER}))


def primary_role(roles: frozenset[Role] | set[Role]) -> Role | None:
    for role in ROLE_PRECEDENCE:
        if role in roles:
            return role
    return None


def roles_permitted(action: Action) -> frozenset[Role]:
    """The roles that may take `action`."""
    return PERMISSIONS[action].roles


def coordinators_may(action: Action) -> bool:
    """Whether the table lets a coordinator take `action` (what a coordinator's menu offers)."""
    return Role.COORDINATOR in PERMISSIONS[action].roles


def permitted(action: Action, roles: frozenset[Role]) -> bool:
    """Whether a user holding `roles` towards a case may take `action` on it."""
    return bool(roles & PERMISSIONS[action].roles)


def acting_role(action: Action, roles: frozenset[Role]) -> Role | None:
    """The role in which a user holding `roles` takes `action`, or None when none may."""
    return primary_role(roles & PERMISSIONS[action].roles)


def refusal(action: Action) -> Text:
    """What a related user is told when their role may not take `action`."""
    return PERMISSIONS[action].refusal


def step_roles(step: Step, roles: frozenset[Role]) -> frozenset[Role]:
    """The user's roles that may take a lifecycle step (the transition table decides)."""
    return roles & step.roles


def step_role(step: Step, roles: frozenset[Role]) -> Role | None:
    return primary_role(step_roles(step, roles))


def actions_for(roles: frozenset[Role]) -> frozenset[Action]:
    """Every action a user holding `roles` may take: what a page offers, and nothing more."""
    return frozenset(action for action, permission in PERMISSIONS.items() if roles & permission.roles)


def reads_internal_notes(roles: frozenset[Role]) -> bool:
    """Whether a reader holding `roles` sees the practice's internal notes: a role of the practice and
    none on the patient's side (a patient who also works at the practice reads her own case as such)."""
    return permitted(Action.READ_INTERNAL_NOTES, roles) and not roles & PATIENT_SIDE


def writes_internal_note(role: Role | str | None) -> bool:
    """Whether a step taken in `role` may carry an internal note (the patient's side writes none)."""
    return role is not None and permitted(Action.WRITE_INTERNAL_NOTE, frozenset({Role(role)}))


def complainant_side(filed_role: str) -> frozenset[Role]:
    """The roles that read a complaint as its complainant: the side it was filed from."""
    return next((side for side in COMPLAINANT_SIDES if filed_role in side), frozenset())


def complaint_reader(action: Action, roles: frozenset[Role], filed_role: str) -> Role | None:
    """The role in which a reader holding `roles` takes `action` (READ_COMPLAINTS, READ_COMPLAINT_LETTER)
    on a complaint filed in `filed_role`: a role of the practice on every complaint, a complainant's
    side only on the complaints filed from that side; None for anyone else."""
    complainants = frozenset().union(*COMPLAINANT_SIDES)
    practice = PERMISSIONS[action].roles - complainants
    return acting_role(action, roles & (complainant_side(filed_role) | practice))


def reads_as_complainant(roles: frozenset[Role]) -> bool:
    """Whether a reader holding `roles` reads the complaints on a case only as a complainant's side (so
    in the complainant's words), holding no role of the practice that reads every complaint."""
    complainants = frozenset().union(*COMPLAINANT_SIDES)
    practice = PERMISSIONS[Action.READ_COMPLAINTS].roles - complainants
    return bool(roles & complainants) and not roles & practice


def acts_for_the_patient(roles: frozenset[Role]) -> bool:
    """R8: the reader holds the case as the patient's representative, not as the patient himself; the
    patient's page then says whose case it is."""
    return Role.REPRESENTATIVE in roles and Role.PATIENT not in roles
