"""Hostile bodies at the FHIR endpoint. A `resourceType` that names no FHIR resource (null, a number, an
object, an unknown word, a lone surrogate) in a transaction Bundle's entry, in a contained resource or
at the top, and JSON arrays nested deeper than the parser goes, answered 500 ("Er ging iets mis"):
fhir.resources fails on them with a KeyError or TypeError, not a validation error, and the parser's
RecursionError was not caught. On PostgreSQL, a NUL in a search parameter or in a referral's identifier,
and an identifier or a Subscription's text longer than the database keeps, failed in the database (500).
Now: 400 (422 for a length the model keeps) with an OperationOutcome naming where, nothing made."""

import json

import pytest

from secondopinion.cases.models import SecondOpinionCase
from secondopinion.fhir.models import Subscription
from tests.fhir.conftest import fhir_as, outcome, referral_bundle  # noqa: F401  (fhir_as: a fixture)

pytestmark = pytest.mark.django_db

NOT_A_RESOURCE = [None, 5, "", "Nope", "patient", "Reference", "\ud800", {"a": 1}, ["Patient"], "A" * 10_000]


@pytest.mark.parametrize("value", NOT_A_RESOURCE)
def test_a_bundle_entry_that_names_no_resource_is_400_naming_where(cast, fhir_as, value):  # noqa: F811
    body = referral_bundle(cast)
    body["entry"][1]["resource"]["resourceType"] = value

    response = fhir_as("gp_user").post("/", json.dumps(body))

    assert response.status_code == 400
    issue = outcome(response)["issue"][0]
    assert issue["expression"] == ["Bundle.entry[1].resource.resourceType"]
    assert "Onbekend of ongeldig resourceType" in issue["diagnostics"]
    assert SecondOpinionCase.objects.count() == 0


@pytest.mark.parametrize("value", ["\ud800", None, "Bundel"])
def test_a_body_that_names_no_resource_itself_is_400_in_english_when_asked(cast, fhir_as, value):  # noqa: F811
    body = {**referral_bundle(cast), "resourceType": value}

    response = fhir_as("gp_user", language="en").post("/", json.dumps(body))

    assert response.status_code == 400
    issue = outcome(response)["issue"][0]
    assert issue["expression"] == ["resourceType"]
    assert "Unknown or invalid resourceType" in issue["diagnostics"]
    assert SecondOpinionCase.objects.count() == 0


def test_a_contained_resource_of_no_known_type_is_400_and_no_subscription_is_made(cast, fhir_as):  # noqa: F811
    body = {
        "resourceType": "Subscription",
        "status": "requested",
        "reason": "Follow our referrals",
        "criteria": f"Task?owner=Organization/{cast.giving_practice.pk}",
        "channel": {"type": "rest-hook", "endpoint": "https://ehr.example.nl/fhir/notify"},
        "contained": [{"resourceType": "Nope"}],
    }

    response = fhir_as("coordinator").post("/Subscription", body)

    assert response.status_code == 400
    assert outcome(response)["issue"][0]["expression"] == ["Subscription.contained[0].resourceType"]
    assert not Subscription.objects.exists()


def test_a_path_through_a_huge_key_is_cut_in_the_answer(cast, fhir_as):  # noqa: F811
    body = {**referral_bundle(cast), "K" * 50_000: {"resourceType": "Nope"}}

    response = fhir_as("gp_user").post("/", json.dumps(body))

    assert response.status_code == 400
    assert len(outcome(response)["issue"][0]["expression"][0]) < 250


@pytest.mark.parametrize("path", ["/", "/Subscription"])
def test_json_nested_deeper_than_the_parser_goes_is_invalid_json(cast, fhir_as, path):  # noqa: F811
    response = fhir_as("coordinator").post(path, b"[" * 100_000 + b"]" * 100_000)

    assert response.status_code == 400
    assert outcome(response)["issue"][0]["diagnostics"] == "De inhoud is geen geldige JSON."


def test_a_valid_referral_still_makes_its_case(cast, fhir_as):  # noqa: F811
    response = fhir_as("gp_user").post("/", json.dumps(referral_bundle(cast)))

    assert response.status_code == 200, response.content[:500]
    assert SecondOpinionCase.objects.count() == 1


@pytest.mark.parametrize(
    ("resource_type", "parameter"),
    [
        ("Organization", "name"),
        ("Organization", "identifier"),
        ("Practitioner", "name"),
        ("Practitioner", "identifier"),
        ("Patient", "identifier"),
        ("ServiceRequest", "identifier"),
        ("Task", "business-status"),
    ],
)
def test_a_search_value_with_a_nul_is_400_naming_the_parameter(fhir_as, a_case, resource_type, parameter):  # noqa: F811
    response = fhir_as("coordinator").get(f"/{resource_type}", {parameter: "ab\x00cd"})

    assert response.status_code == 400
    issue = outcome(response)["issue"][0]
    assert issue["expression"] == [parameter]
    assert "stuurtekens" in issue["diagnostics"]


@pytest.mark.parametrize("part", ["system", "value"])
def test_a_referral_identifier_with_a_nul_is_400_naming_it(cast, fhir_as, part):  # noqa: F811
    body = referral_bundle(cast)
    request = next(e["resource"] for e in body["entry"] if e["resource"]["resourceType"] == "ServiceRequest")
    request["identifier"][0][part] += "\x00"

    response = fhir_as("gp_user", language="en").post("/", json.dumps(body))

    assert response.status_code == 400
    issue = outcome(response)["issue"][0]
    assert issue["expression"][0].endswith(f"identifier[0].{part}")
    assert "control characters" in issue["diagnostics"]
    assert SecondOpinionCase.objects.count() == 0


@pytest.mark.parametrize("part", ["system", "value"])
def test_a_referral_identifier_longer_than_kept_is_refused_naming_it(cast, fhir_as, part):  # noqa: F811
    body = referral_bundle(cast)
    request = next(e["resource"] for e in body["entry"] if e["resource"]["resourceType"] == "ServiceRequest")
    request["identifier"][0][part] += "9" * 300

    response = fhir_as("gp_user").post("/", json.dumps(body))

    assert response.status_code == 422
    assert outcome(response)["issue"][0]["expression"] == ["ServiceRequest.identifier"]
    assert SecondOpinionCase.objects.count() == 0


@pytest.mark.parametrize(
    ("change", "expression"),
    [
        ({"reason": "R" * 501}, "Subscription.reason"),
        (
            {"channel": {"type": "rest-hook", "endpoint": "https://ehr.example.nl/" + "p" * 500}},
            "Subscription.channel.endpoint",
        ),
        (
            {
                "channel": {
                    "type": "rest-hook",
                    "endpoint": "https://ehr.example.nl/h",
                    "header": ["X: " + "v" * 600],
                }
            },
            "Subscription.channel.header",
        ),
    ],
)
def test_a_subscription_text_longer_than_kept_is_422_naming_it(cast, fhir_as, change, expression):  # noqa: F811
    body = {
        "resourceType": "Subscription",
        "status": "requested",
        "reason": "Follow our referrals",
        "criteria": f"Task?owner=Organization/{cast.giving_practice.pk}",
        "channel": {"type": "rest-hook", "endpoint": "https://ehr.example.nl/fhir/notify"},
        **change,
    }

    response = fhir_as("coordinator").post("/Subscription", body)

    assert response.status_code == 422
    assert outcome(response)["issue"][0]["expression"] == [expression]
    assert not Subscription.objects.exists()
