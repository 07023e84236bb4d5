"""R14/R23: an agreement to inform the own practitioner needs the patient's consent to be carried out.

Without it the report does not reach him: finalising gets advice for staff (never a block: the patient
may still give it), the advice names the reason, and the conformance view says the advice was not taken
with that reason — or that it was, later, once the consent came."""

from dataclasses import replace

import pytest

from secondopinion.protocols import dental_knmt, denturist_ont, general_practice, medical_specialist
from secondopinion.protocols.conformance import Step, Verdict, conformance
from secondopinion.protocols.lifecycle import Status
from tests.protocols.test_protocol_tables import compliant

REPORT_FINAL = Status.REPORT_FINAL.value
PROTOCOLS = (
    dental_knmt.PROTOCOL,
    denturist_ont.PROTOCOL,
    medical_specialist.PROTOCOL,
    general_practice.PROTOCOL,
)
WITHOUT_CONSENT = (
    "Afgesproken dat de eigen behandelaar wordt geïnformeerd, maar de patiënt heeft daarvoor geen "
    "toestemming gegeven: het rapport gaat niet naar de eigen behandelaar."
)


def agreed(protocol, **changes):
    """A case that follows every rule, with the agreement that the own practitioner is informed."""
    return replace(compliant(protocol), **{"inform_own_practitioner_agreed": True, **changes})


@pytest.mark.parametrize("protocol", PROTOCOLS, ids=lambda p: p.code)
def test_finalising_without_the_consent_is_advised_against_but_not_blocked(protocol):
    decision = protocol.evaluate(agreed(protocol), REPORT_FINAL)

    assert decision.allowed
    assert "R23" not in decision.passed
    (advice,) = [v for v in decision.advisories if v.rule_id == "R23"]
    assert advice.detail.nl == WITHOUT_CONSENT
    assert advice.detail.en.startswith("Agreed that the own practitioner is informed, but the patient")


@pytest.mark.parametrize("protocol", PROTOCOLS, ids=lambda p: p.code)
def test_with_the_consent_in_force_r23_passes_without_advice(protocol):
    decision = protocol.evaluate(
        agreed(protocol, consents_in_force=frozenset({"inform_own_practitioner"})), REPORT_FINAL
    )

    assert "R23" in decision.passed
    assert [v for v in decision.advisories if v.rule_id == "R23"] == []


def test_a_revoked_consent_is_named_as_revoked():
    protocol = dental_knmt.PROTOCOL
    snapshot = agreed(protocol, revoked_consents=frozenset({"inform_own_practitioner"}))

    (advice,) = [v for v in protocol.evaluate(snapshot, REPORT_FINAL).advisories if v.rule_id == "R23"]

    assert "ingetrokken" in advice.detail.nl
    assert "revoked" in advice.detail.en


@pytest.mark.parametrize(
    "changes",
    [
        {"inform_own_practitioner_agreed": False},  # nothing agreed: nothing to carry out
        {"referred_by_treating": True},  # he referred: he receives the report anyway
        {"requester_kind": "practitioner"},  # he asked himself
    ],
    ids=["not-agreed", "referred-by-him", "asked-by-him"],
)
def test_no_advice_where_the_own_practitioner_needs_no_consent_or_none_was_agreed(changes):
    protocol = dental_knmt.PROTOCOL

    decision = protocol.evaluate(agreed(protocol, **changes), REPORT_FINAL)

    assert "R23" in decision.passed
    assert decision.advisories == ()


def test_without_agreements_r23_still_blocks_with_r14_and_gives_no_advice():
    protocol = dental_knmt.PROTOCOL

    decision = protocol.evaluate(agreed(protocol, agreements_recorded=False), REPORT_FINAL)

    assert {"R14", "R23"} <= set(decision.blocking_rule_ids)
    assert [v for v in decision.advisories if v.rule_id == "R23"] == []


def test_the_advice_names_its_rule_in_its_docstring():
    assert (dental_knmt.R23.advice.__doc__ or "").startswith("R23:")


def _finalised(*passed: str) -> list[Step]:
    return [Step(action=REPORT_FINAL, at="1 maart", by="Gever (gever)", passed=frozenset(passed))]


def test_the_conformance_says_the_advice_was_not_taken_with_the_reason():
    protocol = dental_knmt.PROTOCOL

    rows = {row.rule.id: row for row in conformance(protocol, agreed(protocol), _finalised("R14", "R22"))}

    assert rows["R23"].verdict is Verdict.ADVICE_NOT_TAKEN
    assert rows["R23"].detail is not None
    assert rows["R23"].detail.nl == WITHOUT_CONSENT
    assert rows["R14"].verdict is Verdict.FOLLOWED


def test_the_conformance_says_it_came_later_once_the_consent_is_given():
    protocol = dental_knmt.PROTOCOL
    now = agreed(protocol, consents_in_force=frozenset({"inform_own_practitioner"}))

    row = {row.rule.id: row for row in conformance(protocol, now, _finalised("R14"))}["R23"]

    assert row.verdict is Verdict.ADVICE_NOT_TAKEN
    assert row.detail is not None
    assert "later wel" in row.detail.nl


def test_a_report_finalised_with_the_consent_in_force_followed_r23():
    protocol = dental_knmt.PROTOCOL
    now = agreed(protocol, consents_in_force=frozenset({"inform_own_practitioner"}))

    row = {row.rule.id: row for row in conformance(protocol, now, _finalised("R14", "R23"))}["R23"]

    assert row.verdict is Verdict.FOLLOWED
