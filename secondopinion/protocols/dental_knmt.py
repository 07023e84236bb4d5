"""`dental-knmt`: the KNMT practice guideline for dentists who give a second opinion (seeds 000, 001)."""

import datetime as dt

from secondopinion.core.text import Text
from secondopinion.protocols import consent_rules, shared
from secondopinion.protocols.common import (
    ACCEPTED,
    CLOSED,
    COMMON_RULES,
    IN_EXAMINATION,
    INFORMED,
    REPORT_FINAL,
)
from secondopinion.protocols.engine import (
    EDIT_REPORT,
    INFORM_OWN_PRACTITIONER,
    SUBMIT,
    BillingCode,
    Protocol,
    Rule,
)
from secondopinion.protocols.snapshot import CaseSnapshot
from secondopinion.protocols.vocabulary import REPORT_SECTIONS, REQUIRED_REPORT_SECTIONS

# The rest of the contract that holds for dentists too (seeds 000, 001, 004).
SHARED_RULES = (
    shared.R1,
    shared.R6,
    shared.R7,
    shared.R8,
    shared.R12,
    consent_rules.R16,
    consent_rules.R17,
    consent_rules.R18,
    consent_rules.R19,
    shared.R20,
    shared.R21,
    shared.R26_ORAL,
    shared.R28,
)

CODE = "dental-knmt"

# R25: C011 now; the older documents (seeds 001, 002) name C28, valid until the end of 2017.
BILLING_CODES = (
    BillingCode(
        "C28",
        Text(
            "Uitgebreid onderzoek t.b.v. opstellen en vastleggen behandelplan",
            "Extended examination to draw up and record a treatment plan",
        ),
        dt.date(2010, 1, 1),
        dt.date(2017, 12, 31),
    ),
    BillingCode(
        "C011",
        Text(
            "Uitgebreid onderzoek ten behoeve van een second opinion",
            "Extended examination for a second opinion",
        ),
        dt.date(2018, 1, 1),
    ),
)
BILLING_CODE = BILLING_CODES[-1].code

# R16 (seed 000): what the giver may request from the own dentist, with the patient's consent.
RECORDS: dict[str, Text] = {
    "xrays": Text("röntgenfoto's", "X-rays"),
    "models": Text("modellen", "models"),
    "intraoral_scans": Text("intra-orale scans", "intra-oral scans"),
    "care_goal": Text("zorgdoel", "care goal"),
    "care_plan": Text("zorgplan", "care plan"),
    "treatment_plan": Text("behandelplan", "treatment plan"),
    "periodontal_status": Text("parodontale status", "periodontal status"),
}


FINISHED_WORK_GUIDANCE = Text(
    "Een second opinion bij de tandarts kan alleen vóór de behandeling; het is uitdrukkelijk "
    "geen beoordeling van een uitgevoerde behandeling. Heeft u een klacht over de "
    "behandeling, wend u dan tot de klachtenregeling van uw tandarts, of vraag een nieuw "
    "onderzoek aan bij een andere tandarts.",
    "A dental second opinion is only possible before the treatment starts; it is explicitly "
    "not an assessment of treatment already carried out. For a complaint about the "
    "treatment, turn to your dentist's complaint scheme, or ask another dentist for a new "
    "examination.",
)


def _before_treatment(s: CaseSnapshot, action: str) -> Text | None:
    """R2: a dental second opinion is only possible before the treatment has started."""
    if not s.treatment_started and s.subject != "finished_work":
        return None
    return FINISHED_WORK_GUIDANCE


R2 = Rule(
    id="R2",
    seeds=("000",),
    text=Text(
        "Een tandheelkundige second opinion kan alleen worden uitgevoerd voordat de behandeling "
        "is gestart; het is geen beoordeling van een reeds uitgevoerde behandeling.",
        "A dental second opinion can only be given before the treatment has started; it is not "
        "an assessment of treatment already carried out.",
    ),
    guards=frozenset({SUBMIT, ACCEPTED}),
    check=_before_treatment,
)


def _agreements(s: CaseSnapshot, action: str) -> Text | None:
    """R14: written report (always, for dentists), copies and informing the own practitioner agreed."""
    if not s.agreements_recorded:
        return Text(
            "De afspraken vooraf (schriftelijke rapportage, wie een afschrift krijgt, of de eigen "
            "tandarts geïnformeerd mag worden) zijn niet vastgelegd.",
            "The agreements made beforehand (written report, who receives a copy, whether the own "
            "dentist may be informed) have not been recorded.",
        )
    if not s.written_report_agreed:
        return Text(
            "Bij een tandheelkundige second opinion wordt het oordeel altijd schriftelijk vastgelegd.",
            "A dental second opinion is always put in writing.",
        )
    return None


R14 = Rule(
    id="R14",
    seeds=("000", "001"),
    text=Text(
        "Vooraf wordt afgesproken of het oordeel schriftelijk wordt vastgelegd (bij de tandarts "
        "altijd), wie een afschrift krijgt en of de eigen behandelaar wordt geïnformeerd.",
        "Agreed beforehand: whether the opinion is put in writing (for dentists always), who "
        "receives a copy, and whether the own practitioner may be informed.",
    ),
    guards=frozenset({INFORMED, IN_EXAMINATION, REPORT_FINAL}),
    check=_agreements,
)


def _report_content(s: CaseSnapshot, action: str) -> Text | None:
    """R22: the report covers findings, deviations, consequences and risks, and advice."""
    missing = [REPORT_SECTIONS[k] for k in REQUIRED_REPORT_SECTIONS if k not in s.report_sections]
    if not missing:
        return None
    return Text(
        "Het rapport mist: " + "; ".join(m.nl for m in missing) + ".",
        "The report lacks: " + "; ".join(m.en for m in missing) + ".",
    )


R22 = Rule(
    id="R22",
    seeds=("000", "001"),
    text=Text(
        "Het oordeel beschrijft de relevante afwijkingen van diagnose, plan of werk, de "
        "tandheelkundige en financiële gevolgen en gezondheidsrisico's, en geeft advies. Het "
        "ondersteunt het besluit van patiënt en behandelaar; de gever beslist niet.",
        "The opinion covers the relevant deviations from the diagnosis, plan or work, the dental "
        "and financial consequences and health risks, and advice. It supports the decision of "
        "the patient and the treating practitioner; the giver does not decide.",
    ),
    guards=frozenset({REPORT_FINAL}),
    check=_report_content,
)


def _distribution_known(s: CaseSnapshot, action: str) -> Text | None:
    """R23: who receives the report must follow from the referral and the agreements."""
    if s.agreements_recorded:
        return None
    return Text(
        "Zonder vastgelegde afspraken is niet bekend wie het rapport mag ontvangen.",
        "Without recorded agreements it is not known who may receive the report.",
    )


NOT_INFORMED_WITHOUT_CONSENT = Text(
    "Afgesproken dat de eigen behandelaar wordt geïnformeerd, maar de patiënt heeft daarvoor geen "
    "toestemming gegeven: het rapport gaat niet naar de eigen behandelaar.",
    "Agreed that the own practitioner is informed, but the patient has not given consent for it: the "
    "report does not go to the own practitioner.",
)
NOT_INFORMED_CONSENT_REVOKED = Text(
    "Afgesproken dat de eigen behandelaar wordt geïnformeerd, maar de patiënt heeft de toestemming "
    "daarvoor ingetrokken: het rapport gaat niet naar de eigen behandelaar.",
    "Agreed that the own practitioner is informed, but the patient has revoked the consent for it: the "
    "report does not go to the own practitioner.",
)


def _informed_as_agreed(s: CaseSnapshot, action: str) -> Text | None:
    """R23: the agreement to inform the own practitioner (R14) is carried out only on the patient's
    written consent in force (000, 001, 002); without it the report does not reach him, and staff are
    told so. Advice, not a block: the patient may still give it, and the report follows (R18)."""
    if not s.inform_own_practitioner_agreed or s.referred_by_treating or s.requester_kind == "practitioner":
        return None  # nothing agreed, or he receives the report anyway (he referred or asked himself)
    if INFORM_OWN_PRACTITIONER in s.consents_in_force:
        return None
    if INFORM_OWN_PRACTITIONER in s.revoked_consents:
        return NOT_INFORMED_CONSENT_REVOKED
    return NOT_INFORMED_WITHOUT_CONSENT


R23 = Rule(
    id="R23",
    seeds=("000", "001", "002"),
    text=Text(
        "Het schriftelijke rapport gaat naar de aanvrager. Heeft de eigen behandelaar verwezen, "
        "dan wordt hij geïnformeerd. Kwam de patiënt op eigen initiatief, dan alleen met "
        "uitdrukkelijke schriftelijke toestemming.",
        "The written report goes to the requester. If the treating practitioner referred, he is "
        "informed. If the patient came on his own, only with explicit written consent.",
    ),
    guards=frozenset({REPORT_FINAL}),
    check=_distribution_known,
    advice=_informed_as_agreed,
)


def _report_open(s: CaseSnapshot, action: str) -> Text | None:
    """R24: a finalised report is immutable; a correction is an addendum."""
    if not s.report_final:
        return None
    return Text(
        "Het rapport is definitief en kan niet meer worden gewijzigd; voeg een addendum toe.",
        "The report is final and can no longer be changed; add an addendum instead.",
    )


R24 = Rule(
    id="R24",
    seeds=("000",),
    text=Text(
        "Een definitief rapport is onveranderlijk; een correctie is een addendum.",
        "A finalised report is immutable; a correction is an addendum.",
    ),
    guards=frozenset({EDIT_REPORT, REPORT_FINAL}),
    check=_report_open,
)


def _billed(s: CaseSnapshot, action: str) -> Text | None:
    """R25: the second opinion is billed with one of the protocol's codes (C011; C28 in older documents)."""
    if {code.code for code in BILLING_CODES} & s.billing_codes:
        return None
    return Text(
        f"Er is nog geen declaratieregel {BILLING_CODE} (uitgebreid onderzoek t.b.v. second opinion).",
        f"There is no {BILLING_CODE} billing line yet (extended examination for a second opinion).",
    )


R25 = Rule(
    id="R25",
    seeds=("000", "001", "002"),
    text=Text(
        "Voor een second opinion wordt prestatiecode C011 gedeclareerd (consulten, onderzoek, "
        "afwijkingen beschrijven, schriftelijk oordeel, anamneses en advies); overige "
        "noodzakelijke verrichtingen volgens de tariefbeschikking. Oudere documenten noemen C28.",
        "A second opinion is billed with code C011 (consults, examination, describing "
        "deviations, the written opinion, anamneses and advice); other necessary procedures per "
        "the tariff decision. Older documents name C28.",
    ),
    guards=frozenset({CLOSED}),
    check=_billed,
)

PROTOCOL = Protocol(
    code=CODE,
    name=Text("Tandarts (KNMT-praktijkrichtlijn)", "Dentist (KNMT practice guideline)"),
    plain_name=Text("Tandarts", "Dentist"),
    discipline="dentist",
    seeds=("000", "001"),
    rules=(R2, *COMMON_RULES, R14, R22, R23, R24, R25, *SHARED_RULES),
    records=RECORDS,
    billing_codes=BILLING_CODES,
    guidance={"not_admissible": FINISHED_WORK_GUIDANCE},
)
