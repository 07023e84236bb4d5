"""Every rule of every protocol module allows one case and blocks another, for each action it guards."""

from dataclasses import replace

import pytest

from secondopinion.protocols import dental_knmt, denturist_ont, general_practice, medical_specialist
from secondopinion.protocols.engine import ACTIONS, Protocol
from secondopinion.protocols.lifecycle import Status
from secondopinion.protocols.snapshot import CaseSnapshot
from secondopinion.protocols.vocabulary import EXPLANATION_ITEMS, REQUIRED_REPORT_SECTIONS

PROTOCOLS = (
    dental_knmt.PROTOCOL,
    denturist_ont.PROTOCOL,
    medical_specialist.PROTOCOL,
    general_practice.PROTOCOL,
)
DISCIPLINE = {p.code: p.discipline for p in PROTOCOLS}


def compliant(protocol: Protocol) -> CaseSnapshot:
    """A case that follows every rule of its protocol."""
    return CaseSnapshot(
        protocol=protocol.code,
        status="submitted",
        classification="second_opinion",
        care_question="Is de voorgestelde behandeling nodig?",
        care_question_established=True,
        explanation_items=frozenset(EXPLANATION_ITEMS),
        agreements_recorded=True,
        written_report_agreed=True,
        giver_assigned=True,
        independence_declared=True,
        treating_discipline=protocol.discipline,
        giver_discipline=protocol.discipline,
        giver_ont_member=True,
        findings_recorded=True,
        report_sections=frozenset(REQUIRED_REPORT_SECTIONS),
        billing_codes=frozenset({"C011"}),
        refusal_reason="repeated_request",
        refusal_note="Vierde verzoek over dezelfde vraag dit jaar.",
        earlier_requests=True,  # R9: the patient asked before on the same question
        repeats_named=True,  # R9: the refusal names the earlier request it repeats
        acting_role="patient",  # R9: the patient withdraws herself
        closure_decision="accept_opinion",
        prosthesis_hold=True,
        records_consent=True,
        colleague_consent=True,
        own_practitioner_informed=True,
        has_referral=True,
        reimbursement_explained=True,
    )


# What a case must look like for a rule to allow one particular action, where "compliant" is not it.
ALLOW_FOR = {
    ("R5", "redirected"): {"classification": "transfer_of_care"},
    ("R21", "draft_plans"): {"care_plan_available": False, "alternative_plans": 0},
}

# One way to break each rule (per action where it differs).
BLOCK = {
    "R1": {"wants_transfer": True},
    "R2": {"treatment_started": True},
    "R3": {"prosthesis_adjusted": True},
    "R4": {"under_treatment": "no"},
    "R5": {"classification": ""},
    "R6": {"collegial_notice_in_report": True},
    "R7": {"wants_transfer": True},
    "R8": {"requester_kind": "representative", "representative_consent": False},
    "R9": {"refusal_note": "kort"},
    "R10": {"giver_is_treating": True},
    "R11": {"giver_ont_member": False},
    "R12": {"own_practitioner_informed": False},
    "R13": {"explanation_items": frozenset({"content", "purpose"})},
    "R14": {"agreements_recorded": False},
    "R15": {"care_question_established": False},
    "R16": {"records_consent": False},
    "R17": {"records_consent": False, "records_alternative_explained": False},
    "R18": {
        "revoked_consents": frozenset({"request_records", "inform_own_practitioner", "consult_colleague"})
    },
    "R19": {"colleague_consent": False},
    "R20": {"findings_recorded": False},
    "R21": {"care_plan_available": False, "alternative_plans": 0},
    "R22": {"report_sections": frozenset({"findings"})},
    "R23": {"agreements_recorded": False},
    "R24": {"report_final": True},
    "R25": {"billing_codes": frozenset()},
    "R26": {"has_referral": False, "reimbursement_explained": False},
    "R27": {"closure_decision": ""},
    "R28": {"complaint_scheme_known": False},
}
BLOCK_FOR = {
    ("R5", "redirected"): {"classification": "second_opinion"},
    ("R21", "draft_plans"): {"care_plan_available": True},
    ("R11", "assigned"): {"giver_ont_member": False, "giver_discipline": "denturist"},
    ("R9", "withdrawn"): {"acting_role": "coordinator"},
}

CASES = [
    pytest.param(protocol, rule.id, action, id=f"{protocol.code}-{rule.id}-{action}")
    for protocol in PROTOCOLS
    for rule in protocol.rules
    for action in sorted(rule.guards)
]


@pytest.mark.parametrize(("protocol", "rule_id", "action"), CASES)
def test_each_rule_allows_a_case_that_follows_it(protocol, rule_id, action):
    snapshot = replace(compliant(protocol), **ALLOW_FOR.get((rule_id, action), {}))

    assert protocol.rule(rule_id).check(snapshot, action) is None


@pytest.mark.parametrize(("protocol", "rule_id", "action"), CASES)
def test_each_rule_blocks_a_case_that_breaks_it_and_says_why_in_both_languages(protocol, rule_id, action):
    allowed = replace(compliant(protocol), **ALLOW_FOR.get((rule_id, action), {}))
    snapshot = replace(allowed, **BLOCK_FOR.get((rule_id, action), BLOCK[rule_id]))

    detail = protocol.rule(rule_id).check(snapshot, action)

    assert detail is not None
    assert detail.nl
    assert detail.en
    assert detail.nl != detail.en
    decision = protocol.evaluate(snapshot, action)
    assert (rule_id in decision.blocking_rule_ids) == protocol.rule(rule_id).blocking
    assert rule_id not in decision.passed


@pytest.mark.parametrize("protocol", PROTOCOLS, ids=lambda p: p.code)
def test_every_rule_cites_a_seed_and_guards_only_known_actions(protocol):
    known = {s.value for s in Status} | ACTIONS
    ids = [rule.id for rule in protocol.rules]
    assert len(ids) == len(set(ids))
    for rule in protocol.rules:
        assert rule.seeds
        assert set(rule.seeds) <= {"000", "001", "002", "003", "004"}
        assert rule.guards <= known, rule.id
        assert rule.text.nl
        assert rule.text.en


def test_only_the_dental_protocol_forbids_an_opinion_after_treatment_started():
    started = replace(compliant(denturist_ont.PROTOCOL), treatment_started=True, subject="finished_work")
    assert denturist_ont.PROTOCOL.evaluate(started, "accepted").allowed
    assert dental_knmt.PROTOCOL.evaluate(
        replace(started, protocol="dental-knmt"), "accepted"
    ).blocking_rule_ids == ["R2"]


def test_a_denturist_case_may_be_given_by_a_dentist_but_not_by_a_gp():
    base = compliant(denturist_ont.PROTOCOL)
    assert denturist_ont.PROTOCOL.evaluate(replace(base, giver_discipline="dentist"), "assigned").allowed
    assert (
        "R10"
        in denturist_ont.PROTOCOL.evaluate(replace(base, giver_discipline="gp"), "assigned").blocking_rule_ids
    )


def test_a_gp_without_referral_is_told_that_usually_no_other_referrer_exists():
    snapshot = replace(
        compliant(general_practice.PROTOCOL), has_referral=False, reimbursement_explained=False
    )
    decision = general_practice.PROTOCOL.evaluate(snapshot, "submit")

    assert decision.allowed
    assert [a.rule_id for a in decision.advisories] == ["R26"]
    assert "andere huisarts" in decision.advisories[0].detail.nl


def test_a_medical_opinion_needs_the_patient_still_under_treatment():
    base = compliant(medical_specialist.PROTOCOL)
    for under_treatment, allowed in (("yes", True), ("no", False), ("unclear", False)):
        decision = medical_specialist.PROTOCOL.evaluate(
            replace(base, under_treatment=under_treatment), "accepted"
        )
        assert decision.allowed is allowed
