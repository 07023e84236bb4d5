"""Hostile input as an outside auditor sends it, where the other hygiene tests do not look: each gets a
clear 4xx naming the parameter or field, in the reader's language, and changes nothing."""

import pytest

from secondopinion.cases.models import SecondOpinionCase
from secondopinion.fhir.models import ReferralIdentifier
from tests.fhir.conftest import outcome, referral_bundle

pytestmark = pytest.mark.django_db

# Characters str.isdigit() takes that int() refuses ("²") or reads as another number ("١٢" is 12), and
# more digits than int() reads at all (4,300).
NOT_ASCII_NUMBERS = ["²", "١٢", "9" * 5000]


@pytest.mark.parametrize("parameter", ["_count", "_offset"])
@pytest.mark.parametrize("value", NOT_ASCII_NUMBERS[:2])
def test_a_fhir_page_size_in_other_digits_is_a_400_naming_the_parameter(fhir_as, parameter, value):
    response = fhir_as("coordinator", language="en").get("/ServiceRequest", {parameter: value})

    assert response.status_code == 400
    issue = outcome(response)["issue"][0]
    assert issue["expression"] == [parameter]
    assert "whole number" in issue["diagnostics"]


@pytest.mark.parametrize("parameter", ["_count", "_offset"])
def test_a_fhir_page_size_of_thousands_of_digits_is_read_as_the_ceiling(fhir_as, a_case, parameter):
    response = fhir_as("coordinator").get("/ServiceRequest", {parameter: "9" * 5000})

    assert response.status_code == 200
    assert response.json()["resourceType"] == "Bundle"


@pytest.mark.parametrize(
    ("resource_type", "parameter", "value"),
    [
        ("ServiceRequest", "patient", "Patient/²"),
        ("Task", "patient", "²"),
        ("Consent", "patient", "Patient/²"),
        ("DocumentReference", "subject", "²"),
        ("Patient", "_id", "²"),
        ("PractitionerRole", "organization", "²"),
    ],
)
def test_a_fhir_reference_in_other_digits_finds_nothing(fhir_as, a_case, resource_type, parameter, value):
    response = fhir_as("coordinator").get(f"/{resource_type}", {parameter: value})

    assert response.status_code == 200
    assert response.json()["total"] == 0


@pytest.mark.parametrize(
    "value",
    [
        "ge2026-02-30",  # a day past the month's end
        "ge2026-02-30T10:00:00Z",
        "ge0000-01-01",  # year 0
        "ge0001-01-01",  # midnight in Amsterdam is still year 0 in UTC
        "le9999-12-31T23:59:59-14:00",  # year 10000 in UTC
    ],
)
@pytest.mark.parametrize("resource_type", ["ServiceRequest", "Task"])
def test_a_fhir_date_that_is_none_or_beyond_the_calendar_is_a_400_naming_the_parameter(
    fhir_as, resource_type, value
):
    response = fhir_as("coordinator", language="en").get(f"/{resource_type}", {"_lastUpdated": value})

    assert response.status_code == 400
    issue = outcome(response)["issue"][0]
    assert issue["expression"] == ["_lastUpdated"]
    assert "is no date or instant" in issue["diagnostics"]


def test_the_fhir_date_refusal_is_dutch_by_default(fhir_as):
    response = fhir_as("coordinator").get("/Task", {"_lastUpdated": "ge2026-02-30"})

    assert response.status_code == 400
    assert "is geen datum of tijdstip" in outcome(response)["issue"][0]["diagnostics"]


@pytest.mark.parametrize(
    "request_part",
    [
        {"subject": {"reference": "Patient/²"}},
        {"requester": {"reference": "Practitioner/²"}},
        {"performer": [{"reference": "Organization/²"}]},
        {
            "extension": [
                {
                    "url": "https://tweedemening.nl/fhir/StructureDefinition/treating-practitioner",
                    "valueReference": {"reference": "Practitioner/²"},
                }
            ]
        },
    ],
    ids=["subject", "requester", "performer", "treating"],
)
def test_a_referral_naming_a_resource_by_other_digits_is_a_422_and_creates_nothing(
    cast, fhir_as, request_part
):
    response = fhir_as("gp_user", language="en").post("", referral_bundle(cast, request=request_part))

    assert response.status_code == 422
    issue = outcome(response)["issue"][0]
    assert issue["expression"][0].startswith("ServiceRequest.")
    assert "refers to a" in issue["diagnostics"]
    assert SecondOpinionCase.objects.count() == 0
    assert ReferralIdentifier.objects.count() == 0
