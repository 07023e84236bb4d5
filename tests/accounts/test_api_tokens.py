"""API tokens: a code for practitioners and staff, scopes chosen at issue and checked per endpoint."""

import json

import pytest
from django.test import Client

from secondopinion.api.models import ApiToken
from secondopinion.api.scopes import PERSONAL, SCOPES
from secondopinion.api.urls import api
from tests.accounts.conftest import PASSWORD, authenticator, code, token_request, wrong

pytestmark = pytest.mark.django_db


def bearer(secret: str) -> dict[str, str]:
    return {"HTTP_AUTHORIZATION": f"Bearer {secret}", "HTTP_ACCEPT_LANGUAGE": "en"}


@pytest.mark.second_factor
def test_a_staff_token_needs_the_code_from_the_authenticator(cast, no_code_throttle):
    device = authenticator(cast.coordinator)
    client = Client()

    missing = token_request(client, username="coordinator", password=PASSWORD)
    refused = token_request(client, username="coordinator", password=PASSWORD, otp=wrong(code(device)))
    bad_password = token_request(client, username="coordinator", password="not-it", otp=code(device))
    issued = token_request(client, username="coordinator", password=PASSWORD, otp=code(device))

    # A missing or wrong code gets the answer of a wrong password: it names every field it may be.
    assert missing.status_code == refused.status_code == bad_password.status_code == 401
    assert missing["Content-Type"] == "application/problem+json"
    assert missing.json() == refused.json() == bad_password.json()
    assert "otp" in missing.json()["fields"]
    assert issued.status_code == 201
    assert client.get("/api/v1/cases", **bearer(issued.json()["token"])).status_code == 200


@pytest.mark.second_factor
def test_a_practitioner_without_an_authenticator_is_told_to_set_one_up_first(cast):
    refused = token_request(Client(), username="gever", password=PASSWORD, otp="123456")
    bad_password = token_request(Client(), username="gever", password="not-it", otp="123456")

    assert refused.status_code == 401
    assert refused.json() == bad_password.json()  # the same answer: the password's rightness stays unsaid
    assert "otp" in refused.json()["fields"]
    assert "/api/v1/auth/otp/enrol" in refused.json()["detail"]


@pytest.mark.second_factor
def test_a_code_works_once(cast):
    device = authenticator(cast.giver_user)
    client = Client()
    right = code(device)

    first = token_request(client, username="gever", password=PASSWORD, otp=right)
    again = token_request(client, username="gever", password=PASSWORD, otp=right)

    assert first.status_code == 201
    assert again.status_code == 401
    assert "otp" in again.json()["fields"]


@pytest.mark.second_factor
def test_a_patient_gets_a_token_without_a_code(cast):
    issued = token_request(Client(), username="petra", password=PASSWORD)

    assert issued.status_code == 201
    assert set(issued.json()["scopes"]) == PERSONAL


def test_a_token_carries_every_scope_its_user_roles_can_use_by_default(cast):
    giver = token_request(Client(), username="gever", password=PASSWORD)
    coordinator = token_request(Client(), username="coordinator", password=PASSWORD)

    # A practitioner gets every scope but those of coordinating staff and of maintaining the directory.
    practitioner = set(SCOPES) - {"directory:write", "patients:write", "staff:read", "staff:write"}
    assert set(giver.json()["scopes"]) == practitioner
    assert "reports:write" not in coordinator.json()["scopes"]
    assert {"cases:write", "patients:write", "staff:read", "staff:write"} <= set(coordinator.json()["scopes"])
    assert "directory:write" not in coordinator.json()["scopes"]
    assert set(ApiToken.objects.get(prefix=giver.json()["prefix"]).scopes) == practitioner


def test_a_token_narrowed_to_reading_is_refused_writing_naming_the_scope(cast, a_case):
    issued = token_request(
        Client(), username="coordinator", password=PASSWORD, scopes=["cases:read"], name="dashboard"
    )
    auth = bearer(issued.json()["token"])
    client = Client()

    read = client.get(f"/api/v1/cases/{a_case.pk}", **auth)
    write = client.post(
        f"/api/v1/cases/{a_case.pk}/transitions",
        {"to": "accepted", "classification": "second_opinion"},
        content_type="application/json",
        **auth,
    )
    consents = client.get(f"/api/v1/cases/{a_case.pk}/consents", **auth)

    assert issued.json()["scopes"] == ["cases:read"]
    assert read.status_code == 200
    assert write.status_code == 403
    assert write["Content-Type"] == "application/problem+json"
    assert write.json()["scope"] == "cases:write"
    assert "cases:write" in write.json()["detail"]
    assert consents.status_code == 403
    assert consents.json()["scope"] == "consents:read"
    a_case.refresh_from_db()
    assert a_case.status == "submitted"


def test_a_token_cannot_be_widened_beyond_the_user_roles(cast):
    beyond = token_request(Client(), username="petra", password=PASSWORD, scopes=["reports:write"])
    unknown = token_request(Client(), username="petra", password=PASSWORD, scopes=["everything"])
    empty = token_request(Client(), username="petra", password=PASSWORD, scopes=[])

    assert beyond.status_code == 422
    assert beyond.json()["field"] == "scopes"
    assert "reports:write" in beyond.json()["detail"]
    assert unknown.status_code == 422
    assert "scopes" in unknown.json()["fields"][0]
    assert empty.status_code == 422
    assert empty.json()["field"] == "scopes"
    assert not ApiToken.objects.exists()


def test_a_scoped_token_still_expires_and_can_be_revoked(cast):
    issued = token_request(Client(), username="petra", password=PASSWORD, scopes=["cases:read"])
    auth = bearer(issued.json()["token"])
    client = Client()

    assert client.get("/api/v1/cases", **auth).status_code == 200
    assert client.delete("/api/v1/auth/token", **auth).status_code == 204
    assert client.get("/api/v1/cases", **auth).status_code == 401


def test_every_endpoint_that_needs_a_token_declares_its_scope():
    undeclared = [
        f"{operation.methods} {path}"
        for _prefix, router in api._routers
        for path, path_view in router.path_operations.items()
        for operation in path_view.operations
        for callback in operation.auth_callbacks
        if not getattr(callback, "any_scope", False) and getattr(callback, "scope", None) not in SCOPES
    ]

    assert undeclared == []


def test_a_scope_the_roles_cannot_use_is_left_to_the_roles_so_a_stranger_still_gets_404(cast, a_case):
    issued = token_request(Client(), username="vreemde", password=PASSWORD)

    response = Client().put(
        f"/api/v1/cases/{a_case.pk}/report",
        '{"advice": "Nieuw advies."}',
        content_type="application/json",
        **bearer(issued.json()["token"]),
    )

    assert "reports:write" not in issued.json()["scopes"]
    assert response.status_code == 404


def test_the_token_endpoint_takes_json_only(cast):
    body = json.dumps({"username": "petra", "password": "wrong password"})
    response = Client().post("/api/v1/auth/token", body, content_type="multipart/form-data; boundary=x")

    assert response.status_code == 415
    assert response["Content-Type"] == "application/problem+json"
    assert not ApiToken.objects.exists()


@pytest.mark.second_factor
def test_the_right_code_in_another_scripts_digits_is_malformed_and_issues_no_token(cast, no_code_throttle):
    device = authenticator(cast.coordinator)
    other_script = code(device).translate(str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩"))

    answer = token_request(Client(), username="coordinator", password=PASSWORD, otp=other_script)

    assert answer.status_code == 422
    assert answer.json()["field"] == "otp"
    assert not ApiToken.objects.filter(user=cast.coordinator).exists()
