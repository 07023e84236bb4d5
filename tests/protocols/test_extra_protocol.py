"""A protocol is declarative data: one built here, physiotherapy, runs through the engine, the
catalogue serialisation and the transition evaluation with no change to any other code; the
registry finds a protocol module by looking, and R23's distribution policy is data too."""

import datetime as dt
import sys
import textwrap

import pytest

from secondopinion.api.schemas import ProtocolOut
from secondopinion.api.serializers import protocol_json
from secondopinion.core.text import Text
from secondopinion.protocols import consent_rules, shared
from secondopinion.protocols.common import COMMON_RULES
from secondopinion.protocols.engine import (
    GP_OR_SPECIALIST,
    REQUESTER,
    SUBMIT,
    TREATING_PRACTITIONER,
    BillingCode,
    Distribution,
    Protocol,
)
from secondopinion.protocols.intake import suggest_classification
from secondopinion.protocols.lifecycle import TRANSITIONS
from secondopinion.protocols.medical_specialist import R14_MEDICAL, R22_MEDICAL
from secondopinion.protocols.registry import PROTOCOLS, discover
from secondopinion.protocols.snapshot import CaseSnapshot
from tests.protocols.test_protocol_tables import compliant

PHYSIOTHERAPY = Protocol(
    code="physiotherapy",
    name=Text("Fysiotherapeut", "Physiotherapist"),
    discipline="physiotherapist",
    seeds=("004",),
    rules=(
        *COMMON_RULES,
        R14_MEDICAL,
        R22_MEDICAL,
        shared.R1,
        shared.R4,
        shared.R8,
        consent_rules.R16,
        shared.R26,
    ),
    records={"treatment_record": Text("behandeldossier", "treatment record")},
    billing_codes=(
        BillingCode(
            "1864",
            Text("Screening en intake", "Screening and intake"),
            dt.date(2019, 1, 1),
            dt.date(2023, 12, 31),
        ),
        BillingCode("1870", Text("Intake en onderzoek", "Intake and examination"), dt.date(2024, 1, 1)),
    ),
    distribution=Distribution(
        treating_when_referred=True, consent_purpose="", gp_when_practitioner_initiated=True
    ),
)


def test_the_engine_judges_every_transition_of_the_new_protocol():
    snapshot = compliant(PHYSIOTHERAPY)

    for _from, to in TRANSITIONS:
        decision = PHYSIOTHERAPY.evaluate(snapshot, to)
        guarded = {rule.id for rule in PHYSIOTHERAPY.rules_for(to)}
        assert (
            set(decision.passed) | set(decision.blocking_rule_ids) | {v.rule_id for v in decision.advisories}
            == guarded
        )
    assert PHYSIOTHERAPY.evaluate(snapshot, "accepted").allowed
    assert PHYSIOTHERAPY.evaluate(snapshot, SUBMIT).allowed


def test_its_own_rules_block_it_with_their_ids():
    ended = CaseSnapshot(
        protocol="physiotherapy", status="submitted", classification="second_opinion", under_treatment="no"
    )

    decision = PHYSIOTHERAPY.evaluate(ended, "accepted")

    assert decision.blocking_rule_ids == ["R4"]
    assert suggest_classification(PHYSIOTHERAPY, ended).rule_ids == ("R4", "R5")


def test_the_catalogue_serialises_it_with_its_records_codes_and_distribution():
    data = ProtocolOut.model_validate(protocol_json(PHYSIOTHERAPY)).model_dump()

    assert data["code"] == "physiotherapy"
    assert data["billing_code"] == "1870"
    assert [c["code"] for c in data["billing_codes"]] == ["1864", "1870"]
    assert data["records"] == [
        {"key": "treatment_record", "label": {"nl": "behandeldossier", "en": "treatment record"}}
    ]
    assert data["distribution"]["consent_purpose"] == ""
    assert [r["id"] for r in data["rules"]] == sorted(
        (r.id for r in PHYSIOTHERAPY.rules), key=lambda i: int(i[1:])
    )


def test_a_billing_code_is_chosen_by_its_validity():
    assert PHYSIOTHERAPY.billing_code_on(dt.date(2020, 6, 1)).code == "1864"
    assert PHYSIOTHERAPY.billing_code_on(dt.date(2026, 6, 1)).code == "1870"
    assert PHYSIOTHERAPY.billing_code_on(dt.date(2010, 6, 1)) is None
    assert PROTOCOLS["dental-knmt"].billing_code_on(dt.date(2015, 6, 1)).code == "C28"
    assert PROTOCOLS["dental-knmt"].billing_code == "C011"
    assert PROTOCOLS["medical-specialist"].billing_code == ""


def test_a_protocol_without_a_consent_purpose_never_informs_the_own_practitioner_by_consent():
    recipients = PHYSIOTHERAPY.distribution.recipients(
        requester_kind="patient",
        referred_by_treating=False,
        consents_in_force=frozenset({"inform_own_practitioner"}),
    )

    assert recipients == {REQUESTER}


@pytest.mark.parametrize(
    ("requester_kind", "referred", "consents", "expected"),
    [
        ("patient", False, frozenset(), {REQUESTER}),
        ("patient", False, frozenset({"inform_own_practitioner"}), {REQUESTER, TREATING_PRACTITIONER}),
        ("patient", False, frozenset({"request_records"}), {REQUESTER}),
        ("referrer", True, frozenset(), {REQUESTER, TREATING_PRACTITIONER}),
        ("practitioner", False, frozenset(), {REQUESTER, TREATING_PRACTITIONER, GP_OR_SPECIALIST}),
    ],
)
def test_r23_distribution_of_the_shipped_protocols(requester_kind, referred, consents, expected):
    for protocol in PROTOCOLS.values():
        got = protocol.distribution.recipients(
            requester_kind=requester_kind, referred_by_treating=referred, consents_in_force=consents
        )
        assert got == expected, protocol.code


def test_the_registry_finds_a_protocol_module_by_looking(tmp_path, monkeypatch):
    package = tmp_path / "extra_protocols"
    package.mkdir()
    (package / "__init__.py").write_text("")
    (package / "helpers.py").write_text("VALUE = 1\n")
    (package / "physiotherapy.py").write_text(
        textwrap.dedent(
            """
            from secondopinion.protocols.common import COMMON_RULES
            from secondopinion.protocols.engine import Protocol
            from secondopinion.core.text import Text

            PROTOCOL = Protocol(
                code="physiotherapy",
                name=Text("Fysiotherapeut", "Physiotherapist"),
                discipline="physiotherapist",
                seeds=("004",),
                rules=COMMON_RULES,
            )
            """
        )
    )
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.delitem(sys.modules, "extra_protocols", raising=False)

    found = discover("extra_protocols")

    assert list(found) == ["physiotherapy"]
    assert found["physiotherapy"].evaluate(compliant(found["physiotherapy"]), "assigned").allowed


def test_the_shipped_protocols_are_found_in_the_order_of_their_seeds():
    assert list(discover()) == ["dental-knmt", "denturist-ont", "medical-specialist", "general-practice"]
    assert discover() == PROTOCOLS
