"""`medical-specialist`: a second opinion on a hospital specialist (seeds 003, 004)."""

from dataclasses import replace

from secondopinion.core.text import Text
from secondopinion.protocols.common import IN_EXAMINATION, INFORMED, R5, R9, R10, R13, R15, R27, REPORT_FINAL
from secondopinion.protocols.consent_rules import R16, R17, R18, R19
from secondopinion.protocols.dental_knmt import R22, R23, R24
from secondopinion.protocols.engine import Protocol, Rule
from secondopinion.protocols.guidance import GUIDANCE
from secondopinion.protocols.shared import R1, R4, R6, R7, R8, R12, R20, R26, R28
from secondopinion.protocols.snapshot import CaseSnapshot

CODE = "medical-specialist"

# R16, R17: what the giver may request from the treating specialist (or the patient fetches himself).
RECORDS: dict[str, Text] = {
    "dossier": Text("medisch dossier", "medical record"),
    "referral_letter": Text("verwijsbrief", "referral letter"),
    "discharge_letter": Text("ontslagbrief", "discharge letter"),
    "imaging": Text("beeldvorming (röntgen, CT, MRI) met verslagen", "imaging (X-ray, CT, MRI) with reports"),
    "lab_results": Text("laboratoriumuitslagen", "laboratory results"),
    "treatment_plan": Text("behandelplan", "treatment plan"),
}

R22_MEDICAL = replace(
    R22,
    seeds=("000", "001", "004"),
    text=Text(
        "Het oordeel beschrijft de relevante afwijkingen van diagnose of behandelplan, de gevolgen en "
        "gezondheidsrisico's, en geeft advies. Het ondersteunt het besluit van patiënt en hoofdbehandelaar; de "
        "gever beslist niet.",
        "The opinion covers the relevant deviations from the diagnosis or treatment plan, the consequences and "
        "health risks, and advice. It supports the decision of the patient and the treating physician; the giver "
        "does not decide.",
    ),
)


def _agreements(s: CaseSnapshot, action: str) -> Text | None:
    """R14: agreed beforehand who receives the report and whether the treating physician is informed."""
    if s.agreements_recorded:
        return None
    return Text(
        "Leg vooraf vast wie het verslag ontvangt en of de hoofdbehandelaar wordt geïnformeerd.",
        "Record beforehand who receives the report and whether the treating physician is informed.",
    )


R14_MEDICAL = Rule(
    id="R14",
    seeds=("001", "002"),
    text=Text(
        "Vooraf wordt afgesproken hoe het oordeel wordt vastgelegd, wie een afschrift krijgt en of de eigen "
        "behandelaar wordt geïnformeerd.",
        "Agreed beforehand: how the opinion is recorded, who receives a copy, and whether the own practitioner "
        "is informed.",
    ),
    guards=frozenset({INFORMED, IN_EXAMINATION, REPORT_FINAL}),
    check=_agreements,
)

RULES = (
    R1,
    R4,
    R5,
    R6,
    R7,
    R8,
    R9,
    R10,
    R12,
    R13,
    R14_MEDICAL,
    R15,
    R16,
    R17,
    R18,
    R19,
    R20,
    R22_MEDICAL,
    R23,
    R24,
    R26,
    R27,
    R28,
)

# Seed 003, "Verantwoordelijkheden patiënt": whoever moves on to another hospital (a new referral or a
# transfer of care) fetches the dossier and brings it there, and "in alle gevallen" checks with the insurer
# whether the referral is reimbursed care. The patient reads it with the guidance of a redirected request.
PATIENT_RESPONSIBILITIES = Text(
    "Gaat u naar een ander ziekenhuis? Vraag dan zelf uw dossier op en zorg dat het bij het nieuwe ziekenhuis "
    "komt. Vraag ook zelf aan uw zorgverzekeraar of de zorg na de verwijzing wordt vergoed.",
    "Are you going to another hospital? Then ask for your record (dossier) yourself and make sure it reaches "
    "the new hospital. Also ask your health insurer yourself whether the care after the referral is reimbursed.",
)


def _with_responsibilities(text: Text) -> Text:
    return Text(f"{text.nl} {PATIENT_RESPONSIBILITIES.nl}", f"{text.en} {PATIENT_RESPONSIBILITIES.en}")


GUIDANCE_MEDICAL = {
    key: _with_responsibilities(GUIDANCE[key]) for key in ("transfer_of_care", "new_referral")
}

PROTOCOL = Protocol(
    code=CODE,
    name=Text("Medisch specialist", "Medical specialist"),
    discipline="medical_specialist",
    seeds=("003", "004"),
    rules=RULES,
    records=RECORDS,
    guidance=GUIDANCE_MEDICAL,
)
