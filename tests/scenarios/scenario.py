"""What a scenario is (tests/scenarios/scenarios.py): the request, and what the system should do with
it at submission and at triage."""

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
