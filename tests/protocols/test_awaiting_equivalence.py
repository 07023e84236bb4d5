"""protocols/awaiting.py judges again, with a consent in force, only the rules that stand in the way
now. That must find exactly what judging every rule of every step again finds (the first, plain form,
kept here as the reference): compared over every protocol and status and a spread of the facts the
consents touch."""

import itertools

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from secondopinion.protocols.awaiting import (
    PURPOSES,
    REPORT,
    REPRESENTATIVE,
    STAGE_ACTIONS,
    Awaited,
    _asks_the_patient,
    awaited_consents,
    with_consent,
)
from secondopinion.protocols.engine import Protocol, Violation
from secondopinion.protocols.lifecycle import Status, step_for, targets_from
from secondopinion.protocols.registry import PROTOCOLS, get_protocol
from secondopinion.protocols.snapshot import CaseSnapshot

_ENDED = {Status.WITHDRAWN, Status.REFUSED, Status.REDIRECTED}


def _every_rule_again(protocol: Protocol, s: CaseSnapshot) -> list[tuple[str, Violation]]:
    status = Status(s.status)
    unmet: list[tuple[str, Violation]] = []
    for to in targets_from(status):
        step = step_for(status, to)
        assert step is not None
        decision = protocol.evaluate(s, to)
        unmet += [(to, v) for v in decision.violations if v.rule_id not in step.input_rules]
        unmet += [(to, v) for v in decision.advisories]
    for action in STAGE_ACTIONS.get(status, ()):
        unmet += [(action, v) for v in protocol.evaluate(s, action).violations]
    unmet += [(REPORT, v) for v in protocol.evaluate(s, REPORT).advisories]
    return unmet


def reference(protocol: Protocol, s: CaseSnapshot) -> tuple[Awaited, ...]:
    if Status(s.status) in _ENDED:
        return ()
    before = _every_rule_again(protocol, s)
    if not before:
        return ()
    awaited = []
    for purpose in PURPOSES:
        if purpose in s.consents_in_force or (purpose == REPRESENTATIVE and not _asks_the_patient(s)):
            continue
        after = {(action, v.rule_id) for action, v in _every_rule_again(protocol, with_consent(s, purpose))}
        cleared: dict[str, Violation] = {}
        for action, violation in before:
            if (action, violation.rule_id) not in after:
                cleared.setdefault(violation.rule_id, violation)
        if cleared:
            awaited.append(Awaited(purpose, tuple(cleared.values())))
    return tuple(awaited)


def _found(awaited: tuple[Awaited, ...]) -> list[tuple[str, tuple[str, ...]]]:
    return [(a.purpose, a.rule_ids) for a in awaited]


CONSENT_SETS = [frozenset(c) for n in range(3) for c in itertools.combinations(PURPOSES, n)]


@pytest.mark.parametrize("protocol", sorted(PROTOCOLS))
def test_judging_only_what_stands_finds_what_judging_everything_finds(protocol):
    rules = get_protocol(protocol)
    compared = 0
    for status, requester, agreed, given_consents, age in itertools.product(
        [s.value for s in Status],
        ["patient", "representative"],
        [False, True],
        CONSENT_SETS,
        ["", "child", "young"],
    ):
        snapshot = CaseSnapshot(
            protocol=protocol,
            status=status,
            requester_kind=requester,
            agreements_recorded=agreed,
            written_report_agreed=agreed,
            inform_own_practitioner_agreed=agreed,
            consents_in_force=given_consents,
            records_consent="request_records" in given_consents,
            colleague_consent="consult_colleague" in given_consents,
            representative_consent="representative" in given_consents,
            representative_age=age if requester == "representative" else "",
        )
        assert _found(awaited_consents(rules, snapshot)) == _found(reference(rules, snapshot)), snapshot
        compared += 1
    assert compared == len(Status) * 2 * 2 * len(CONSENT_SETS) * 3


@settings(max_examples=300, deadline=None)
@given(
    protocol=st.sampled_from(sorted(PROTOCOLS)),
    status=st.sampled_from([s.value for s in Status]),
    flags=st.fixed_dictionaries(
        {
            name: st.booleans()
            for name in (
                "agreements_recorded",
                "written_report_agreed",
                "inform_own_practitioner_agreed",
                "giver_assigned",
                "independence_declared",
                "records_alternative_explained",
                "reimbursement_explained",
                "own_practitioner_informed",
                "findings_recorded",
                "report_final",
                "representative_patient_consent",
                "representative_authority",
                "care_question_established",
            )
        }
    ),
    requester=st.sampled_from(["patient", "representative", "practitioner"]),
    given_consents=st.sampled_from(CONSENT_SETS),
    revoked=st.sampled_from(CONSENT_SETS),
)
def test_the_same_over_drawn_facts(protocol, status, flags, requester, given_consents, revoked):
    snapshot = CaseSnapshot(
        protocol=protocol,
        status=status,
        requester_kind=requester,
        consents_in_force=given_consents,
        revoked_consents=revoked - given_consents,
        records_consent="request_records" in given_consents,
        colleague_consent="consult_colleague" in given_consents,
        representative_consent="representative" in given_consents,
        **flags,
    )
    rules = get_protocol(protocol)
    assert _found(awaited_consents(rules, snapshot)) == _found(reference(rules, snapshot))
