"""Which of the patient's consents a case waits for at its stage (protocols/awaiting.py), read from the
rules: table-driven over the protocols, in microseconds, without the database."""

import pytest

from secondopinion.consent.models import PURPOSES as LEDGER_PURPOSES
from secondopinion.protocols.awaiting import PURPOSES, awaited_consents, with_consent
from secondopinion.protocols.registry import PROTOCOLS, get_protocol
from secondopinion.protocols.snapshot import CaseSnapshot

AGREED = {"agreements_recorded": True, "written_report_agreed": True, "inform_own_practitioner_agreed": True}


def awaited(status: str, protocol: str = "dental-knmt", **facts) -> dict[str, tuple[str, ...]]:
    snapshot = CaseSnapshot(protocol=protocol, status=status, **facts)
    return {a.purpose: a.rule_ids for a in awaited_consents(get_protocol(protocol), snapshot)}


def test_it_knows_every_purpose_of_the_ledger():
    assert sorted(PURPOSES) == sorted(LEDGER_PURPOSES)


@pytest.mark.parametrize("protocol", sorted(PROTOCOLS))
def test_a_representatives_request_waits_for_the_patients_consent_before_acceptance(protocol):
    assert awaited("submitted", protocol, requester_kind="representative") == {"representative": ("R8",)}


@pytest.mark.parametrize("protocol", sorted(PROTOCOLS))
def test_the_patients_own_request_waits_for_no_consent_at_triage(protocol):
    assert awaited("submitted", protocol) == {}


def test_the_representatives_consent_is_not_awaited_once_given():
    assert awaited("submitted", requester_kind="representative", representative_consent=True) == {}


def test_a_child_under_12_is_not_asked_for_consent():
    assert awaited("submitted", requester_kind="representative", representative_age="child") == {}


def test_a_child_of_12_to_15_is_asked_only_while_the_childs_consent_is_missing():
    young = {"requester_kind": "representative", "representative_age": "young"}

    assert awaited("submitted", **young) == {"representative": ("R8",)}
    assert awaited("submitted", **young, representative_patient_consent=True) == {}


@pytest.mark.parametrize("protocol", sorted(PROTOCOLS))
def test_gathering_records_waits_for_the_consent_to_request_them(protocol):
    assert awaited("informed", protocol, **AGREED)["request_records"] == ("R16",)


def test_the_explanation_step_asks_for_no_consent_its_own_input_can_replace():
    """R17: before the explanation the alternative may be explained instead of a consent."""
    assert awaited("assigned") == {}


def test_a_revoked_consent_is_awaited_again_while_records_are_gathered():
    revoked = frozenset({"request_records"})

    assert awaited("gathering_records", revoked_consents=revoked) == {"request_records": ("R16", "R18")}


@pytest.mark.parametrize("status", ["informed", "in_examination", "report_draft", "report_final", "closed"])
def test_the_agreement_to_inform_the_own_practitioner_waits_for_the_consent(status):
    assert awaited(
        status, **AGREED, records_consent=True, consents_in_force=frozenset({"request_records"})
    ) == {"inform_own_practitioner": ("R23",)}


def test_nothing_is_awaited_once_every_consent_is_given():
    given = frozenset({"request_records", "inform_own_practitioner"})

    assert awaited("informed", **AGREED, records_consent=True, consents_in_force=given) == {}


def test_the_own_practitioner_who_referred_needs_no_consent_to_be_informed():
    assert "inform_own_practitioner" not in awaited("in_examination", **AGREED, referred_by_treating=True)


@pytest.mark.parametrize("status", ["withdrawn", "refused", "redirected"])
def test_a_request_that_ended_without_an_opinion_asks_nothing(status):
    assert awaited(status, requester_kind="representative", **AGREED) == {}


def test_nobody_asked_for_a_colleagues_advice_so_that_consent_is_not_awaited():
    assert "consult_colleague" not in awaited("in_examination", **AGREED)


def test_a_consent_in_force_reads_as_the_snapshot_reads_the_ledger():
    snapshot = CaseSnapshot(protocol="dental-knmt", status="informed", revoked_consents=frozenset(PURPOSES))

    given = [with_consent(snapshot, purpose) for purpose in PURPOSES]

    assert [s.records_consent for s in given] == [p == "request_records" for p in PURPOSES]
    assert [s.colleague_consent for s in given] == [p == "consult_colleague" for p in PURPOSES]
    assert [s.representative_consent for s in given] == [p == "representative" for p in PURPOSES]
    assert all(
        p in s.consents_in_force and p not in s.revoked_consents for s, p in zip(given, PURPOSES, strict=True)
    )
