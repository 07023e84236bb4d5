"""Which patient a submission names (by id, by BSN with the date of birth, or both, which must agree),
and the one answer given when that patient cannot be identified, whatever the reason: so that no
answer tells a registered BSN from an unregistered one (cases/services.py case_submit)."""

import copy

from django.core.exceptions import ValidationError

from secondopinion.access.identity import identify
from secondopinion.accounts.models import User
from secondopinion.audit.security import (
    keyed_hash,
)
from secondopinion.cases.inputs import SubmitInput
from secondopinion.core.errors import (
    InvalidInput,
)
from secondopinion.core.text import Text
from secondopinion.directory.identification import required_birth_date
from secondopinion.directory.models import Patient
from secondopinion.directory.validators import normalise_bsn, validate_bsn

IDENTIFY_THROTTLED = Text(
    "U heeft te vaak een patiënt opgegeven voor wie geen verzoek kon worden ingediend. Probeer het later opnieuw.",
    "You named a patient for whom no request could be submitted too often. Try again later.",
)


def identify_refused(named_by: str) -> Text:
    """The one answer for a patient who cannot be identified, whatever the reason (defect: a BSN oracle)."""
    if "," in named_by:
        return Text(
            "Voor deze patiënt kunnen wij geen verzoek indienen. Controleer de gekozen patiënt en het "
            "BSN (patient_id, patient_bsn): beide moeten dezelfde patiënt aanwijzen, voor wie u een "
            "verzoek mag indienen.",
            "We cannot submit a request for this patient. Check the chosen patient and the BSN "
            "(patient_id, patient_bsn): both must name the same patient, one you may submit a request for.",
        )
    what = IDENTIFYING.get(named_by, Text(named_by, named_by))
    return Text(
        f"Voor deze patiënt kunnen wij geen verzoek indienen. Controleer {what.nl}.",
        f"We cannot submit a request for this patient. Check {what.en}.",
    )


# What a person typed to name the patient, in words (the field's name stays in the error's `field`).
IDENTIFYING = {
    "patient_bsn": Text("het BSN en de geboortedatum", "the BSN and the date of birth"),
    "patient_birth_date": Text("het BSN en de geboortedatum", "the BSN and the date of birth"),
    "patient_id": Text("de gekozen patiënt", "the chosen patient"),
}


def naming_fields(patient: Patient) -> str:
    """Which submitted field(s) named the patient (set by submitted_patient)."""
    return str(getattr(patient, "_tm_named_by", "patient_id"))


def _patient_by_id(actor: User, patient_id: int) -> Patient | None:
    """The patient with this id; a patient naming himself is already known (access.policy.identify)."""
    identify(actor)
    own = getattr(actor, "patient", None)
    if own is not None and own.pk == patient_id:
        return copy.copy(own)  # the submission marks it (_tm_named_by); the user's own stays as it is
    return Patient.objects.filter(pk=patient_id).first()


def submitted_patient(data: SubmitInput, actor: User) -> Patient:
    """The patient the request names, by id, by BSN, or by both (which must agree). A patient who
    cannot be found is not refused here but returned unsaved: _submit_role refuses every failed
    identification the same way, after the checks every request gets, so that no answer depends on
    whether the BSN or id is registered."""
    bsn = ""
    if data.patient_bsn:
        bsn = normalise_bsn(data.patient_bsn)
        try:
            validate_bsn(bsn)
        except ValidationError as exc:
            raise InvalidInput(
                Text(
                    f"{data.patient_bsn!r} is geen geldig BSN (9 cijfers die de elfproef doorstaan).",
                    f"{data.patient_bsn!r} is not a valid BSN (9 digits that pass the 11-check).",
                ),
                field="patient_bsn",
            ) from exc
    patient_id = data.patient_id
    if not bsn and patient_id is None:
        # A patient asking for herself names nobody: the request is hers, as in the web wizard. Her
        # patient row came with her identity (access/identity.py), so this reads nothing more.
        identify(actor)
        own = getattr(actor, "patient", None) if data.requester_kind == "patient" else None
        if own is None:
            raise InvalidInput(
                Text(
                    "Geef de patiënt op (patient_id of patient_bsn).",
                    "Name the patient (patient_id or patient_bsn).",
                ),
                field="patient_id",
            )
        patient_id = own.pk
    by_id = _patient_by_id(actor, patient_id) if patient_id is not None else None
    by_bsn = None
    if bsn:  # a BSN names a patient only together with the date of birth
        born = required_birth_date(data.patient_birth_date, "patient_birth_date")
        by_bsn = Patient.objects.filter(bsn=bsn, date_of_birth=born).first()
    named_by = ",".join(
        name for name, given in (("patient_id", patient_id is not None), ("patient_bsn", bsn)) if given
    )
    if patient_id is not None and bsn:
        # Both given: they must name one and the same patient.
        patient = by_id if by_id is not None and by_bsn is not None and by_id.pk == by_bsn.pk else None
    else:
        patient = by_id if patient_id is not None else by_bsn
    if patient is None:
        patient = Patient()  # unsaved: nobody, or two different patients
    patient.__dict__["_tm_named_by"] = named_by
    # For the security log: which number was probed, as a keyed hash (never the BSN itself).
    patient.__dict__["_tm_probe"] = f"bsn#{keyed_hash(bsn)}" if bsn else f"patient_id={patient_id}"
    return patient
