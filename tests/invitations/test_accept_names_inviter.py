"""The link's page names who invited, in plain words, so the invitee can judge whether the invitation is
genuine: a coordinator by name and organisation, an administrator of Tweede Mening as such, the
patient by name (gender-neutral). A link that is unknown, used, revoked or expired shows the one
"not valid" page, which names nobody: not the inviter, not the organisation, not the patient."""

import datetime as dt

import pytest
from django.test import Client
from django.utils import timezone

from secondopinion.accounts.models import User
from secondopinion.invitations.accepting import staff_invitation_accept
from secondopinion.invitations.models import RepresentativeInvitation, StaffInvitation
from secondopinion.invitations.representation import (
    representative_invitation_accept,
    representative_invitation_revoke,
    representative_invite,
)
from secondopinion.invitations.services import staff_invitation_revoke, staff_invite
from tests.accounts.conftest import PASSWORD
from tests.audit.test_who_looked_labels import MACHINE_NAME
from tests.reading import visible_text

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "Groene-Appel-Fiets-93"
LANGUAGES = ["nl", "en"]


def path_of(link: str) -> str:
    return "/" + link.split("/", 3)[3]


def token_of(link: str) -> str:
    return link.rstrip("/").rsplit("/", 1)[-1]


def named(user: User, first: str, last: str, username: str = "") -> User:
    user.first_name, user.last_name = first, last
    user.username = username or user.username
    user.save(update_fields=["first_name", "last_name", "username"])
    return user


def shown(link: str, language: str) -> tuple[int, str]:
    response = Client().get(path_of(link), HTTP_ACCEPT_LANGUAGE=language)
    return response.status_code, visible_text(response.content.decode())


def staff_link(cast, email: str = "sanne@example.nl") -> str:
    return staff_invite(actor=cast.coordinator, email=email, name="Sanne Visser", function="coordinator").link


def representative_link(cast, email: str = "jan@example.nl", **extra) -> str:
    return representative_invite(
        actor=cast.patient_user, email=email, name="Jan de Vries", relation="partner", source="web", **extra
    ).link


@pytest.mark.parametrize(
    ("language", "invites"),
    [
        (
            "nl",
            "Anna de Vries van Mondzorg Centrum Oost nodigt u uit om in Tweede Mening te werken als coördinator.",
        ),
        ("en", "Anna de Vries of Mondzorg Centrum Oost invites you to work in Tweede Mening as coordinator."),
    ],
)
def test_the_staff_page_names_the_coordinator_and_the_organisation(cast, language, invites):
    named(cast.coordinator, "Anna", "de Vries", "avries")
    link = staff_link(cast)

    status, text = shown(link, language)

    assert status == 200
    assert invites in text
    assert "avries" not in text
    assert MACHINE_NAME.search(text) is None


@pytest.mark.parametrize(
    ("language", "invites"),
    [
        (
            "nl",
            "Bart Beheer, beheerder van Tweede Mening, nodigt u uit om voor Tandartspraktijk De Molen in "
            "Tweede Mening te werken als coördinator.",
        ),
        (
            "en",
            "Bart Beheer, an administrator of Tweede Mening, invites you to work for Tandartspraktijk De "
            "Molen in Tweede Mening as coordinator.",
        ),
    ],
)
def test_the_staff_page_names_an_administrator_as_such(cast, language, invites):
    admin = named(User.objects.create_superuser("beheer", "beheer@example.nl", PASSWORD), "Bart", "Beheer")
    link = staff_invite(
        actor=admin,
        organisation_id=cast.treating_practice.pk,
        email="eerste@example.nl",
        name="Els Eerste",
        function="coordinator",
    ).link

    status, text = shown(link, language)

    assert status == 200
    assert invites in text
    assert "Bart Beheer van" not in text
    assert "Bart Beheer of" not in text


@pytest.mark.parametrize(
    ("language", "asks", "relation"),
    [
        (
            "nl",
            "Petra de Vries vraagt u om als vertegenwoordiger op te treden in Tweede Mening.",
            "Relatie partner",
        ),
        (
            "en",
            "Petra de Vries asks you to act as their representative in Tweede Mening.",
            "Relation partner",
        ),
    ],
)
def test_the_representatives_page_names_the_patient_in_neutral_words(cast, language, asks, relation):
    link = representative_link(cast)

    status, text = shown(link, language)

    assert status == 200
    assert asks in text
    assert relation in text
    assert "hem of haar op te treden" not in text
    assert MACHINE_NAME.search(text) is None


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_representatives_page_for_one_case_names_the_patient_and_the_case(cast, submit, language):
    case = submit()
    link = representative_link(cast, case_id=case.pk)

    status, text = shown(link, language)

    assert status == 200
    assert "Petra de Vries" in text
    assert case.reference in text


def dead_links(cast) -> dict[str, str]:
    """A staff and a representative link in each state that opens nothing, and a link never sent."""
    links = {
        "staff used": staff_link(cast, "a@example.nl"),
        "staff revoked": staff_link(cast, "b@example.nl"),
        "staff expired": staff_link(cast, "c@example.nl"),
        "representative used": representative_link(cast, "d@example.nl"),
        "representative revoked": representative_link(cast, "e@example.nl"),
        "representative expired": representative_link(cast, "f@example.nl"),
    }
    staff_invitation_accept(token=token_of(links["staff used"]), username="sanne", password=NEW_PASSWORD)
    revoked = StaffInvitation.objects.get(email="b@example.nl")
    staff_invitation_revoke(actor=cast.coordinator, invitation_id=revoked.pk)
    representative_invitation_accept(
        token=token_of(links["representative used"]), username="jan", password=NEW_PASSWORD, source="web"
    )
    representative_invitation_revoke(
        actor=cast.patient_user,
        invitation_id=RepresentativeInvitation.objects.get(email="e@example.nl").pk,
        source="web",
    )
    past = timezone.now() - dt.timedelta(minutes=1)
    StaffInvitation.objects.filter(email="c@example.nl").update(expires_at=past)
    RepresentativeInvitation.objects.filter(email="f@example.nl").update(expires_at=past)
    links["unknown"] = links["staff used"].rsplit("/", 2)[0] + "/onbekend-niet-verstuurd/"
    return links


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_dead_link_names_nobody(cast, language):
    named(cast.coordinator, "Anna", "de Vries", "avries")
    links = dead_links(cast)
    names = [
        "Anna",
        "de Vries",  # the coordinator's and the patient's surname
        "Petra",
        "Mondzorg Centrum Oost",
        cast.coordinator.username,
        cast.patient_user.username,
        "Sanne Visser",
        "Jan de Vries",
    ]

    for state, link in links.items():
        response = Client().get(path_of(link), HTTP_ACCEPT_LANGUAGE=language)
        page = response.content.decode()

        assert response.status_code == 404, state
        assert ("niet (meer) geldig" if language == "nl" else "not (or no longer) valid") in page, state
        for name in names:
            assert name not in page, (state, name)
