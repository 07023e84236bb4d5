import json

import pytest
from django.test import Client

from secondopinion.api.models import ApiToken

BASE = "/fhir/R4"


class FhirClient:
    """A Django test client speaking FHIR JSON with a bearer token of the API."""

    def __init__(self, user=None, language: str = "nl", scopes: list[str] | None = None) -> None:
        self.client = Client()
        self.headers = {"HTTP_ACCEPT_LANGUAGE": language, "HTTP_ACCEPT": "application/fhir+json"}
        if user is not None:
            _token, secret = ApiToken.issue(user=user, name="fhir tests", scopes=scopes)
            self.headers["HTTP_AUTHORIZATION"] = f"Bearer {secret}"

    def get(self, path: str, params: dict | None = None, **extra):
        return self.client.get(f"{BASE}{path}", params, **{**self.headers, **extra})

    def post(self, path: str, body, content_type: str = "application/fhir+json", **extra):
        data = json.dumps(body) if not isinstance(body, (bytes, str)) else body
        return self.client.post(f"{BASE}{path}", data, content_type=content_type, **{**self.headers, **extra})

    def call(self, method: str, path: str, **extra):
        return getattr(self.client, method)(f"{BASE}{path}", **{**self.headers, **extra})


@pytest.fixture
def fhir_as(cast):
    """fhir_as("coordinator") → a FhirClient with a token of that member of the cast."""

    def _as(name: str | None, **kwargs) -> FhirClient:
        return FhirClient(getattr(cast, name) if name else None, **kwargs)

    return _as


def outcome(response) -> dict:
    assert response["Content-Type"] == "application/fhir+json", response.content[:300]
    body = response.json()
    assert body["resourceType"] == "OperationOutcome", body
    return body


def referral_bundle(cast, *, identifier: str = "verwijzing-0001", **overrides) -> dict:
    """A GP's referral of Petra to the giving practice about her treating dentist's plan."""
    patient = cast.patient
    request = {
        "resourceType": "ServiceRequest",
        "identifier": [{"system": "urn:oid:2.16.528.1.1007.3.3.1234567", "value": identifier}],
        "status": "active",
        "intent": "order",
        "code": {
            "coding": [
                {"system": "https://tweedemening.nl/fhir/CodeSystem/subject", "code": "treatment_plan"}
            ]
        },
        "reasonCode": [
            {"coding": [{"system": "http://terminology.hl7.org/CodeSystem/v2-0336", "code": "S"}]}
        ],
        "subject": {"reference": "urn:uuid:patient"},
        "requester": {"reference": "urn:uuid:referrer"},
        "performer": [{"reference": "urn:uuid:practice"}],
        "note": [{"text": "Is de voorgestelde extractie van 36 nodig, of kan de kies behouden blijven?"}],
        "extension": [
            {
                "url": "https://tweedemening.nl/fhir/StructureDefinition/treating-practitioner",
                "valueReference": {"reference": f"Practitioner/{cast.treating.pk}"},
            }
        ],
    }
    request.update(overrides.pop("request", {}))
    entries = [
        (
            "urn:uuid:patient",
            {
                "resourceType": "Patient",
                "identifier": [{"system": "http://fhir.nl/fhir/NamingSystem/bsn", "value": patient.bsn}],
                "birthDate": patient.date_of_birth.isoformat(),
                "name": [{"text": patient.name}],
            },
        ),
        (
            "urn:uuid:referrer",
            {
                "resourceType": "Practitioner",
                "identifier": [
                    {"system": "http://fhir.nl/fhir/NamingSystem/agb-z", "value": cast.gp.agb_code}
                ],
            },
        ),
        (
            "urn:uuid:practice",
            {
                "resourceType": "Organization",
                "identifier": [
                    {
                        "system": "http://fhir.nl/fhir/NamingSystem/agb-z",
                        "value": cast.giving_practice.agb_code,
                    }
                ],
            },
        ),
        ("urn:uuid:request", request),
        *overrides.pop("extra", []),
    ]
    return {
        "resourceType": "Bundle",
        "type": "transaction",
        "entry": [
            {
                "fullUrl": url,
                "resource": resource,
                "request": {"method": "POST", "url": resource["resourceType"]},
            }
            for url, resource in entries
        ],
    }
