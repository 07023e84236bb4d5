"""Every rule of the dental-knmt protocol, judged on plain snapshots: no database anywhere here."""

import re
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import pytest

from secondopinion.protocols.dental_knmt import PROTOCOL
from secondopinion.protocols.engine import (
    SUBMIT,
)
from secondopinion.protocols.snapshot import CaseSnapshot
from secondopinion.protocols.vocabulary import (
    EXPLANATION_ITEMS,
)
from tests.protocols.rule_rows import (
    ALLOWED,
    BLOCKED,
    FOLLOWS_EVERY_RULE,
    INFORMED,
    KNOWN_ACTIONS,
    following_every_rule,
)


def test_the_dental_protocol_holds_the_rules_of_the_contract():
    ids = [rule.id for rule in PROTOCOL.rules]

    assert len(ids) == len(set(ids))
    assert {"R2", "R5", "R9", "R10", "R13", "R14", "R15", "R22", "R23", "R24", "R25", "R27"} <= set(ids)


def test_every_guarded_action_of_every_rule_has_an_allowed_and_a_blocked_row():
    guarded = {(rule.id, action) for rule in PROTOCOL.rules for action in rule.guards}

    assert guarded - {(row.rule, row.action) for row in ALLOWED} == set()
    assert guarded - {(row.rule, row.action) for row in BLOCKED} == set()
    assert {(row.rule, row.action) for row in ALLOWED + BLOCKED} <= guarded


@pytest.mark.parametrize("action", sorted(KNOWN_ACTIONS))
def test_a_case_that_follows_every_rule_is_allowed_every_action(action):
    assert PROTOCOL.evaluate(following_every_rule(action), action).blocking_rule_ids == []


@pytest.mark.parametrize("row", ALLOWED, ids=lambda row: row.id)
def test_a_rule_lets_a_case_that_follows_it_through(row):
    decision = PROTOCOL.evaluate(row.snapshot(), row.action)

    assert decision.allowed, decision.blocking_rule_ids
    assert row.rule in decision.passed


@pytest.mark.parametrize("row", BLOCKED, ids=lambda row: row.id)
def test_a_rule_blocks_a_case_that_breaks_it_and_says_why_in_dutch_and_english(row):
    decision = PROTOCOL.evaluate(row.snapshot(), row.action)

    # An advisory rule (R12, R26, R28) warns instead of blocking.
    advisory = not PROTOCOL.rule(row.rule).blocking
    assert decision.allowed is (advisory and not row.also_blocked_by)
    assert sorted(decision.blocking_rule_ids) == sorted([] if advisory else [row.rule, *row.also_blocked_by])
    assert row.rule not in decision.passed
    (violation,) = [v for v in decision.violations + decision.advisories if v.rule_id == row.rule]
    assert violation.detail.nl.strip()
    assert violation.detail.en.strip()
    assert violation.detail.nl != violation.detail.en
    for name in row.detail_names:
        assert name.nl in violation.detail.nl
        assert name.en in violation.detail.en


def test_five_of_six_explanation_items_names_only_the_missing_one():
    snapshot = replace(FOLLOWS_EVERY_RULE, explanation_items=frozenset(EXPLANATION_ITEMS) - {"costs"})

    (violation,) = PROTOCOL.evaluate(snapshot, INFORMED).violations

    assert violation.detail.en == "Not yet explained: the costs."
    assert violation.detail.nl == "Nog niet uitgelegd: de kosten."


def test_it_points_finished_dental_work_to_the_complaint_scheme():
    snapshot = replace(FOLLOWS_EVERY_RULE, subject="finished_work", treatment_started=True)

    (violation,) = PROTOCOL.evaluate(snapshot, SUBMIT).violations

    assert "klachtenregeling" in violation.detail.nl
    assert "complaint scheme" in violation.detail.en


@pytest.mark.parametrize("rule", PROTOCOL.rules, ids=lambda rule: rule.id)
def test_a_rule_names_its_id_its_seeds_and_its_text_in_both_languages(rule):
    match = re.fullmatch(r"R([1-9]\d?)", rule.id)
    assert match is not None
    assert 1 <= int(match.group(1)) <= 28
    assert rule.seeds
    assert set(rule.seeds) <= {"000", "001", "002", "003", "004"}
    assert rule.text.nl.strip()
    assert rule.text.en.strip()
    assert rule.text.nl != rule.text.en


@pytest.mark.parametrize("rule", PROTOCOL.rules, ids=lambda rule: rule.id)
def test_a_rule_guards_only_known_actions(rule):
    assert rule.guards
    assert rule.guards <= KNOWN_ACTIONS


@pytest.mark.parametrize("rule", PROTOCOL.rules, ids=lambda rule: rule.id)
def test_a_rule_check_names_its_rule_id_in_its_docstring(rule):
    assert (rule.check.__doc__ or "").startswith(f"{rule.id}:")


def test_evaluating_every_action_needs_no_database(django_db_blocker):
    with django_db_blocker.block():
        for action in sorted(KNOWN_ACTIONS):
            PROTOCOL.evaluate(FOLLOWS_EVERY_RULE, action)
            PROTOCOL.evaluate(CaseSnapshot(protocol=PROTOCOL.code, status="submitted"), action)


def test_the_rule_engine_imports_nothing_of_the_orm():
    probe = (
        "import sys\n"
        "import secondopinion.protocols.registry, secondopinion.protocols.guidance\n"
        "orm = sorted(m for m in sys.modules if m.startswith(('django.db', 'django.conf')))\n"
        "assert not orm, orm\n"
    )
    root = Path(__file__).resolve().parents[2]

    result = subprocess.run(  # noqa: S603 (our own interpreter, a fixed script)
        [sys.executable, "-c", probe], cwd=root, capture_output=True, text=True, check=False
    )

    assert result.returncode == 0, result.stderr
