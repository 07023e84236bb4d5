"""A coordinator invites colleagues of their own organisation by e-mail; the invitee sets a password and
a second factor; the coordinator deactivates and reactivates colleagues. Another organisation's
coordinator sees and does none of it (404)."""

import datetime as dt
import json

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape
from django_otp.plugins.otp_totp.models import TOTPDevice

from secondopinion.accounts.models import User
from secondopinion.accounts.second_factor import current_code
from secondopinion.cases.inputs import StepInput
from secondopinion.cases.services import case_transition
from secondopinion.core.errors import InvalidInput
from secondopinion.directory.independence import giver_candidates
from secondopinion.directory.models import Affiliation, Practitioner, StaffMember
from secondopinion.invitations.models import StaffInvitation
from secondopinion.invitations.services import staff_invite, token_hash
from tests.accounts.conftest import PASSWORD, authenticator, code
from tests.conftest import step_input
from tests.invitations.helpers import outbox_row, sent_link

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "Groene-Appel-Fiets-93"
GIVER = {
    "name": "Sanne Visser",
    "email": "sanne@example.nl",
    "function": "giver",
    "discipline": "dentist",
    "agb_code": "12345678",
}


def coordinator_client(cast) -> Client:
    client = Client()
    client.force_login(cast.coordinator)
    return client


def invite(client: Client, mailed, **overrides):
    with mailed():
        return client.post(reverse("web:staff"), {**GIVER, **overrides})


def api_token(client: Client, username: str, password: str = PASSWORD, otp: str | None = None) -> str:
    body = {"username": username, "password": password}
    if otp:
        body["otp"] = otp
    response = client.post("/api/v1/auth/token", json.dumps(body), content_type="application/json")
    assert response.status_code in (200, 201), response.content
    return response.json()["token"]


@pytest.mark.second_factor
def test_an_invited_giver_sets_a_password_and_a_code_and_is_offered_on_the_next_case(
    cast, mailed, no_code_throttle, advance, submit
):
    coordinator = coordinator_client(cast)
    authenticator(cast.coordinator)  # the coordinator's own session is verified below
    coordinator.force_login(cast.coordinator)
    session = coordinator.session
    session["otp_device_id"] = TOTPDevice.objects.get(user=cast.coordinator).persistent_id
    session.save()

    response = invite(coordinator, mailed)

    assert response.status_code == 302, response.content[:500]
    invitation = StaffInvitation.objects.get(email="sanne@example.nl")
    assert invitation.organisation == cast.giving_practice
    assert invitation.expires_at - invitation.created_at == dt.timedelta(days=7)
    link = sent_link("sanne@example.nl")
    token = link.rstrip("/").rsplit("/", 1)[-1]
    assert invitation.token_hash == token_hash(token)  # only the hash is kept
    assert token not in json.dumps(list(StaffInvitation.objects.values()), default=str)
    row = outbox_row("sanne@example.nl")
    assert (row.kind, row.state, row.link) == ("staff_invitation", "sent", "")  # the link left the outbox

    invitee = Client()
    page = invitee.get(link)
    assert page.status_code == 200
    assert "Sanne Visser" in page.content.decode()
    weak = invitee.post(link, {"username": "sanne", "password": "123", "password_again": "123"})
    assert weak.status_code == 422
    assert not User.objects.filter(username="sanne").exists()

    accepted = invitee.post(
        link, {"username": "sanne", "password": NEW_PASSWORD, "password_again": NEW_PASSWORD}
    )

    assert accepted.status_code == 302
    assert accepted["Location"].startswith(reverse("web:otp-enrol"))
    user = User.objects.get(username="sanne")
    practitioner = Practitioner.objects.get(user=user)
    assert (practitioner.name, practitioner.discipline, practitioner.agb_code) == (
        "Sanne Visser",
        "dentist",
        "12345678",
    )
    assert Affiliation.objects.filter(practitioner=practitioner, organisation=cast.giving_practice).exists()
    # The second factor is set up before anything else opens.
    assert invitee.get(reverse("web:home"))["Location"].startswith(reverse("web:otp-enrol"))
    invitee.get(accepted["Location"])
    device = TOTPDevice.objects.get(user=user)
    enrolled = invitee.post(reverse("web:otp-enrol"), {"otp": current_code(device), "next": "/"})
    assert enrolled.status_code == 302
    assert invitee.get(reverse("web:home")).status_code == 200
    # The link worked once.
    assert invitee.get(link).status_code == 404

    # A later login asks the password and then the code.
    TOTPDevice.objects.filter(pk=device.pk).update(last_t=-1)
    fresh = Client()
    fresh.post(reverse("web:login"), {"username": "sanne", "password": NEW_PASSWORD})
    assert fresh.get(reverse("web:home"))["Location"].startswith(reverse("web:otp-verify"))
    assert fresh.post(reverse("web:otp-verify"), {"otp": code(device), "next": "/"}).status_code == 302
    assert fresh.get(reverse("web:home")).status_code == 200

    # Offered on the next case at that organisation, and assignable.
    case = advance(submit(), "accepted")
    offered = [c.practitioner for c in giver_candidates(treating=case.treating_practitioner) if c.eligible]
    assert practitioner in offered
    case = case_transition(
        actor=cast.coordinator,
        case_id=case.pk,
        to="assigned",
        data=StepInput(giver_id=practitioner.pk),
        source="web",
    )
    assert case.giver == practitioner


def test_a_coordinator_and_a_complaints_officer_are_staff_members(cast, mailed):
    client = coordinator_client(cast)
    invite(client, mailed, name="Kees Bos", email="kees@example.nl", function="coordinator", agb_code="")
    link = sent_link("kees@example.nl")

    Client().post(link, {"username": "", "password": NEW_PASSWORD, "password_again": NEW_PASSWORD})

    user = User.objects.get(username="kees@example.nl")  # the e-mail address as login
    assert StaffMember.objects.filter(
        user=user, organisation=cast.giving_practice, function="coordinator"
    ).exists()
    assert not Practitioner.objects.filter(user=user).exists()


def test_a_giver_invitation_needs_a_discipline_and_an_agb_code(cast, mailed):
    client = coordinator_client(cast)

    response = invite(client, mailed, agb_code="123")

    assert response.status_code == 422
    assert "AGB" in response.content.decode()
    assert not StaffInvitation.objects.exists()
    with pytest.raises(InvalidInput) as refused:
        staff_invite(
            actor=cast.coordinator, email="a@example.nl", name="A", function="giver", agb_code="12345678"
        )
    assert refused.value.field == "discipline"


def test_the_coordinator_deactivates_a_colleague_who_can_no_longer_log_in_or_be_assigned(
    cast, advance, submit
):
    giver_token = api_token(Client(), "gever")
    client = coordinator_client(cast)
    colleague = Client()
    colleague.force_login(cast.giver_user)
    assert colleague.get(reverse("web:home")).wsgi_request.user.is_authenticated
    team = client.get(reverse("web:staff")).content.decode()
    # Names as the page writes them: a name such as "van 't Hof" is HTML-escaped.
    assert escape(str(cast.giver_user)) in team
    assert escape(str(cast.complaints_officer)) in team

    response = client.post(reverse("web:staff-deactivate", kwargs={"user_id": cast.giver_user.pk}))

    assert response.status_code == 302
    cast.giver_user.refresh_from_db()
    assert cast.giver_user.is_active is False
    # No web session, no new login, no API token.
    assert not colleague.get(reverse("web:home")).wsgi_request.user.is_authenticated
    login = Client().post(reverse("web:login"), {"username": "gever", "password": PASSWORD})
    assert login.status_code == 200  # the login form again, with its error
    api = Client().get("/api/v1/cases", HTTP_AUTHORIZATION=f"Bearer {giver_token}")
    assert api.status_code == 401
    refused = Client().post(
        "/api/v1/auth/token",
        json.dumps({"username": "gever", "password": PASSWORD}),
        content_type="application/json",
    )
    assert refused.status_code == 401
    # No longer offered, nor assignable.
    case = advance(submit(), "accepted")
    assert cast.giver not in [c.practitioner for c in giver_candidates(treating=case.treating_practitioner)]
    with pytest.raises(InvalidInput) as blocked:
        case_transition(
            actor=cast.coordinator,
            case_id=case.pk,
            to="assigned",
            data=step_input(cast, {"giver_id": "giver"}),
            source="web",
        )
    assert blocked.value.field == "giver_id"

    client.post(reverse("web:staff-reactivate", kwargs={"user_id": cast.giver_user.pk}))

    cast.giver_user.refresh_from_db()
    assert cast.giver_user.is_active is True
    assert Client().post(reverse("web:login"), {"username": "gever", "password": PASSWORD}).status_code == 302


def test_a_coordinator_of_another_organisation_sees_and_does_none_of_it(cast, mailed):
    invite(coordinator_client(cast), mailed)
    invitation = StaffInvitation.objects.get()
    other = Client()
    other.force_login(cast.other_coordinator)

    team = other.get(reverse("web:staff")).content.decode()
    assert "sanne@example.nl" not in team
    assert escape(str(cast.giver_user)) not in team
    assert (
        other.post(
            reverse("web:staff-invitation-revoke", kwargs={"invitation_id": invitation.pk})
        ).status_code
        == 404
    )
    assert (
        other.post(reverse("web:staff-deactivate", kwargs={"user_id": cast.giver_user.pk})).status_code == 404
    )
    assert other.get(f"{reverse('web:staff')}?organisation={cast.giving_practice.pk}").status_code == 404
    invitation.refresh_from_db()
    cast.giver_user.refresh_from_db()
    assert invitation.revoked_at is None
    assert cast.giver_user.is_active

    token = api_token(Client(), "anderepraktijk")
    headers = {"HTTP_AUTHORIZATION": f"Bearer {token}"}
    api = Client()
    assert str(cast.giver_user) not in api.get("/api/v1/staff", **headers).content.decode()
    assert api.get("/api/v1/staff/invitations", **headers).json() == []
    assert api.post(f"/api/v1/staff/invitations/{invitation.pk}/revoke", **headers).status_code == 404
    assert api.post(f"/api/v1/staff/{cast.giver_user.pk}/deactivate", **headers).status_code == 404
    assert api.get(f"/api/v1/staff?organisation_id={cast.giving_practice.pk}", **headers).status_code == 404
    # Nor is anyone else a coordinator: a giver has no team page.
    giver = Client()
    giver.force_login(cast.giver_user)
    assert giver.get(reverse("web:staff")).status_code == 404


def test_the_api_invites_lists_and_deactivates(cast, mailed):
    token = api_token(Client(), "coordinator")
    headers = {"HTTP_AUTHORIZATION": f"Bearer {token}"}
    api = Client()
    body = {**GIVER, "name": "Sanne Visser"}
    with mailed():
        created = api.post(
            "/api/v1/staff/invitations", json.dumps(body), content_type="application/json", **headers
        )
    assert created.status_code == 201, created.content
    assert created.json()["link"].endswith(sent_link("sanne@example.nl"))
    listed = api.get("/api/v1/staff/invitations", **headers).json()
    assert [(i["email"], i["state"]) for i in listed] == [("sanne@example.nl", "open")]

    revoked = api.post(f"/api/v1/staff/invitations/{created.json()['id']}/revoke", **headers)
    assert revoked.json()["state"] == "revoked"
    assert Client().get(sent_link("sanne@example.nl")).status_code == 404

    staff = {row["username"]: row for row in api.get("/api/v1/staff", **headers).json()}
    assert staff["gever"]["functions"] == ["giver"]
    assert staff["klachten"]["functions"] == ["complaints_officer"]
    done = api.post(f"/api/v1/staff/{cast.giver_user.pk}/deactivate", **headers)
    assert done.status_code == 200
    assert done.json()["active"] is False
    again = api.post(f"/api/v1/staff/{cast.giver_user.pk}/reactivate", **headers)
    assert again.json()["active"] is True
    # A patient has no staff (and no staff scope).
    patient_token = api_token(Client(), "petra")
    refused = api.get("/api/v1/staff", HTTP_AUTHORIZATION=f"Bearer {patient_token}")
    assert refused.status_code == 404


@pytest.mark.parametrize("how", ["used", "expired", "revoked", "unknown"])
def test_a_used_expired_revoked_or_unknown_link_answers_the_same_page(cast, mailed, how):
    invite(coordinator_client(cast), mailed)
    link = sent_link("sanne@example.nl")
    invitation = StaffInvitation.objects.get()
    if how == "used":
        Client().post(link, {"username": "sanne", "password": NEW_PASSWORD, "password_again": NEW_PASSWORD})
    elif how == "expired":
        StaffInvitation.objects.filter(pk=invitation.pk).update(
            expires_at=timezone.now() - dt.timedelta(seconds=1)
        )
    elif how == "revoked":
        coordinator_client(cast).post(
            reverse("web:staff-invitation-revoke", kwargs={"invitation_id": invitation.pk})
        )
    else:
        link = link[:-2] + ("A/" if link[-2] != "A" else "B/")
    users = User.objects.count()

    page = Client().get(link, HTTP_ACCEPT_LANGUAGE="nl")
    post = Client().post(link, {"username": "x", "password": NEW_PASSWORD, "password_again": NEW_PASSWORD})

    assert page.status_code == post.status_code == 404
    assert "Deze uitnodiging is niet (meer) geldig" in page.content.decode()
    assert User.objects.count() == users
