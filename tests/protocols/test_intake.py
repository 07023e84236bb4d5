from dataclasses import replace

import pytest

from secondopinion.protocols import dental_knmt, denturist_ont, medical_specialist
from secondopinion.protocols.intake import suggest_classification
from secondopinion.protocols.snapshot import CaseSnapshot

BASE = CaseSnapshot(protocol="", status="submitted")


@pytest.mark.parametrize(
    ("protocol", "facts", "expected"),
    [
        (medical_specialist.PROTOCOL, {}, "second_opinion"),
        (medical_specialist.PROTOCOL, {"wants_transfer": True}, "transfer_of_care"),
        (medical_specialist.PROTOCOL, {"under_treatment": "no"}, "new_referral"),
        (medical_specialist.PROTOCOL, {"under_treatment": "unclear"}, "unclear"),
        (medical_specialist.PROTOCOL, {"treatment_started": True}, "second_opinion"),
        (dental_knmt.PROTOCOL, {"subject": "finished_work"}, "not_admissible"),
        (dental_knmt.PROTOCOL, {"wants_transfer": True}, "transfer_of_care"),
        (denturist_ont.PROTOCOL, {"subject": "finished_work", "treatment_started": True}, "second_opinion"),
    ],
)
def test_intake_suggests_what_the_request_is(protocol, facts, expected):
    suggestion = suggest_classification(protocol, replace(BASE, protocol=protocol.code, **facts))

    assert suggestion.classification == expected
    assert suggestion.rule_ids
