"""A staff member onboarded without a browser: the invitee accepts the invitation with its token and a
password (POST /staff/invitations/accept), sets up the authenticator from the secret in the answer and
confirms it with a code (POST /auth/otp/confirm), then exchanges username or e-mail address, password
and code for a bearer token (POST /auth/token). A wrong password and a wrong code get one answer."""

import json

import pytest
from django.test import Client
from django_otp.plugins.otp_totp.models import TOTPDevice

from secondopinion.accounts.models import User
from secondopinion.audit.models import SecurityEvent
from secondopinion.core.errors import NotFound
from secondopinion.directory.models import Practitioner, StaffMember
from secondopinion.invitations.models import StaffInvitation
from secondopinion.invitations.services import staff_invite
from tests.accounts.conftest import PASSWORD, authenticator, code, wrong
from tests.invitations.helpers import app_code

pytestmark = [pytest.mark.django_db, pytest.mark.second_factor]

NEW_PASSWORD = "Groene-Appel-Fiets-93"
GIVER = {
    "name": "Sanne Visser",
    "email": "sanne@example.nl",
    "function": "giver",
    "discipline": "dentist",
    "agb_code": "12345678",
}


def post(path: str, body: dict, language: str = "en"):
    return Client().post(
        f"/api/v1{path}", json.dumps(body), content_type="application/json", HTTP_ACCEPT_LANGUAGE=language
    )


def invited(cast, **overrides) -> str:
    """The token of a fresh invitation by the cast's coordinator."""
    created = staff_invite(actor=cast.coordinator, **{**GIVER, **overrides})
    return created.link.rstrip("/").rsplit("/", 1)[-1]


def test_an_invited_giver_accepts_confirms_the_code_and_gets_a_token_by_the_api_alone(cast, no_code_throttle):
    token = invited(cast)

    accepted = post(
        "/staff/invitations/accept", {"token": token, "username": "sanne", "password": NEW_PASSWORD}
    )

    assert accepted.status_code == 201, accepted.content
    body = accepted.json()
    user = User.objects.get(username="sanne")
    practitioner = Practitioner.objects.get(user=user)
    assert body["user_id"] == user.pk
    assert (body["function"], body["organisation_id"]) == ("giver", cast.giving_practice.pk)
    assert body["practitioner_id"] == practitioner.pk
    enrolment = body["enrolment"]
    assert enrolment["otpauth_uri"].startswith("otpauth://totp/")
    assert f"secret={enrolment['secret']}" in enrolment["otpauth_uri"]
    assert (enrolment["digits"], enrolment["period"]) == (6, 30)
    assert not TOTPDevice.objects.filter(user=user, confirmed=True).exists()
    # The link worked once.
    again = post("/staff/invitations/accept", {"token": token, "password": NEW_PASSWORD})
    assert again.status_code == 404

    # No token before the authenticator is confirmed, and the answer is that of a wrong password.
    early = post(
        "/auth/token", {"username": "sanne", "password": NEW_PASSWORD, "otp": app_code(enrolment["secret"])}
    )
    bad_password = post("/auth/token", {"username": "sanne", "password": "wrong", "otp": "123456"})
    assert early.status_code == bad_password.status_code == 401
    assert early.json() == bad_password.json()

    # The enrolment is the same one when asked again, until it is confirmed.
    asked = post("/auth/otp/enrol", {"username": "sanne", "password": NEW_PASSWORD})
    assert asked.status_code == 200
    assert asked.json()["secret"] == enrolment["secret"]

    wrong_code = post(
        "/auth/otp/confirm",
        {"username": "sanne", "password": NEW_PASSWORD, "otp": wrong(app_code(enrolment["secret"]))},
    )
    assert wrong_code.status_code == 401
    confirmed = post(
        "/auth/otp/confirm",
        {"username": "sanne", "password": NEW_PASSWORD, "otp": app_code(enrolment["secret"])},
    )
    assert confirmed.status_code == 200, confirmed.content
    assert confirmed.json() == {"confirmed": True}
    device = TOTPDevice.objects.get(user=user)
    assert device.confirmed

    # Now a token, by username or by e-mail address, with the next code.
    issued = post(
        "/auth/token",
        {"username": "sanne@example.nl", "password": NEW_PASSWORD, "otp": app_code(enrolment["secret"], 1)},
    )
    assert issued.status_code == 201, issued.content
    assert "reports:write" in issued.json()["scopes"]
    mine = Client().get("/api/v1/cases", HTTP_AUTHORIZATION=f"Bearer {issued.json()['token']}")
    assert mine.status_code == 200

    # Once confirmed, enrolling again is refused with the answer of a wrong password.
    after = post("/auth/otp/enrol", {"username": "sanne", "password": NEW_PASSWORD})
    assert after.status_code == 401
    assert after.json() == bad_password.json()


def test_a_coordinator_invited_through_the_api_becomes_a_staff_member(cast):
    token = invited(cast, email="kees@example.nl", name="Kees Bos", function="coordinator")

    accepted = post("/staff/invitations/accept", {"token": token, "password": NEW_PASSWORD})

    assert accepted.status_code == 201, accepted.content
    assert accepted.json()["username"] == "kees@example.nl"  # no username chosen: the e-mail address
    assert accepted.json()["practitioner_id"] is None
    user = User.objects.get(username="kees@example.nl")
    assert StaffMember.objects.filter(
        user=user, organisation=cast.giving_practice, function="coordinator"
    ).exists()


def test_a_weak_password_is_refused_naming_the_field_and_the_link_stays_open(cast):
    token = invited(cast)

    weak = post("/staff/invitations/accept", {"token": token, "username": "sanne", "password": "123"}, "nl")

    assert weak.status_code == 422
    assert weak["Content-Type"] == "application/problem+json"
    assert weak.json()["field"] == "password"
    assert not User.objects.filter(username="sanne").exists()
    assert StaffInvitation.objects.get().is_open
    taken = post("/staff/invitations/accept", {"token": token, "username": "gever", "password": NEW_PASSWORD})
    assert taken.status_code == 422
    assert taken.json()["field"] == "username"
    assert post("/staff/invitations/accept", {"token": token, "password": NEW_PASSWORD}).status_code == 201


def test_an_unknown_or_used_token_is_one_404_recorded_as_a_refused_attempt(cast):
    token = invited(cast)
    post("/staff/invitations/accept", {"token": token, "password": NEW_PASSWORD})

    used = post("/staff/invitations/accept", {"token": token, "password": NEW_PASSWORD})
    unknown = post("/staff/invitations/accept", {"token": "made-up-token", "password": NEW_PASSWORD})

    assert used.status_code == unknown.status_code == 404
    assert used.json() == unknown.json()
    assert "not (or no longer) valid" in used.json()["detail"]
    assert SecurityEvent.objects.filter(kind=SecurityEvent.Kind.NOT_FOUND).count() == 2


def test_wrong_password_wrong_code_missing_code_and_unknown_user_get_one_answer(cast, no_code_throttle):
    device = authenticator(cast.coordinator)
    right = code(device)

    answers = [
        post("/auth/token", {"username": "coordinator", "password": "not-it", "otp": right}),
        post("/auth/token", {"username": "coordinator", "password": PASSWORD, "otp": wrong(right)}),
        post("/auth/token", {"username": "coordinator", "password": PASSWORD}),
        post("/auth/token", {"username": "nobody", "password": PASSWORD, "otp": right}),
        post("/auth/otp/confirm", {"username": "coordinator", "password": PASSWORD, "otp": right}),
    ]

    assert {a.status_code for a in answers} == {401}
    assert all(a.json() == answers[0].json() for a in answers)
    assert answers[0].json()["fields"] == ["username", "password", "otp"]
    assert SecurityEvent.objects.filter(kind=SecurityEvent.Kind.NOT_PERMITTED).count() == len(answers)
    dutch = post("/auth/token", {"username": "coordinator", "password": "not-it"}, "nl")
    assert dutch.json()["detail"].startswith("Aanmelden is niet gelukt")
    # A code that is not 6 digits is said at once, whatever the password.
    assert (
        post("/auth/token", {"username": "coordinator", "password": "x", "otp": "12ab"}).json()["field"]
        == "otp"
    )
    assert (
        post("/auth/token", {"username": "coordinator", "password": PASSWORD, "otp": right}).status_code
        == 201
    )


def test_repeated_failures_lock_the_enrolment_out_too(cast, settings, no_code_throttle):
    settings.AXES_FAILURE_LIMIT = 3
    token = invited(cast)
    secret = post(
        "/staff/invitations/accept", {"token": token, "username": "sanne", "password": NEW_PASSWORD}
    ).json()["enrolment"]["secret"]
    right = app_code(secret)

    tries = [
        post(
            "/auth/otp/confirm", {"username": "sanne", "password": NEW_PASSWORD, "otp": wrong(right)}
        ).status_code
        for _ in range(3)
    ]
    locked = post("/auth/otp/confirm", {"username": "sanne", "password": NEW_PASSWORD, "otp": right})

    assert tries[:2] == [401, 401]
    assert locked.status_code == 429
    assert "Retry-After" in locked
    assert not TOTPDevice.objects.get(user__username="sanne").confirmed
    assert SecurityEvent.objects.filter(kind=SecurityEvent.Kind.THROTTLED).exists()


def test_an_administrator_invites_the_first_coordinator_of_an_organisation_they_name(cast):
    admin = User.objects.create_superuser("beheer", "beheer@example.nl", PASSWORD)

    created = staff_invite(
        actor=admin,
        organisation_id=cast.treating_practice.pk,
        email="eerste@example.nl",
        name="Eerste Coördinator",
        function="coordinator",
    )

    assert created.invitation.organisation == cast.treating_practice
    with pytest.raises(NotFound):
        staff_invite(
            actor=admin, organisation_id=999_999, email="x@example.nl", name="X", function="coordinator"
        )
    # Not a coordinator anywhere, so without an organisation named there is none.
    with pytest.raises(NotFound):
        staff_invite(actor=admin, email="y@example.nl", name="Y", function="coordinator")
