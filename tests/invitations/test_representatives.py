"""The patient invites a representative by e-mail; the invitation accepted is the patient's consent in
force (R8), so the representative sees the patient's case at once and the patient's "who looked at my
file" shows it; ending it removes the access at once."""

import datetime as dt
import json

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from secondopinion.accounts.models import User
from secondopinion.audit.models import AccessEvent
from secondopinion.cases.services import case_submit
from secondopinion.directory.models import Representative
from secondopinion.invitations.models import RepresentativeInvitation
from tests.accounts.conftest import PASSWORD
from tests.conftest import submit_input
from tests.invitations.helpers import outbox_row, sent_link

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "Blauwe-Tafel-Regen-71"
INVITE = {"name": "Jan de Vries", "email": "jan@example.nl", "relation": "partner", "case_id": ""}


def patient_client(cast) -> Client:
    client = Client()
    client.force_login(cast.patient_user)
    return client


def invite(cast, mailed, **overrides):
    client = patient_client(cast)
    with mailed():
        response = client.post(reverse("web:representative-invitations"), {**INVITE, **overrides})
    return client, response


def accept_with_new_account(link: str) -> Client:
    invitee = Client()
    response = invitee.post(
        link, {"username": "jan", "password": NEW_PASSWORD, "password_again": NEW_PASSWORD}
    )
    assert response.status_code == 302, response.content[:800]
    return invitee


def test_the_accepted_invitation_is_the_consent_and_ending_it_ends_the_access(cast, mailed, submit):
    case = submit()
    patient, response = invite(cast, mailed)
    assert response.status_code == 302
    representatives_page = patient.get(reverse("web:representatives")).content.decode()
    assert reverse("web:representative-invitations") in representatives_page
    link = sent_link("jan@example.nl")
    row = outbox_row("jan@example.nl")
    assert row.kind == "representative_invitation"
    assert row.link == ""
    # The e-mail names the patient only as the one who invites (the sender), nothing about their care.
    assert "Petra" not in json.dumps([row.name, row.reference])
    assert row.sender == "Petra de Vries"
    page = Client().get(link).content.decode()
    assert "Petra de Vries" in page

    representative = accept_with_new_account(link)

    user = User.objects.get(username="jan")
    representation = Representative.objects.get(user=user, patient=cast.patient)
    assert representation.consent_in_force
    assert (representation.consent_method, representation.relation) == ("invitation", "partner")
    invitation = RepresentativeInvitation.objects.get()
    assert (invitation.accepted_by, invitation.representation) == (user, representation)
    # The representative sees the patient's case at once, and the read is in the patient's log.
    seen = representative.get(reverse("web:case", kwargs={"case_id": case.pk}))
    assert seen.status_code == 200
    assert case.reference in representative.get(reverse("web:home")).content.decode()
    read = AccessEvent.objects.filter(actor=user, case=case, action="read").latest("pk")
    assert (read.role, read.on_behalf_of) == ("representative", "Petra de Vries")
    log = patient.get(reverse("web:access-log"), HTTP_ACCEPT_LANGUAGE="nl").content.decode()
    assert "Jan de Vries" in log
    assert AccessEvent.objects.filter(
        actor=user, patient=cast.patient, data="representation:invitation", action="update"
    ).exists()
    # The patient's page names the method in words.
    assert (
        "uitnodiging van de patiënt"
        in patient.get(reverse("web:representatives"), HTTP_ACCEPT_LANGUAGE="nl").content.decode()
    )

    ended = patient.post(
        reverse(
            "web:representative-invitation-revoke", kwargs={"representative_invitation_id": invitation.pk}
        )
    )

    assert ended.status_code == 302
    representation.refresh_from_db()
    assert representation.consent_revoked_at is not None
    assert representative.get(reverse("web:case", kwargs={"case_id": case.pk})).status_code == 404
    assert case.reference not in representative.get(reverse("web:home")).content.decode()


def test_an_invitation_for_one_case_opens_that_case_only(cast, mailed, submit):
    first, second = submit(), submit(care_question="Is een brug beter dan een implantaat bij 46?")
    _patient, _response = invite(cast, mailed, case_id=str(first.pk))

    representative = accept_with_new_account(sent_link("jan@example.nl"))

    assert representative.get(reverse("web:case", kwargs={"case_id": first.pk})).status_code == 200
    assert representative.get(reverse("web:case", kwargs={"case_id": second.pk})).status_code == 404


def test_someone_with_an_account_logs_in_and_accepts(cast, mailed, submit):
    case = submit()
    invite(cast, mailed, email="vertegenwoordiger@example.nl")
    link = sent_link("vertegenwoordiger@example.nl")
    representative = Client()
    representative.force_login(cast.representative)
    page = representative.get(link).content.decode()
    assert "Accept" in page or "aannemen" in page

    response = representative.post(link, {"action": "accept"})

    assert response.status_code == 302
    assert Representative.objects.get(user=cast.representative, patient=cast.patient).consent_in_force
    assert representative.get(reverse("web:case", kwargs={"case_id": case.pk})).status_code == 200


def test_the_patient_cannot_accept_their_own_invitation(cast, mailed):
    patient, _response = invite(cast, mailed)

    response = patient.post(sent_link("jan@example.nl"), {"action": "accept"})

    assert response.status_code == 422
    assert not Representative.objects.filter(user=cast.patient_user).exists()
    assert RepresentativeInvitation.objects.get().accepted_at is None


def test_a_refused_invitation_changes_nothing_and_names_the_field(cast, mailed, submit):
    _patient, response = invite(cast, mailed, email="geen-adres", relation="")

    assert response.status_code == 422
    assert not RepresentativeInvitation.objects.exists()
    other = cast.other_patient_user
    other_patients_case = case_submit(
        actor=other, data=submit_input(cast, patient_id=other.patient.pk), source="web"
    )
    _patient, response = invite(cast, mailed, case_id=str(other_patients_case.pk))
    assert response.status_code == 422
    assert not RepresentativeInvitation.objects.exists()


@pytest.mark.parametrize("how", ["used", "expired", "revoked"])
def test_a_used_expired_or_revoked_link_answers_the_same_page(cast, mailed, how):
    patient, _response = invite(cast, mailed)
    link = sent_link("jan@example.nl")
    invitation = RepresentativeInvitation.objects.get()
    if how == "used":
        accept_with_new_account(link)
    elif how == "expired":
        RepresentativeInvitation.objects.filter(pk=invitation.pk).update(
            expires_at=timezone.now() - dt.timedelta(1)
        )
    else:
        patient.post(
            reverse(
                "web:representative-invitation-revoke", kwargs={"representative_invitation_id": invitation.pk}
            )
        )
    someone = Client()
    someone.force_login(cast.representative)

    page = Client().get(link, HTTP_ACCEPT_LANGUAGE="en")
    post = someone.post(link, {"action": "accept"})

    assert page.status_code == post.status_code == 404
    assert "This invitation is not (or no longer) valid" in page.content.decode()
    assert not Representative.objects.filter(user=cast.representative).exists()


def test_only_the_patient_sees_and_ends_their_invitations(cast, mailed):
    invite(cast, mailed)
    invitation = RepresentativeInvitation.objects.get()
    url = reverse(
        "web:representative-invitation-revoke", kwargs={"representative_invitation_id": invitation.pk}
    )
    for user in (cast.other_patient_user, cast.coordinator, cast.representative, cast.stranger):
        client = Client()
        client.force_login(user)
        assert client.post(url).status_code == 404
        assert "jan@example.nl" not in client.get(reverse("web:representative-invitations")).content.decode()
    invitation.refresh_from_db()
    assert invitation.revoked_at is None


def test_the_api_invites_lists_and_ends(cast, mailed, submit):
    case = submit()
    token = (
        Client()
        .post(
            "/api/v1/auth/token",
            json.dumps({"username": "petra", "password": PASSWORD}),
            content_type="application/json",
        )
        .json()["token"]
    )
    headers = {"HTTP_AUTHORIZATION": f"Bearer {token}"}
    api = Client()
    body = {"name": "Jan de Vries", "email": "jan@example.nl", "relation": "parent", "case_id": case.pk}
    with mailed():
        created = api.post(
            "/api/v1/representatives/invitations",
            json.dumps(body),
            content_type="application/json",
            **headers,
        )
    assert created.status_code == 201, created.content
    assert created.json()["case_id"] == case.pk
    assert created.json()["state"] == "open"
    refused = api.post(
        "/api/v1/representatives/invitations",
        json.dumps({**body, "relation": "neighbour"}),
        content_type="application/json",
        **headers,
    )
    assert refused.status_code == 422

    accept_with_new_account(sent_link("jan@example.nl"))
    listed = api.get("/api/v1/representatives/invitations", **headers).json()
    assert [(row["state"], row["representation_in_force"]) for row in listed] == [("accepted", True)]

    ended = api.post(f"/api/v1/representatives/invitations/{listed[0]['id']}/revoke", **headers)

    assert ended.status_code == 200
    assert ended.json()["representation_in_force"] is False
    again = api.post(f"/api/v1/representatives/invitations/{listed[0]['id']}/revoke", **headers)
    assert again.status_code == 409
    coordinator = Client()
    coordinator.force_login(cast.coordinator)
    assert coordinator.get(reverse("web:representative-invitations")).status_code == 404
