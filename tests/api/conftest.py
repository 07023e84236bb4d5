import json

import pytest
from django.test import Client

from secondopinion.api.models import ApiToken


class ApiClient:
    """A Django test client that speaks JSON with a bearer token."""

    def __init__(self, user=None, language: str = "nl") -> None:
        self.client = Client()
        self.headers = {"HTTP_ACCEPT_LANGUAGE": language}
        if user is not None:
            _token, secret = ApiToken.issue(user=user, name="tests")
            self.headers["HTTP_AUTHORIZATION"] = f"Bearer {secret}"

    def get(self, path: str, **extra):
        return self.client.get(f"/api/v1{path}", **self.headers, **extra)

    def post(self, path: str, body=None, **extra):
        data = json.dumps(body if body is not None else {})
        return self.client.post(
            f"/api/v1{path}", data, content_type="application/json", **self.headers, **extra
        )

    def put(self, path: str, body=None, **extra):
        data = json.dumps(body if body is not None else {})
        return self.client.put(
            f"/api/v1{path}", data, content_type="application/json", **self.headers, **extra
        )

    def delete(self, path: str, **extra):
        return self.client.delete(f"/api/v1{path}", **self.headers, **extra)


@pytest.fixture
def api_as(cast):
    """api_as("giver_user") → an ApiClient authenticated as that member of the cast."""

    def _as(name: str | None, language: str = "nl") -> ApiClient:
        return ApiClient(getattr(cast, name) if name else None, language)

    return _as


def case_body(cast, **overrides) -> dict:
    body = {
        "protocol": "dental-knmt",
        "patient_id": cast.patient.pk,
        "organisation_id": cast.giving_practice.pk,
        "treating_practitioner_id": cast.treating.pk,
        "care_question": "Is de voorgestelde brug op 24-26 nodig, of volstaat een implantaat?",
        "subject": "treatment_plan",
        "treatment_started": False,
    }
    if overrides.get("patient_bsn") and "patient_birth_date" not in overrides:
        body["patient_birth_date"] = cast.patient.date_of_birth.isoformat()  # a BSN names nobody alone
    body.update(overrides)
    return body
