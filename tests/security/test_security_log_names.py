"""The security log's user column names people in words: the display name of the account (with the
username the filter searches, when it says more), "verwijderd account" once the account is gone, and
"onbekend" for an attempt without a user; never the account's internal id, which it used to add as
"(#6)" to every attempt of an account that still exists."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from secondopinion.audit.models import SecurityEvent
from tests.factories import UserFactory
from tests.reading import says, visible_text
from tests.security.test_security_log import logged_in, verified_client

pytestmark = pytest.mark.django_db
USER = {"nl": "Gebruiker", "en": "User"}


def user_cells(response, language: str) -> list[str]:
    """The user column as the reader sees it, newest attempt first."""
    assert response.status_code == 200
    body = response.content.decode().split("<tbody>")[1].split("</tbody>")[0]
    cells = re.findall(rf'<td data-label="{USER[language]}">(.*?)</td>', body, re.S)
    return [visible_text(cell) for cell in cells]


@pytest.fixture
def attempts(cast, a_case):
    """Three refused attempts on a case, oldest first: by an account that is deleted afterwards, by a
    logged-in stranger, and by someone without a user (no token) probing a path under the case."""
    gone = UserFactory(username="oud.account", first_name="Karel", last_name="Verhoef")
    logged_in(gone).get(reverse("web:case", args=[a_case.pk]))
    gone_id = gone.pk
    gone.delete()
    logged_in(cast.stranger).get(reverse("web:case", args=[a_case.pk]))
    Client(secure=True).get(f"/api/v1/cases/{a_case.pk}/no-such-part")
    refusals = SecurityEvent.objects.exclude(kind="security_read").order_by("at", "id")
    assert [(e.actor_id, e.actor_name) for e in refusals] == [
        (None, "oud.account"),
        (cast.stranger.pk, "vreemde"),
        (None, ""),
    ]
    return gone_id


@pytest.mark.second_factor
@pytest.mark.parametrize(
    ("language", "username", "deleted", "unknown"),
    [
        ("nl", "gebruikersnaam", "verwijderd account", "onbekend"),
        ("en", "username", "deleted account", "unknown"),
    ],
)
def test_the_user_column_names_the_account_in_words_without_its_id(
    cast, attempts, language, username, deleted, unknown
):
    # An administrator reads every attempt; the complaints officer would not see the anonymous probe,
    # whose unknown path names no case.
    administrator = UserFactory(username="beheer", is_staff=True, is_superuser=True)
    client = verified_client("beheer", administrator)

    response = client.get(reverse("web:security-log"), {"kind": "not_found"}, HTTP_ACCEPT_LANGUAGE=language)

    nobody, stranger, former = user_cells(response, language)
    assert nobody == unknown
    assert stranger == f"{cast.stranger.get_full_name()} {username}: vreemde"
    assert former == f"{deleted} {username}: oud.account"
    for cell in (nobody, stranger, former):
        assert "#" not in cell
    assert not says(stranger, str(cast.stranger.pk))
    assert not says(former, str(attempts))


@pytest.mark.second_factor
def test_an_account_without_a_full_name_reads_as_its_username_once(cast, a_case):
    plain = UserFactory(username="balie.oost", first_name="", last_name="")
    logged_in(plain).get(reverse("web:case", args=[a_case.pk]))
    client = verified_client("klachten", cast.complaints_officer)

    response = client.get(reverse("web:security-log"), {"user": "balie.oost"}, HTTP_ACCEPT_LANGUAGE="nl")

    assert user_cells(response, "nl") == ["balie.oost"]
