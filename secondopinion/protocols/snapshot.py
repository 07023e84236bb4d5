"""A plain, immutable picture of a case: the only thing a rule ever looks at."""

from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class CaseSnapshot:
    protocol: str
    status: str
    requester_kind: str = "patient"
    subject: str = "treatment_plan"
    treatment_started: bool = False
    has_referral: bool = False
    referred_by_treating: bool = False
    classification: str = ""
    care_question: str = ""
    care_question_established: bool = False
    explanation_items: frozenset[str] = field(default_factory=frozenset)
    agreements_recorded: bool = False
    written_report_agreed: bool = False
    inform_own_practitioner_agreed: bool = False
    giver_assigned: bool = False
    giver_is_treating: bool = False
    giver_same_discipline: bool = True
    giver_same_organisation: bool = False
    giver_is_referrer: bool = False
    giver_has_interest: bool = False
    treating_specialism_missing: bool = False  # R10: a specialist's specialism is not in the directory
    independence_declared: bool = False  # R10: the assigned giver declared independence
    findings_recorded: bool = False
    report_sections: frozenset[str] = field(default_factory=frozenset)
    report_final: bool = False
    billing_codes: frozenset[str] = field(default_factory=frozenset)
    refusal_reason: str = ""
    refusal_note: str = ""
    # R9: the patient made an earlier request on the same question (cases/selectors.py earlier_requests)
    earlier_requests: bool = False
    # R9: the staff member named the earlier request(s) a refusal as a repeated request repeats
    repeats_named: bool = False
    # The step being judged: the role taking it and the note it carries ("" when no step is being
    # taken). R9: a withdrawal the practice records for the patient says how and when she withdrew.
    acting_role: str = ""
    step_note: str = ""
    closure_decision: str = ""
    # Facts the protocols of issue-3 judge; defaults describe an ordinary case.
    under_treatment: str = "yes"  # yes | no | unclear (R4, R5)
    wants_transfer: bool = False  # R7
    prosthesis_hold: bool = False  # R3: the hold on adjusting the prosthesis is in place
    prosthesis_adjusted: bool = False  # R3: the prosthesis was adjusted while the opinion ran
    representative_consent: bool = False  # R8
    # R8 and the WGBO, for a parent or guardian as representative: the patient's age band ("child"
    # under 12, "young" 12-15, "adult" 16+; "" for any other relation), the child's own consent and the
    # parental authority verified by the practice (access/representation.py decides).
    representative_age: str = ""
    representative_patient_consent: bool = False
    representative_authority: bool = False
    patient_consulted: bool = False  # R8, practitioner-initiated
    gp_informed: bool = False  # R8, practitioner-initiated
    own_practitioner_informed: bool = False  # R12
    treating_discipline: str = ""
    giver_discipline: str = ""
    giver_ont_member: bool = False  # R11
    care_plan_available: bool = True  # R21
    alternative_plans: int = 0  # R21
    colleague_consent: bool = False  # R19
    reimbursement_explained: bool = False  # R26
    records_consent: bool = False  # R16
    records_alternative_explained: bool = False  # R17
    revoked_consents: frozenset[str] = field(default_factory=frozenset)  # R18
    consents_in_force: frozenset[str] = field(default_factory=frozenset)  # R18, R23
    collegial_notice_in_report: bool = False  # R6
    complaint_scheme_known: bool = True  # R28
