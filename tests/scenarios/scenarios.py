"""Realistic intake situations drawn from the five seeds, each with what the system should do.

A scenario is either refused at submission (with the rule ids that refused it), or created with
an expected `suggested_classification` and the rule ids behind it; optionally the coordinator then
triages it (accept, redirect or refuse) and the scenario says whether that succeeds (the step then
records the rules it passed) or which rules block it.
"""

import re
import unicodedata
from dataclasses import dataclass

DENTAL = "dental-knmt"
DENTURIST = "denturist-ont"
MEDICAL = "medical-specialist"
GP = "general-practice"

DISCIPLINE = {DENTAL: "dentist", DENTURIST: "denturist", MEDICAL: "medical_specialist", GP: "gp"}

# The blocking rules a successful triage step passes and records, per protocol and target:
# R2 only for dentists (timing), R4 only for medical and GP care (still under treatment).
TRIAGE_PASSES = {
    (DENTAL, "accepted"): ("R1", "R2", "R5", "R7", "R8"),
    (DENTURIST, "accepted"): ("R1", "R5", "R7", "R8"),
    (MEDICAL, "accepted"): ("R1", "R4", "R5", "R7", "R8"),
    (GP, "accepted"): ("R1", "R4", "R5", "R7", "R8"),
    **{(protocol, "redirected"): ("R5",) for protocol in DISCIPLINE},
    **{(protocol, "refused"): ("R9",) for protocol in DISCIPLINE},
}


@dataclass(frozen=True)
class Scenario:
    name: str
    seeds: tuple[str, ...]
    protocol: str
    care_question: str
    subject: str = "treatment_plan"
    treatment_started: bool = False
    under_treatment: str = "yes"
    wants_transfer: bool = False
    has_referral: bool = False
    requester_kind: str = "patient"
    referrer: str | None = None  # a cast member ("gp") or "treating"
    own_practitioner_informed: bool = False
    patient_consulted: bool = False
    gp_informed: bool = False
    care_plan_available: bool = True
    specialism: str = ""
    # Expectation at submission: refused (status and rule ids) or created with a suggestion.
    refused_status: int | None = None
    refused_by: tuple[str, ...] = ()
    suggested: str | None = None
    suggested_by: tuple[str, ...] = ()  # the rule ids behind the suggestion (R5, R7, R4, R2)
    # Optional triage by the coordinator: "accept", "redirect" or "refuse".
    triage: str | None = None
    triage_classification: str | None = None  # default: second_opinion / the suggestion
    refusal_note: str = ""
    triage_blocked_by: tuple[str, ...] = ()

    @property
    def slug(self) -> str:
        plain = unicodedata.normalize("NFKD", self.name).encode("ascii", "ignore").decode()
        return re.sub(r"[^a-z0-9]+", "-", plain.lower()).strip("-")

    @property
    def discipline(self) -> str:
        return DISCIPLINE[self.protocol]

    @property
    def triage_passes(self) -> tuple[str, ...]:
        return TRIAGE_PASSES[(self.protocol, self.triage_target)]

    @property
    def triage_target(self) -> str:
        return {"accept": "accepted", "redirect": "redirected", "refuse": "refused"}[self.triage or ""]


SCENARIOS: list[Scenario] = [
    # ── dental-knmt (seeds 000, 001) ────────────────────────────────────────────────────────
    Scenario(
        "Patiënt twijfelt aan voorgestelde extractie 36, behandeling nog niet gestart",
        ("000", "001"),
        DENTAL,
        "Moet kies 36 getrokken worden, of kan een wortelkanaalbehandeling?",
        suggested="second_opinion",
        suggested_by=("R5",),
        triage="accept",
    ),
    Scenario(
        "Patiënt wil een oordeel over een al geplaatste kroon op 21",
        ("000",),
        DENTAL,
        "Is de kroon op 21 goed gemaakt? Hij voelt te hoog.",
        subject="finished_work",
        treatment_started=True,
        refused_status=422,
        refused_by=("R2",),
    ),
    Scenario(
        "Brug 24-26 is al in behandeling en de patiënt twijfelt halverwege",
        ("000",),
        DENTAL,
        "Had de brug op 24-26 wel gemaakt moeten worden?",
        treatment_started=True,
        refused_status=422,
        refused_by=("R2",),
    ),
    Scenario(
        "Patiënt vraagt een oordeel over afgerond werk zonder te zeggen dat het gestart is",
        ("000",),
        DENTAL,
        "Zijn mijn vullingen van vorig jaar goed gelegd?",
        subject="finished_work",
        refused_status=422,
        refused_by=("R2",),
    ),
    Scenario(
        "Patiënt met verwijzing twijfelt aan de diagnose parodontitis van de eigen tandarts",
        ("000", "001"),
        DENTAL,
        "Heb ik echt parodontitis, en is de voorgestelde behandeling nodig?",
        subject="diagnosis",
        has_referral=True,
        own_practitioner_informed=True,
        suggested="second_opinion",
        suggested_by=("R5",),
        triage="accept",
    ),
    Scenario(
        "Tandarts stelt implantaten voor zonder zorgplan en de patiënt wil een tweede mening",
        ("000",),
        DENTAL,
        "Zijn drie implantaten in de onderkaak nodig?",
        care_plan_available=False,
        suggested="second_opinion",
        suggested_by=("R5",),
        triage="accept",
    ),
    Scenario(
        "Patiënt wil dat de second opinion-tandarts de orthodontische behandeling overneemt",
        ("000", "004"),
        DENTAL,
        "Kan een andere tandarts mijn beugelbehandeling overnemen?",
        wants_transfer=True,
        suggested="transfer_of_care",
        suggested_by=("R5", "R7"),
        triage="redirect",
    ),
    Scenario(
        "Coördinator accepteert een overnamewens bij de tandarts toch als second opinion",
        ("000", "004"),
        DENTAL,
        "Ik wil graag een andere tandarts voor mijn hele behandeling.",
        wants_transfer=True,
        suggested="transfer_of_care",
        suggested_by=("R5", "R7"),
        triage="accept",
        triage_blocked_by=("R1", "R7"),
    ),
    Scenario(
        "Verwijzende tandarts vraagt voor de patiënt een second opinion over het zorgdoel",
        ("000",),
        DENTAL,
        "Is het zorgdoel (behoud van alle elementen) realistisch?",
        subject="care_goal",
        requester_kind="referrer",
        referrer="treating",
        suggested="second_opinion",
        suggested_by=("R5",),
        triage="accept",
    ),
    Scenario(
        "Eigen tandarts vraagt zelf een second opinion na overleg met patiënt en huisarts",
        ("000", "003"),
        DENTAL,
        "Is een kaakchirurgische verwijzing voor 38 nodig?",
        requester_kind="practitioner",
        patient_consulted=True,
        gp_informed=True,
        suggested="second_opinion",
        suggested_by=("R5",),
        triage="accept",
    ),
    Scenario(
        "Eigen tandarts vraagt zelf een second opinion zonder de patiënt te raadplegen",
        ("003",),
        DENTAL,
        "Is een kaakchirurgische verwijzing voor 48 nodig?",
        requester_kind="practitioner",
        refused_status=422,
        refused_by=("R8",),
    ),
    Scenario(
        "Tandarts weigert een herhaald verzoek over dezelfde brug om een zwaarwegende reden",
        ("004",),
        DENTAL,
        "Is de brug op 14-16 nodig? (vierde verzoek)",
        suggested="second_opinion",
        suggested_by=("R5",),
        triage="refuse",
        refusal_note="Vierde verzoek over dezelfde vraag binnen een jaar.",
    ),
    # ── denturist-ont (seed 002; 001 for costs) ─────────────────────────────────────────────
    Scenario(
        "Nieuwe gebitsprothese zit slecht en de patiënt wil een oordeel van een andere tandprotheticus",
        ("002",),
        DENTURIST,
        "Is mijn nieuwe bovenprothese goed gemaakt? Hij valt los bij het eten.",
        subject="finished_work",
        treatment_started=True,
        suggested="second_opinion",
        suggested_by=("R5",),
        triage="accept",
    ),
    Scenario(
        "Patiënt twijfelt aan het plan voor een klikgebit, nog niet gestart",
        ("002",),
        DENTURIST,
        "Is een klikgebit op twee implantaten beter dan een nieuwe volledige prothese?",
        suggested="second_opinion",
        suggested_by=("R5",),
        triage="accept",
    ),
    Scenario(
        "Patiënt met verwijzing van de tandarts wil een tweede oordeel over een gerebasede prothese",
        ("002", "001"),
        DENTURIST,
        "Is de rebasing van mijn onderprothese goed uitgevoerd?",
        subject="finished_work",
        treatment_started=True,
        has_referral=True,
        own_practitioner_informed=True,
        suggested="second_opinion",
        suggested_by=("R5",),
        triage="accept",
    ),
    Scenario(
        "Patiënt wil dat een andere tandprotheticus de nieuwe prothese maakt",
        ("002", "004"),
        DENTURIST,
        "Kan een andere tandprotheticus mijn prothese verder maken?",
        wants_transfer=True,
        suggested="transfer_of_care",
        suggested_by=("R5", "R7"),
        triage="redirect",
    ),
    Scenario(
        "Coördinator accepteert een overstap naar een andere tandprotheticus toch als second opinion",
        ("002", "004"),
        DENTURIST,
        "Ik wil een andere tandprotheticus.",
        wants_transfer=True,
        suggested="transfer_of_care",
        suggested_by=("R5", "R7"),
        triage="accept",
        triage_blocked_by=("R1", "R7"),
    ),
    Scenario(
        "Eigen tandprotheticus vraagt zelf een second opinion zonder de huisarts te informeren",
        ("003",),
        DENTURIST,
        "Past de prothese bij de kaakverhoudingen?",
        subject="finished_work",
        requester_kind="practitioner",
        patient_consulted=True,
        refused_status=422,
        refused_by=("R8",),
    ),
    Scenario(
        "Weigering zonder toelichting bij de tandprotheticus wordt tegengehouden",
        ("003", "004"),
        DENTURIST,
        "Is de beetregistratie goed gedaan?",
        subject="finished_work",
        suggested="second_opinion",
        suggested_by=("R5",),
        triage="refuse",
        refusal_note="",
        triage_blocked_by=("R9",),
    ),
    # ── medical-specialist (seeds 003, 004) ─────────────────────────────────────────────────
    Scenario(
        "Neuroloog stelt de diagnose MS en de patiënt twijfelt tijdens de behandeling",
        ("003", "004"),
        MEDICAL,
        "Klopt de diagnose multiple sclerose?",
        subject="diagnosis",
        treatment_started=True,
        specialism="neurologie",
        suggested="second_opinion",
        suggested_by=("R5",),
        triage="accept",
    ),
    Scenario(
        "Patiënt kreeg een ontslagbrief van de orthopeed en wil opnieuw naar zijn knie laten kijken",
        ("003",),
        MEDICAL,
        "Is er na de meniscusoperatie nog iets te doen aan mijn knie?",
        subject="diagnosis",
        treatment_started=True,
        under_treatment="no",
        specialism="orthopedie",
        suggested="new_referral",
        suggested_by=("R4", "R5"),
        triage="redirect",
    ),
    Scenario(
        "Coördinator accepteert na een ontslagbrief van de chirurg toch als second opinion",
        ("003",),
        MEDICAL,
        "Was de galblaasoperatie nodig?",
        subject="treatment_plan",
        treatment_started=True,
        under_treatment="no",
        specialism="chirurgie",
        suggested="new_referral",
        suggested_by=("R4", "R5"),
        triage="accept",
        triage_blocked_by=("R4",),
    ),
    Scenario(
        "Onduidelijk of de patiënt nog onder behandeling is bij de cardioloog",
        ("003",),
        MEDICAL,
        "Moet ik echt een stent krijgen?",
        under_treatment="unclear",
        specialism="cardiologie",
        suggested="unclear",
        suggested_by=("R4", "R5"),
        triage="redirect",
    ),
    Scenario(
        "Onduidelijke behandelrelatie met de longarts wordt niet als second opinion geaccepteerd",
        ("003",),
        MEDICAL,
        "Is de diagnose COPD juist?",
        subject="diagnosis",
        under_treatment="unclear",
        specialism="longziekten",
        suggested="unclear",
        suggested_by=("R4", "R5"),
        triage="accept",
        triage_blocked_by=("R4",),
    ),
    Scenario(
        "Patiënt wil dat een andere chirurg de geplande heupoperatie overneemt",
        ("003", "004"),
        MEDICAL,
        "Kan een andere chirurg mijn heupoperatie doen?",
        wants_transfer=True,
        specialism="chirurgie",
        suggested="transfer_of_care",
        suggested_by=("R5", "R7"),
        triage="redirect",
    ),
    Scenario(
        "Overname door een andere chirurg kan niet als second opinion worden geaccepteerd",
        ("003", "004"),
        MEDICAL,
        "Ik wil door een andere chirurg behandeld worden.",
        wants_transfer=True,
        specialism="chirurgie",
        suggested="transfer_of_care",
        suggested_by=("R5", "R7"),
        triage="accept",
        triage_blocked_by=("R1", "R7"),
    ),
    Scenario(
        "Patiënt na ontslag die een andere specialist zoekt is een overname van behandeling",
        ("003",),
        MEDICAL,
        "Ik wil een andere reumatoloog die mij verder behandelt.",
        under_treatment="no",
        wants_transfer=True,
        specialism="reumatologie",
        suggested="transfer_of_care",
        suggested_by=("R5", "R7"),
        triage="redirect",
    ),
    Scenario(
        "Huisarts verwijst voor een second opinion over het behandelplan van de oncoloog",
        ("003", "004"),
        MEDICAL,
        "Is chemotherapie vóór de operatie de beste keuze?",
        requester_kind="referrer",
        referrer="gp",
        specialism="oncologie",
        suggested="second_opinion",
        suggested_by=("R5",),
        triage="accept",
    ),
    Scenario(
        "Chirurg vraagt zelf een second opinion na overleg met de patiënt en bericht aan de huisarts",
        ("003",),
        MEDICAL,
        "Is een laparoscopische benadering hier verantwoord?",
        requester_kind="practitioner",
        patient_consulted=True,
        gp_informed=True,
        specialism="chirurgie",
        suggested="second_opinion",
        suggested_by=("R5",),
        triage="accept",
    ),
    Scenario(
        "Oogarts vraagt zelf een second opinion maar heeft de huisarts niet geïnformeerd",
        ("003",),
        MEDICAL,
        "Is een hoornvliestransplantatie nodig?",
        requester_kind="practitioner",
        patient_consulted=True,
        specialism="oogheelkunde",
        refused_status=422,
        refused_by=("R8",),
    ),
    Scenario(
        "Patiënt wil zonder verwijzing een tweede mening over het zorgplan van de uroloog",
        ("004",),
        MEDICAL,
        "Moet mijn prostaat echt verwijderd worden?",
        subject="care_plan",
        specialism="urologie",
        suggested="second_opinion",
        suggested_by=("R5",),
        triage="accept",
    ),
    # ── general-practice (seed 004) ─────────────────────────────────────────────────────────
    Scenario(
        "Patiënt twijfelt zonder verwijzing aan de diagnose van de eigen huisarts",
        ("004",),
        GP,
        "Zijn mijn hoofdpijnklachten echt spanningshoofdpijn?",
        subject="diagnosis",
        suggested="second_opinion",
        suggested_by=("R5",),
        triage="accept",
    ),
    Scenario(
        "Patiënt wil een tweede mening over het zorgplan van de huisarts en daarna bij hem blijven",
        ("004",),
        GP,
        "Is het afbouwschema voor mijn medicatie verstandig?",
        subject="care_plan",
        own_practitioner_informed=True,
        has_referral=True,
        suggested="second_opinion",
        suggested_by=("R5",),
        triage="accept",
    ),
    Scenario(
        "Patiënt wil overstappen naar een andere huisarts",
        ("004",),
        GP,
        "Kan een andere huisarts mij voortaan behandelen?",
        wants_transfer=True,
        suggested="transfer_of_care",
        suggested_by=("R5", "R7"),
        triage="redirect",
    ),
    Scenario(
        "Patiënt is niet meer bij de huisarts onder behandeling en wil een nieuwe beoordeling",
        ("004",),
        GP,
        "Wat is de oorzaak van mijn rugklachten?",
        subject="diagnosis",
        under_treatment="no",
        suggested="new_referral",
        suggested_by=("R4", "R5"),
        triage="redirect",
    ),
    Scenario(
        "Onduidelijk of de patiënt nog bij deze huisarts onder behandeling is",
        ("004",),
        GP,
        "Is het eczeem goed behandeld?",
        under_treatment="unclear",
        suggested="unclear",
        suggested_by=("R4", "R5"),
        triage="accept",
        triage_blocked_by=("R4",),
    ),
    Scenario(
        "Huisarts vraagt zelf een second opinion bij een collega na overleg met de patiënt",
        ("004", "003"),
        GP,
        "Is verdere diagnostiek naar vermoeidheid zinvol?",
        subject="diagnosis",
        requester_kind="practitioner",
        patient_consulted=True,
        gp_informed=True,
        suggested="second_opinion",
        suggested_by=("R5",),
        triage="accept",
    ),
    Scenario(
        "Coördinator kan een gewone second opinion over de huisarts niet doorgeleiden",
        ("004",),
        GP,
        "Is mijn bloeddruk goed ingesteld?",
        suggested="second_opinion",
        suggested_by=("R5",),
        triage="redirect",
        triage_classification="second_opinion",
        triage_blocked_by=("R5",),
    ),
]
