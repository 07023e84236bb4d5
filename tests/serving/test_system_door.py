"""The API and FHIR pass the systems' shorter middleware chain (core/doors.py): the same answers and
security headers, and nothing of the website's session machinery."""

import pytest
from django.conf import settings
from django.test import Client

from secondopinion.api.models import ApiToken

pytestmark = pytest.mark.django_db

SECURITY_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "same-origin",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Cache-Control": "no-store, private",
}


def _bearer(user) -> dict:
    _token, secret = ApiToken.issue(user=user, name="door")
    return {"HTTP_AUTHORIZATION": f"Bearer {secret}", "HTTP_ACCEPT_LANGUAGE": "en"}


def test_the_systems_chain_leaves_out_what_only_a_browser_uses():
    left_out = set(settings.MIDDLEWARE) - set(settings.SYSTEM_MIDDLEWARE)
    assert "django.contrib.sessions.middleware.SessionMiddleware" in left_out
    assert "django.middleware.csrf.CsrfViewMiddleware" in left_out
    assert "django.contrib.messages.middleware.MessageMiddleware" in left_out
    # What protects an answer stays: every entry of the systems' chain is one of the website's too.
    assert set(settings.SYSTEM_MIDDLEWARE) <= set(settings.MIDDLEWARE)
    for kept in (
        "django.middleware.security.SecurityMiddleware",
        "secondopinion.api.problems.ProblemJsonMiddleware",
        "django.middleware.csp.ContentSecurityPolicyMiddleware",
        "django.middleware.locale.LocaleMiddleware",
        "secondopinion.web.errors.SecurityLogMiddleware",
        "axes.middleware.AxesMiddleware",
    ):
        assert kept in settings.SYSTEM_MIDDLEWARE


@pytest.mark.parametrize("path", ["/api/v1/cases/{pk}", "/fhir/R4/Task/{pk}"])
def test_an_api_answer_keeps_its_security_headers_and_sets_no_cookie(cast, a_case, path):
    response = Client().get(path.format(pk=a_case.pk), **_bearer(cast.patient_user))

    assert response.status_code == 200
    for header, value in SECURITY_HEADERS.items():
        assert response[header] == value, header
    assert "frame-ancestors 'none'" in response["Content-Security-Policy"]
    assert response["Content-Language"] == "en"
    assert response["X-Request-ID"]
    assert not response.cookies
    assert "Cookie" not in response.get("Vary", "")
    # The request never had a session: the website's middleware did not run for it.
    assert not hasattr(response.wsgi_request, "session")


def test_a_problem_answer_comes_through_the_same_chain_in_the_callers_language(cast):
    response = Client().get("/api/v1/cases/987654", **_bearer(cast.patient_user))

    assert response.status_code == 404
    assert response["Content-Type"] == "application/problem+json"
    assert response["Content-Language"] == "en"
    for header, value in SECURITY_HEADERS.items():
        assert response[header] == value, header


def test_a_website_session_opens_no_api_door(cast, a_case):
    """A browser logged in on the website still needs a token: the API never reads the session."""
    browser = Client()
    browser.force_login(cast.patient_user)
    assert browser.get("/").status_code == 200

    response = browser.get(f"/api/v1/cases/{a_case.pk}")

    assert response.status_code == 401
    assert response["Content-Type"] == "application/problem+json"


def test_the_website_keeps_its_full_chain(cast):
    browser = Client()
    browser.force_login(cast.patient_user)

    response = browser.get("/")

    assert response.status_code == 200
    assert hasattr(response.wsgi_request, "session")
    assert response.wsgi_request.user == cast.patient_user
    assert "Cookie" in response["Vary"]


def _assert_security_headers(response) -> None:
    for header, value in SECURITY_HEADERS.items():
        assert response[header] == value, header
    assert "frame-ancestors 'none'" in response["Content-Security-Policy"]
    assert response["Content-Language"] == "en"
    assert not response.cookies


# Answers Django makes itself, not the API's or FHIR's own code: each passes the same security headers.
@pytest.mark.parametrize(
    ("method", "path", "status"),
    [
        ("get", "/api/v1/nothing", 404),
        ("get", "/api/nothing", 404),
        ("put", "/api/v1/cases/{pk}", 405),
        ("delete", "/api/v1/cases", 405),
        ("get", "/fhir/nothing", 404),
        ("get", "/fhir/", 404),
        ("post", "/fhir/R5/Patient", 404),
        ("put", "/fhir/R4/metadata", 405),
    ],
)
def test_an_answer_django_makes_itself_carries_the_same_security_headers(cast, a_case, method, path, status):
    response = getattr(Client(), method)(path.format(pk=a_case.pk), **_bearer(cast.patient_user))

    assert response.status_code == status
    _assert_security_headers(response)
    if path.startswith("/api/"):
        assert response["Content-Type"] == "application/problem+json"
        assert response.json()["status"] == status
    else:  # FHIR's own error shape, not the website's page
        assert response["Content-Type"] == "application/fhir+json"
        assert response.json()["resourceType"] == "OperationOutcome"
    if status == 405:
        assert response["Allow"]


def test_a_crash_under_the_api_is_a_problem_with_the_same_security_headers(cast, a_case, monkeypatch):
    def crash(**_kwargs):
        raise RuntimeError("a bug")

    monkeypatch.setattr("secondopinion.api.routers.cases.selectors.case_get", crash)
    client = Client(raise_request_exception=False)

    response = client.get(f"/api/v1/cases/{a_case.pk}", **_bearer(cast.patient_user))

    assert response.status_code == 500
    assert response["Content-Type"] == "application/problem+json"
    assert response.json()["detail"] == "Something went wrong; nothing was changed."
    _assert_security_headers(response)


def test_a_body_too_large_is_refused_with_the_same_security_headers(cast, settings):
    response = Client().post(
        "/api/v1/cases",
        b"{}",
        content_type="application/json",
        CONTENT_LENGTH=str(settings.API_MAX_BODY_BYTES + 1),
        **_bearer(cast.patient_user),
    )

    assert response.status_code == 413
    assert response["Content-Type"] == "application/problem+json"
    _assert_security_headers(response)
