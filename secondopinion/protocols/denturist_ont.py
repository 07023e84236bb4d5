"""`denturist-ont`: the ONT rules for a second opinion on a denturist's work (seed 002; 001 for costs)."""

from secondopinion.core.text import Text
from secondopinion.protocols.common import (
    AFTER_ASSIGNMENT,
    ASSIGNED,
    IN_EXAMINATION,
    INFORMED,
    R5,
    R9,
    R13,
    R15,
    R27,
    REPORT_FINAL,
    connected,
    undeclared,
)
from secondopinion.protocols.consent_rules import R16, R17, R18, R19
from secondopinion.protocols.dental_knmt import BILLING_CODES, R22, R23, R24, R25
from secondopinion.protocols.engine import Protocol, Rule
from secondopinion.protocols.shared import R1, R6, R7, R8, R12, R20, R26_ORAL, R28
from secondopinion.protocols.snapshot import CaseSnapshot

CODE = "denturist-ont"

# R16: what the giver may request from the own denturist, with the patient's consent.
RECORDS: dict[str, Text] = {
    "xrays": Text("röntgenfoto's", "X-rays"),
    "models": Text("modellen en beetregistratie", "models and bite registration"),
    "intraoral_scans": Text("intra-orale scans", "intra-oral scans"),
    "treatment_plan": Text("behandelplan", "treatment plan"),
    "prosthesis_record": Text(
        "dossier van de prothese (ontwerp, materialen, nazorg)",
        "record of the prosthesis (design, materials, aftercare)",
    ),
}


def _adjusted(s: CaseSnapshot, action: str) -> Text | None:
    """R3 broken: the prosthesis was adjusted while the hold stood."""
    if s.prosthesis_adjusted:
        return Text(
            "De prothese is tijdens de second opinion aangepast; de oorspronkelijke situatie is niet meer te beoordelen.",
            "The prosthesis was adjusted during the second opinion; the original situation can no longer be judged.",
        )
    return None


def _hold(s: CaseSnapshot, action: str) -> Text | None:
    """R3: the prosthesis stays as it is while the opinion runs, so the original can still be judged."""
    if adjusted := _adjusted(s, action):
        return adjusted
    if not s.prosthesis_hold:
        return Text(
            "Leg vast dat de prothese tijdens de second opinion niet wordt aangepast.",
            "Record that the prosthesis is not adjusted while the second opinion runs.",
        )
    return None


R3 = Rule(
    id="R3",
    seeds=("002",),
    text=Text(
        "Bij de tandprotheticus is een second opinion vaak een oordeel over een uitgevoerde behandeling, en dat is "
        "toegestaan. Zolang zij loopt, wordt de prothese niet aangepast, zodat de oorspronkelijke situatie te "
        "beoordelen blijft.",
        "For a denturist a second opinion is often a judgement of treatment already done, and that is admissible. "
        "While it runs the prosthesis must not be adjusted, so the original situation can still be judged.",
    ),
    guards=frozenset({ASSIGNED, INFORMED, IN_EXAMINATION, REPORT_FINAL}),
    check=_hold,
    ongoing=True,
    breached=_adjusted,
)


def _independent_denturist_or_dentist(s: CaseSnapshot, action: str) -> Text | None:
    """R10 for denturists: a denturist or a dentist, unconnected, not the treating practitioner."""
    if not s.giver_assigned:
        return Text("Er is geen second opinion-gever gekozen.", "No second-opinion giver has been chosen.")
    if s.giver_is_treating or s.giver_same_organisation:
        return Text(
            "De gever is de eigen behandelaar of werkt in dezelfde praktijk.",
            "The giver is the treating practitioner or works in the same practice.",
        )
    if s.giver_discipline not in ("denturist", "dentist"):
        return Text(
            "De gever moet tandprotheticus of tandarts zijn.", "The giver must be a denturist or a dentist."
        )
    return connected(s) or undeclared(s, action)


R10 = Rule(
    id="R10",
    seeds=("000", "004"),
    text=Text(
        "De gever werkt in hetzelfde vakgebied en op hetzelfde niveau, is op geen enkele wijze met de eigen "
        "behandelaar verbonden en heeft geen direct belang. Bij de tandprotheticus: een tandprotheticus of tandarts. "
        "De gever verklaart dit voordat de second opinion verdergaat.",
        "The giver works in the same discipline at the same level, is in no way connected to the treating "
        "practitioner and has no direct interest. For a denturist: a denturist or a dentist. The giver declares "
        "this before the second opinion proceeds.",
    ),
    guards=frozenset({ASSIGNED}) | AFTER_ASSIGNMENT,
    check=_independent_denturist_or_dentist,
)


def _ont_member(s: CaseSnapshot, action: str) -> Text | None:
    """R11: preferably an ONT member, or a dentist (advisory)."""
    if s.giver_discipline == "dentist" or s.giver_ont_member:
        return None
    return Text(
        "Bij voorkeur een tandprotheticus die lid is van de ONT, of een tandarts.",
        "Preferably a denturist who is an ONT member, or a dentist.",
    )


R11 = Rule(
    id="R11",
    seeds=("002",),
    text=Text(
        "Bij voorkeur door een tandprotheticus die lid is van de ONT, of door een tandarts.",
        "Preferably by a denturist who is an ONT member, or by a dentist.",
    ),
    guards=frozenset({ASSIGNED}),
    check=_ont_member,
    blocking=False,
    for_patient=Text(
        "Het liefst geeft een tandprotheticus die lid is van de ONT (de beroepsvereniging), of een tandarts, "
        "uw second opinion. De praktijk let daarop.",
        "Preferably a denturist who is a member of the ONT (the professional association), or a dentist, "
        "gives your second opinion. The practice takes care of that.",
    ),
)


def _agreements(s: CaseSnapshot, action: str) -> Text | None:
    """R14: agreed beforehand (for a denturist the written report is preferred, not required)."""
    if s.agreements_recorded:
        return None
    return Text(
        "Bespreek vooraf of het oordeel schriftelijk wordt vastgelegd, wie een afschrift krijgt en of het met de "
        "eigen tandprotheticus besproken mag worden.",
        "Agree beforehand whether the opinion is put in writing, who receives a copy and whether it may be "
        "discussed with the own denturist.",
    )


R14 = Rule(
    id="R14",
    seeds=("002",),
    text=Text(
        "Vooraf wordt besproken of het oordeel (bij voorkeur) schriftelijk wordt vastgelegd, wie een afschrift krijgt "
        "en of de gever het met de eigen behandelaar bespreekt (alleen met uitdrukkelijke toestemming).",
        "Agreed beforehand: whether the opinion is (preferably) put in writing, who receives a copy, and whether the "
        "giver discusses it with the own practitioner (only with explicit consent).",
    ),
    guards=frozenset({INFORMED, IN_EXAMINATION, REPORT_FINAL}),
    check=_agreements,
)

PROTOCOL = Protocol(
    code=CODE,
    name=Text("Tandprotheticus (ONT)", "Denturist (ONT)"),
    plain_name=Text("Tandprotheticus", "Denturist"),
    discipline="denturist",
    seeds=("002", "001"),
    rules=(
        R1,
        R3,
        R5,
        R6,
        R7,
        R8,
        R9,
        R10,
        R11,
        R12,
        R13,
        R14,
        R15,
        R16,
        R17,
        R18,
        R19,
        R20,
        R22,
        R23,
        R24,
        R25,
        R26_ORAL,
        R27,
        R28,
    ),
    records=RECORDS,
    billing_codes=BILLING_CODES,
    holds_work=True,
)
