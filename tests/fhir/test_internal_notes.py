"""FHIR carries no internal note of the practice: the patient's Task and ServiceRequest of a refused
request say it was rejected and why (the rule ids and the reason), never what the practice wrote for
itself (cases/models.py StatusChange.internal_note)."""

import pytest

from secondopinion.cases.inputs import StepInput
from secondopinion.cases.services import case_transition

pytestmark = pytest.mark.django_db

INTERNAL = "Gesprek met de patiënt liep hoog op; de directie heeft de weigering besproken."


@pytest.mark.parametrize("kind", ["Task", "ServiceRequest"])
def test_the_patients_fhir_resources_carry_no_internal_note(cast, fhir_as, a_case, kind):
    case_transition(
        actor=cast.coordinator,
        case_id=a_case.pk,
        to="refused",
        data=StepInput(
            refusal_reason="threat_or_violence",
            refusal_note="De praktijk kan de second opinion niet veilig geven.",
            internal_note=INTERNAL,
        ),
        source="web",
    )

    read = fhir_as("patient_user").get(f"/{kind}/{a_case.pk}")
    found = fhir_as("patient_user").get(f"/{kind}", {"patient": f"Patient/{cast.patient.pk}"})

    assert read.status_code == 200
    assert found.status_code == 200
    assert read.json()["resourceType"] == kind
    assert found.json()["total"] == 1
    assert INTERNAL not in read.content.decode()
    assert INTERNAL not in found.content.decode()
