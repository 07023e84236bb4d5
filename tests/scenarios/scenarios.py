"""Realistic intake situations drawn from the five seeds, each with what the system should do.

A scenario is either refused at submission (with the rule ids that refused it), or created with
an expected `suggested_classification` and the rule ids behind it; optionally the coordinator then
triages it (accept, redirect or refuse) and the scenario says whether that succeeds (the step then
records the rules it passed) or which rules block it.
"""

from tests.scenarios.dental_scenarios import DENTAL_SCENARIOS
from tests.scenarios.medical_scenarios import MEDICAL_SCENARIOS
from tests.scenarios.scenario import DISCIPLINE, Scenario

__all__ = ["DISCIPLINE", "SCENARIOS", "Scenario"]

# Dental and denture care (dental_scenarios.py), then hospital and GP care (medical_scenarios.py).
SCENARIOS: list[Scenario] = [*DENTAL_SCENARIOS, *MEDICAL_SCENARIOS]
