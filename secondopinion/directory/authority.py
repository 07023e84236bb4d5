"""R8 and the WGBO (BW 7:450, 7:465): the practice records that it checked a parent's authority
(ouderlijk gezag) or a guardianship before the parent or guardian acts for a child under 16, and
withdraws that record. What the verification counts for at the child's age is decided in
access/representation.py; who may record it too (authority_verifier_role)."""

from django.db import transaction
from django.utils import timezone

from secondopinion.access.representation import (
    ADULT,
    PARENTAL,
    age_band,
    authority_verified,
    authority_verifier_role,
    in_force,
)
from secondopinion.accounts.models import User
from secondopinion.audit.services import access_record
from secondopinion.core.errors import REPRESENTATION_NOT_FOUND, InvalidInput, NotFound, TransitionNotAllowed
from secondopinion.core.text import Text
from secondopinion.core.textcheck import control_character, is_blank
from secondopinion.directory.models import AuthorityEvidence, Representative

NOTE_MAX = 200


def representation_for_authority(
    actor: User, representative_id: int, *, lock: bool = False
) -> tuple[Representative, str]:
    """The representation with its patient and user, and the actor's role towards it (the coordinator);
    NotFound or NotPermitted as authority_verifier_role decides."""
    rows = Representative.objects.select_related("patient", "user").filter(pk=representative_id)
    if lock:
        rows = rows.select_for_update(of=("self",))
    representation = rows.first()
    if representation is None:
        raise NotFound(REPRESENTATION_NOT_FOUND)
    return representation, authority_verifier_role(actor, representation)


def _checked_input(representation: Representative, evidence: str, note: str, confirmed: bool) -> str:
    """The note as kept; InvalidInput naming the field for anything wrong."""
    if representation.relation not in PARENTAL:
        raise InvalidInput(
            Text(
                "Alleen van een ouder of voogd wordt het gezag gecontroleerd; deze vertegenwoordiger handelt "
                "met de toestemming van de patiënt.",
                "Only a parent's or guardian's authority is checked; this representative acts with the "
                "patient's consent.",
            ),
            field="representative",
        )
    if age_band(representation.patient.date_of_birth) == ADULT:
        raise InvalidInput(
            Text(
                "De patiënt is 16 jaar of ouder en beslist zelf; het ouderlijk gezag telt niet meer.",
                "The patient is 16 or older and decides alone; the parental authority no longer counts.",
            ),
            field="representative",
        )
    if authority_verified(representation):
        assert representation.authority_verified_at is not None
        stamp = timezone.localtime(representation.authority_verified_at).strftime("%d-%m-%Y %H:%M")
        raise TransitionNotAllowed(
            Text(
                f"Het gezag is al gecontroleerd op {stamp}.", f"The authority was already checked on {stamp}."
            ),
            field="confirmed",
        )
    if evidence not in AuthorityEvidence.values:
        raise InvalidInput(
            Text("Kies wat u heeft gezien.", "Choose what you have seen."),
            field="evidence",
        )
    note = (note or "").strip()
    if len(note) > NOTE_MAX or control_character(note):
        raise InvalidInput(
            Text(
                f"De toelichting is hooguit {NOTE_MAX} tekens gewone tekst.",
                f"The note is at most {NOTE_MAX} characters of plain text.",
            ),
            field="note",
        )
    if evidence == AuthorityEvidence.OTHER and is_blank(note):
        raise InvalidInput(
            Text("Beschrijf welk document u heeft gezien.", "Describe which document you have seen."),
            field="note",
        )
    if confirmed is not True:
        raise InvalidInput(
            Text(
                "Vink aan dat u het gezag heeft gecontroleerd.",
                "Tick that you have checked the authority.",
            ),
            field="confirmed",
        )
    return note


@transaction.atomic
def authority_verify(
    *, actor: User, representative_id: int, evidence: str, note: str = "", confirmed: bool, source: str
) -> Representative:
    """The coordinator records having checked the parental authority or guardianship of this parent
    or guardian of a child under 16, with what evidence; logged. Nothing changes on bad input."""
    representation, role = representation_for_authority(actor, representative_id, lock=True)
    kept = _checked_input(representation, evidence, note, confirmed)
    representation.authority_verified_at = timezone.now()
    representation.authority_verified_by_name = str(actor)[:200]
    representation.authority_evidence = evidence
    representation.authority_evidence_note = kept
    representation.authority_revoked_at = None
    representation.full_clean()
    representation.save(
        update_fields=[
            "authority_verified_at",
            "authority_verified_by_name",
            "authority_evidence",
            "authority_evidence_note",
            "authority_revoked_at",
        ]
    )
    _logged(actor, "update", representation, role, source)
    return representation


@transaction.atomic
def authority_revoke(*, actor: User, representative_id: int, source: str) -> Representative:
    """The coordinator withdraws the verification (e.g. the parent lost authority): from now on the
    parent acts only where the rule allows without it (access/representation.py); logged."""
    representation, role = representation_for_authority(actor, representative_id, lock=True)
    if not authority_verified(representation):
        raise InvalidInput(
            Text(
                "Er is geen controle van het gezag vastgelegd om in te trekken.",
                "There is no check of the authority recorded to withdraw.",
            ),
            field="representative",
        )
    representation.authority_revoked_at = timezone.now()
    representation.save(update_fields=["authority_revoked_at"])
    if not in_force(representation):
        # Imported here: distribution builds on cases, which build on the directory.
        from secondopinion.distribution.services import representation_sendings_withdraw

        representation_sendings_withdraw(
            representative_user=representation.user, patient_id=representation.patient_id
        )
    _logged(actor, "update", representation, role, source)
    return representation


def authority_page(*, actor: User, representative_id: int, source: str) -> tuple[Representative, str]:
    """The coordinator reads one representation to record or withdraw the check of the authority;
    the read names the patient in the access log."""
    representation, role = representation_for_authority(actor, representative_id)
    _logged(actor, "read", representation, role, source)
    return representation, role


def representations_of_representative(*, user: User, source: str) -> list[Representative]:
    """The representative's own page ("Voor wie ik handel"): every person the user is registered to act
    for, with the patient (the rule reads the date of birth). Each person shown is a logged read of
    that patient's data (in her "who looked at my file"), written in one statement however many."""
    from types import SimpleNamespace
    from typing import cast

    from secondopinion.audit.services import access_record_each
    from secondopinion.cases.models import SecondOpinionCase
    from secondopinion.core.roles import Role

    if not (user.is_authenticated and user.is_active):
        raise NotFound(REPRESENTATION_NOT_FOUND)
    rows = list(
        Representative.objects.filter(user=user).select_related("patient").order_by("patient__name", "pk")
    )
    # access_record_each writes one event per item from its patient_id and pk (the case): here a
    # patient without a case.
    reads = [SimpleNamespace(patient_id=row.patient_id, pk=None) for row in rows]
    access_record_each(
        actor=user,
        action="read",
        data="representation",
        source=source,
        role=Role.REPRESENTATIVE,
        basis=Role.REPRESENTATIVE,
        cases=cast(list[SecondOpinionCase], reads),
        on_behalf_of=[row.patient.name for row in rows],  # NEN 7513: the patient he acts for
    )
    return rows


def _logged(actor: User, action: str, representation: Representative, role: str, source: str) -> None:
    """The access-log event of reading or changing one representation, naming its patient."""
    access_record(
        actor=actor,
        action=action,
        data="representation",
        source=source,
        role=role,
        basis=role,
        patient=representation.patient,
    )
