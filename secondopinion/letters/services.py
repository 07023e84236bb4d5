"""Making a letter from the case: the patient's side only (access/permissions.py, Action.WRITE_LETTER),
in one transaction with its access-log event. Bad input names its field and changes nothing."""

from collections.abc import Sequence

from django.db import transaction
from django.utils import timezone

from secondopinion.access.doors import case_for
from secondopinion.access.permissions import Action
from secondopinion.access.policy import acting_for
from secondopinion.accounts.models import User
from secondopinion.audit.kinds import DataKind
from secondopinion.audit.services import access_record
from secondopinion.cases.models import SecondOpinionCase
from secondopinion.core.errors import InvalidInput, TransitionNotAllowed
from secondopinion.core.roles import Role
from secondopinion.core.text import Text
from secondopinion.core.textcheck import control_character, is_blank
from secondopinion.letters.content import (
    OWN_SENTENCE_MAX,
    WHOLE_RECORD,
    WHOLE_RECORD_LABEL,
    WHOLE_RECORD_LABEL_FOR,
    Addressee,
    Party,
    compose,
    content_hash,
)
from secondopinion.letters.models import PatientLetter
from secondopinion.protocols.lifecycle import FINAL_STATES
from secondopinion.protocols.registry import get_protocol
from secondopinion.protocols.vocabulary import SUBJECTS

LANGUAGES = ("nl", "en")
CASE_ENDED = Text(
    "Deze aanvraag is afgerond. U kunt er geen nieuwe brief meer bij maken.",
    "This request has ended. You can no longer make a new letter for it.",
)


def record_parts(case: SecondOpinionCase) -> dict[str, Text]:
    """What the patient may ask a copy of: the whole record, or the parts the case's protocol names (R16)."""
    return {WHOLE_RECORD: WHOLE_RECORD_LABEL, **get_protocol(case.protocol).records}


def _own_sentence(value: str) -> str:
    if control_character(value) is not None:
        raise InvalidInput(
            Text(
                "Uw eigen zin: de tekst mag geen stuurtekens bevatten.",
                "Your own sentence: the text may not contain control characters.",
            ),
            field="own_sentence",
        )
    value = "" if is_blank(value) else value.strip()
    if len(value) > OWN_SENTENCE_MAX:
        raise InvalidInput(
            Text(
                f"Uw eigen zin: ten hoogste {OWN_SENTENCE_MAX} tekens (nu {len(value)}).",
                f"Your own sentence: at most {OWN_SENTENCE_MAX} characters (now {len(value)}).",
            ),
            field="own_sentence",
        )
    return value


def _parts(case: SecondOpinionCase, kind: str, parts: Sequence[str], on_behalf: bool) -> list[Text]:
    if kind != PatientLetter.Kind.RECORDS:
        return []
    known = record_parts(case)
    chosen = [part for part in known if part in set(parts)]
    if not chosen or len(chosen) != len(set(parts)):
        raise InvalidInput(
            Text(
                "Welke gegevens: kies wat u wilt ontvangen.",
                "Which records: choose what you want to receive.",
            ),
            field="parts",
        )
    if WHOLE_RECORD in chosen:
        return [WHOLE_RECORD_LABEL_FOR if on_behalf else WHOLE_RECORD_LABEL]
    return [known[part] for part in chosen]


def _party(actor: User, role: Role, case: SecondOpinionCase) -> Party:
    patient = case.patient
    on_behalf = role == Role.REPRESENTATIVE
    contact = actor.email if on_behalf else (patient.email or patient.phone or actor.email)
    return Party(
        patient_name=patient.name,
        patient_birth=patient.date_of_birth,
        sender_name=str(actor) if on_behalf else patient.name,
        on_behalf=on_behalf,
        contact=contact,
    )


@transaction.atomic
def letter_create(
    *,
    actor: User,
    case_id: int,
    kind: str,
    language: str,
    parts: Sequence[str] = (),
    own_sentence: str = "",
    source: str,
) -> PatientLetter:
    """A letter to the treating practitioner, composed from the case and recorded on it."""
    case, role = case_for(actor, case_id, Action.WRITE_LETTER)
    if kind not in PatientLetter.Kind.values:
        raise InvalidInput(
            Text("Kies welke brief u wilt maken.", "Choose which letter to make."), field="kind"
        )
    if language not in LANGUAGES:
        raise InvalidInput(
            Text("Taal: kies Nederlands of English.", "Language: choose Nederlands or English."),
            field="language",
        )
    if case.status in FINAL_STATES:
        raise TransitionNotAllowed(CASE_ENDED)
    sentence = _own_sentence(own_sentence)
    chosen = _parts(case, kind, parts, on_behalf=role == Role.REPRESENTATIVE)
    treating = case.treating_practitioner
    practice = treating.organisation
    content = compose(
        kind=kind,
        language=language,
        party=_party(actor, role, case),
        addressee=Addressee(
            name=treating.name,
            practice=practice.name,
            street=practice.street_address,
            place=" ".join(part for part in (practice.postcode, practice.city) if part),
        ),
        giver_practice=case.organisation.name,
        subject=SUBJECTS.get(case.subject, SUBJECTS["treatment_plan"]),
        parts=chosen,
        own_sentence=sentence,
        today=timezone.localdate(),
    )
    letter = PatientLetter.objects.create(
        case=case,
        kind=kind,
        language=language,
        generated_by=actor,
        generated_role=role,
        content=content.as_dict(),
        content_hash=content_hash(content),
    )
    access_record(
        actor=actor,
        action="create",
        data=DataKind.PATIENT_LETTER.of(),
        source=source,
        role=role,
        basis=role,
        case=case,
        on_behalf_of=acting_for(role, case),
    )
    return letter
