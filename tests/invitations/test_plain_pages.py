"""What patients and representatives read on the invitation pages and the patient's own profile pages is
plain language: no rule id (R1 to R28), no machine name or internal key, no consent number, no hash
or invitation token. The same check as the "who looked at my file" page (MACHINE_NAME), over the
page's visible text, in Dutch and in English."""

import pytest
from django.test import Client
from django.urls import reverse

from secondopinion.accounts.models import PatientProfileHold
from secondopinion.invitations.models import RepresentativeInvitation
from secondopinion.invitations.representation import (
    representative_invitation_accept,
    representative_invitation_revoke,
    representative_invite,
)
from tests.audit.test_who_looked_labels import MACHINE_NAME
from tests.front_door.conftest import sign_up
from tests.reading import visible_text

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "Groene-Appel-Fiets-93"
LANGUAGES = ["nl", "en"]


def assert_plain(response, *secrets: str) -> None:
    assert response.status_code in (200, 404, 422), response.status_code
    assert b"<main" in response.content, "the page has no main part"
    text = visible_text(response.content.decode())
    found = MACHINE_NAME.search(text)
    assert found is None, (found.group(0), text[max(0, found.start() - 80) : found.end() + 80])
    for secret in secrets:
        assert secret not in response.content.decode()


def token_of(link: str) -> str:
    return link.rstrip("/").rsplit("/", 1)[-1]


@pytest.fixture
def invitations(cast):
    """The patient's invitations in each state: open, accepted (a representation in force), revoked."""
    made = {}
    for state, (name, email) in {
        "open": ("Jan de Vries", "jan@example.nl"),
        "accepted": ("Mila de Vries", "mila@example.nl"),
        "revoked": ("Kees Bos", "kees@example.nl"),
    }.items():
        made[state] = representative_invite(
            actor=cast.patient_user, email=email, name=name, relation="family", source="web"
        )
    representative_invitation_accept(
        token=token_of(made["accepted"].link), username="mila", password=NEW_PASSWORD, source="web"
    )
    representative_invitation_revoke(
        actor=cast.patient_user, invitation_id=made["revoked"].invitation.pk, source="web"
    )
    return made


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_patients_invitation_page_shows_no_rule_ids_or_internal_keys(cast, invitations, language):
    client = Client()
    client.force_login(cast.patient_user)
    tokens = [token_of(created.link) for created in invitations.values()]
    hashes = list(RepresentativeInvitation.objects.values_list("token_hash", flat=True))

    page = client.get(reverse("web:representative-invitations"), HTTP_ACCEPT_LANGUAGE=language)
    another = client.post(  # followed to the page with its confirmation
        reverse("web:representative-invitations"),
        {"name": "Anna de Vries", "email": "anna@example.nl", "relation": "child"},
        HTTP_ACCEPT_LANGUAGE=language,
        follow=True,
    )
    empty = client.post(reverse("web:representative-invitations"), {}, HTTP_ACCEPT_LANGUAGE=language)

    assert "Jan de Vries" in page.content.decode()
    for response in (page, another, empty):
        assert_plain(response, *tokens, *hashes)
    representatives = client.get(reverse("web:representatives"), HTTP_ACCEPT_LANGUAGE=language)
    assert_plain(representatives, *tokens, *hashes)


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_invitation_link_shows_the_invitee_no_rule_ids_or_internal_keys(cast, invitations, language):
    token = token_of(invitations["open"].link)
    link = reverse("web:invitation-accept", kwargs={"token": token})
    digest = invitations["open"].invitation.token_hash

    anonymous = Client().get(link, HTTP_ACCEPT_LANGUAGE=language)
    weak = Client().post(
        link, {"username": "jan", "password": "123", "password_again": "123"}, HTTP_ACCEPT_LANGUAGE=language
    )
    logged_in = Client()
    logged_in.force_login(cast.stranger)
    as_someone = logged_in.get(link, HTTP_ACCEPT_LANGUAGE=language)
    used = Client().get(
        reverse("web:invitation-accept", kwargs={"token": token_of(invitations["accepted"].link)}),
        HTTP_ACCEPT_LANGUAGE=language,
    )

    assert anonymous.status_code == 200
    assert weak.status_code == 422
    assert used.status_code == 404
    for response in (anonymous, weak, as_someone, used):
        assert_plain(response, digest)


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_patients_profile_pages_show_no_rule_ids_or_internal_keys(cast, language):
    client = Client()
    sign_up(client, "noor@example.nl")
    profile = reverse("patient-profile")

    form = client.get(profile, HTTP_ACCEPT_LANGUAGE=language)
    wrong = client.post(
        profile,
        {"name": "", "date_of_birth": "31-02-1990", "bsn": "123456789"},
        HTTP_ACCEPT_LANGUAGE=language,
    )
    held = client.post(
        profile,
        {"name": "Noor Bakker", "date_of_birth": "14-03-1988", "bsn": cast.patient.bsn},
        HTTP_ACCEPT_LANGUAGE=language,
    )
    waiting = client.get(profile, HTTP_ACCEPT_LANGUAGE=language)
    deletion = client.get(reverse("account-deletion"), HTTP_ACCEPT_LANGUAGE=language)
    requested = client.post(
        reverse("account-deletion"), {"reason": "Ik gebruik het niet meer."}, HTTP_ACCEPT_LANGUAGE=language
    )

    assert PatientProfileHold.objects.filter(user__email="noor@example.nl").exists()
    assert wrong.status_code == 422
    for response in (form, wrong, held, waiting, deletion, requested):
        assert_plain(response, cast.patient.bsn)
