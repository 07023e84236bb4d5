"""Writes to the directory: the giver's declaration of independence (R10), and the patient's
consent to a representative acting for them (R8, R18)."""

from django.core.files import File
from django.db import transaction
from django.utils import timezone

from secondopinion.access.doors import case_for
from secondopinion.access.permissions import Action
from secondopinion.accounts.models import User
from secondopinion.audit.services import access_record
from secondopinion.cases.models import SecondOpinionCase
from secondopinion.cases.snapshot import snapshot_of
from secondopinion.core.errors import (
    REPRESENTATION_NOT_FOUND,
    InvalidInput,
    NotFound,
    NotPermitted,
    RuleBlocked,
    TransitionNotAllowed,
)
from secondopinion.core.roles import Role
from secondopinion.core.text import Text
from secondopinion.directory.models import IndependenceDeclaration, Representative
from secondopinion.documents.models import Document
from secondopinion.documents.services import document_store
from secondopinion.protocols.engine import Violation
from secondopinion.protocols.lifecycle import Status
from secondopinion.protocols.registry import get_protocol

# What the giver confirms (R10, seeds 000 and 004); stored in the language it was shown in.
STATEMENT = Text(
    "Ik verklaar dat ik in hetzelfde vakgebied en op hetzelfde niveau werk als de eigen behandelaar, "
    "op geen enkele wijze met de eigen behandelaar of diens praktijk of organisatie verbonden ben, "
    "en geen direct belang heb bij het probleem of de oplossing ervan (R10).",
    "I declare that I work in the same discipline and at the same level as the treating practitioner, "
    "am in no way connected to the treating practitioner or their practice or organisation, and have "
    "no direct interest in the problem or its solution (R10).",
)
ONLY_THE_GIVER = Text(
    "Alleen de toegewezen second opinion-gever verklaart onafhankelijkheid.",
    "Only the assigned second-opinion giver declares independence.",
)


@transaction.atomic
def independence_declare(
    *, actor: User, case_id: int, statement_confirmed: bool, source: str
) -> IndependenceDeclaration:
    """R10: the assigned giver declares independence, once, before the case proceeds."""
    case, role = case_for(actor, case_id, Action.DECLARE_INDEPENDENCE)
    existing = IndependenceDeclaration.objects.filter(case=case).first()
    if existing is not None:
        stamp = timezone.localtime(existing.declared_at).strftime("%d-%m-%Y %H:%M")
        raise TransitionNotAllowed(
            Text(
                f"De onafhankelijkheid is al verklaard op {stamp}.",
                f"Independence was already declared on {stamp}.",
            )
        )
    if case.status != Status.ASSIGNED:
        raise TransitionNotAllowed(
            Text(
                "Onafhankelijkheid wordt verklaard nadat de gever is toegewezen en voordat de uitleg "
                "wordt vastgelegd.",
                "Independence is declared after the giver has been assigned and before the "
                "explanation is recorded.",
            )
        )
    if statement_confirmed is not True:
        raise InvalidInput(
            Text(
                "Bevestig de verklaring van onafhankelijkheid (R10).",
                "Confirm the declaration of independence (R10).",
            ),
            field="statement_confirmed",
        )
    # The directory must agree before the giver's word can (R10 as judged at assignment).
    rule = get_protocol(case.protocol).rule("R10")
    detail = rule.check(snapshot_of(case), Status.ASSIGNED)
    if detail is not None:
        raise RuleBlocked(
            Text("Geblokkeerd door R10.", "Blocked by R10."), violations=(Violation(rule, detail),)
        )
    assert case.giver is not None  # the GIVER role implies one
    declaration = IndependenceDeclaration.objects.create(
        case=case, giver=case.giver, declared_by=actor, statement=str(STATEMENT)
    )
    access_record(
        actor=actor,
        action="create",
        data="case:independence",
        source=source,
        role=role,
        basis=role,
        case=case,
    )
    return declaration


# R8, R18: how the patient's consent to a representation was given (Representative.consent_method).
IN_APP = "in_app"
SIGNED_UPLOAD = "signed_upload"
PAPER_SEEN = "paper_seen"
INVITATION = "invitation"
CONSENT_METHODS = {
    IN_APP: Text("in de app verklaard door de patiënt", "declared in the app by the patient"),
    SIGNED_UPLOAD: Text("ondertekend formulier, bewaard bij de casus", "signed form, kept with the case"),
    PAPER_SEEN: Text("papieren formulier gezien door de coördinator", "paper form seen by the coordinator"),
    INVITATION: Text(
        "uitnodiging van de patiënt, aangenomen door de vertegenwoordiger",
        "the patient's invitation, accepted by the representative",
    ),
}
ONLY_THE_PATIENT = Text(
    "Alleen de patiënt zelf geeft of trekt deze toestemming in.",
    "Only the patient themself gives or revokes this consent.",
)


def coordinated_organisations_of_patient(actor: User, patient_id: int) -> frozenset[int]:
    """The organisations the actor coordinates for where this patient has a case: a coordinator acts
    for a patient (records a paper consent, R8) only there, on the web and the API alike."""
    from secondopinion.access.policy import coordinator_organisations

    organisations = coordinator_organisations(actor)
    if not organisations or not actor.is_active:
        return frozenset()
    return frozenset(
        SecondOpinionCase.objects.filter(patient_id=patient_id, organisation_id__in=organisations)
        .values_list("organisation_id", flat=True)
        .distinct()
    )


def _representation_for(actor: User, representative_id: int) -> tuple[Representative, Role, frozenset[int]]:
    """The locked representation and the actor's role towards it: the patient, or a coordinator of an
    organisation where the patient has a case (the paper path). A stranger — and a coordinator of an
    organisation that has no case of this patient — learns nothing (NotFound); the representative may
    not consent for himself (NotPermitted)."""

    representation = (
        Representative.objects.select_for_update(of=("self",))
        .select_related("patient", "user")
        .filter(pk=representative_id)
        .first()
    )
    if representation is None:
        raise NotFound(REPRESENTATION_NOT_FOUND)
    patient = getattr(actor, "patient", None)
    if patient is not None and patient.pk == representation.patient_id:
        return representation, Role.PATIENT, frozenset()
    organisations = coordinated_organisations_of_patient(actor, representation.patient_id)
    if organisations:
        return representation, Role.COORDINATOR, organisations
    if representation.user_id == actor.pk:
        raise NotPermitted(ONLY_THE_PATIENT)
    raise NotFound(REPRESENTATION_NOT_FOUND)


def _paper_case(representation: Representative, organisations: frozenset[int]) -> SecondOpinionCase | None:
    """The patient's newest case at the coordinator's organisation, which keeps the signed form."""
    return (
        SecondOpinionCase.objects.filter(
            patient_id=representation.patient_id, organisation_id__in=organisations
        )
        .order_by("-created_at", "-pk")
        .first()
    )


@transaction.atomic
def representation_consent_give(
    *,
    actor: User,
    representative_id: int,
    source: str,
    confirmed: bool = False,
    signed_form: File | None = None,
) -> Representative:
    """R8, R18: the patient consents to a representative acting for them, declared in the app; or a
    coordinator records the consent the patient signed on paper.

    The Representative row is the source of truth: access.policy.represents() reads these fields on
    every request, across every case and before any case exists. The consent ledger
    (consent.Consent, purpose "representative") holds consents given within one case and needs a
    case, so it is not written here: a second copy of this state could only disagree with it. The
    history (who gave or revoked it, when, how) is in the access log.

    On the paper path the signed form is kept as a document of the patient's newest case at the
    coordinator's organisation (required). A coordinator acts only for a patient with a case at their
    organisation; for any other patient the representation does not exist (NotFound). Consents
    recorded earlier as a paper form seen by the coordinator (PAPER_SEEN) keep that method.
    """
    representation, role, organisations = _representation_for(actor, representative_id)
    if representation.consent_given:
        assert representation.consent_given_at is not None
        stamp = timezone.localtime(representation.consent_given_at).strftime("%d-%m-%Y %H:%M")
        raise TransitionNotAllowed(
            Text(
                f"Deze toestemming is al gegeven op {stamp}.", f"This consent was already given on {stamp}."
            ),
            field="confirmed",
        )
    if confirmed is not True:
        raise InvalidInput(
            Text(
                "Vink de verklaring aan om toestemming te geven.",
                "Tick the declaration to give consent.",
            ),
            field="confirmed",
        )
    case = _paper_case(representation, organisations) if role == Role.COORDINATOR else None
    method, recorded_by = IN_APP, ""
    if role == Role.PATIENT:
        if signed_form is not None:
            raise InvalidInput(
                Text(
                    "In de app geeft u zelf toestemming; een ondertekend formulier is niet nodig.",
                    "In the app you give consent yourself; no signed form is needed.",
                ),
                field="file",
            )
    else:
        # A coordinator acts only where the patient has a case (_representation_for), which keeps the form.
        assert case is not None
        if signed_form is None:
            raise InvalidInput(
                Text(
                    f"Voeg het ondertekende formulier toe; het wordt bewaard bij casus {case.reference}.",
                    f"Attach the signed form; it is kept with case {case.reference}.",
                ),
                field="file",
            )
        document_store(
            case=case,
            upload=signed_form,
            purpose=Document.Purpose.CONSENT_FORM,
            source=source,
            actor=actor,
            role=role,
            basis=role,
        )
        method, recorded_by = SIGNED_UPLOAD, str(actor)
    representation.consent_given_at = timezone.now()
    representation.consent_revoked_at = None
    representation.consent_method = method
    representation.consent_recorded_by_name = recorded_by[:200]
    representation.full_clean()
    representation.save(
        update_fields=["consent_given_at", "consent_revoked_at", "consent_method", "consent_recorded_by_name"]
    )
    access_record(
        actor=actor,
        action="update",
        data="representation",
        source=source,
        role=role,
        basis=role,
        case=case,
        patient=representation.patient,
    )
    return representation


@transaction.atomic
def representation_consent_revoke(*, actor: User, representative_id: int, source: str) -> Representative:
    """R8, R18: the patient revokes the representation (or tells the coordinator, who records it).
    From this moment the representative acts for nobody: the policy reads consent_revoked_at on
    every request, so the next page or API call of the representative finds no case (404)."""
    representation, role, _organisations = _representation_for(actor, representative_id)
    if not representation.consent_given:
        raise InvalidInput(
            Text(
                "Er is geen toestemming van kracht om in te trekken.",
                "There is no consent in force to revoke.",
            ),
            field="representative",
        )
    representation.consent_revoked_at = timezone.now()
    representation.full_clean()
    representation.save(update_fields=["consent_revoked_at"])
    # Imported here: distribution builds on cases, which build on the directory.
    from secondopinion.distribution.services import representation_sendings_withdraw

    representation_sendings_withdraw(
        representative_user=representation.user, patient_id=representation.patient_id
    )
    access_record(
        actor=actor,
        action="update",
        data="representation",
        source=source,
        role=role,
        basis=role,
        patient=representation.patient,
    )
    return representation


@transaction.atomic
def representation_consent_by_invitation(
    *, user: User, patient_id: int, relation: str, source: str
) -> Representative:
    """R8, R18: the patient invited `user` to act for them and `user` accepted: the invitation the patient
    sent, accepted, is the patient's consent (INVITATION), in force from now. Creates the representation
    or renews one that was revoked or never consented to. The caller (invitations/services.py) has
    checked the invitation; the patient cannot represent themself."""
    representation = (
        Representative.objects.select_for_update(of=("self",))
        .filter(user=user, patient_id=patient_id)
        .first()
    )
    if representation is None:
        representation = Representative(user=user, patient_id=patient_id)
    representation.relation = relation
    representation.consent_given_at = timezone.now()
    representation.consent_revoked_at = None
    representation.consent_method = INVITATION
    representation.consent_recorded_by_name = ""
    representation.full_clean()
    representation.save()
    access_record(
        actor=user,
        action="update",
        data="representation",
        source=source,
        role=Role.REPRESENTATIVE,
        basis=Role.REPRESENTATIVE,
        patient=representation.patient,
        on_behalf_of=representation.patient.name,
    )
    return representation
