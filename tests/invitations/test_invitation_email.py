"""The invitation e-mails say who invites and what the link is for: the organisation invites a
colleague (whoever sent it: its coordinator, or an administrator inviting its first coordinator), and
the link creates the account or opens the invitation; nobody is asked to "log in" to see it."""

import pytest
from django.core import mail

from secondopinion.accounts.models import User
from secondopinion.invitations.representation import representative_invite
from secondopinion.invitations.services import staff_invite
from tests.accounts.conftest import PASSWORD

pytestmark = pytest.mark.django_db


def body_to(email: str) -> str:
    messages = [m for m in mail.outbox if email in m.to]
    assert len(messages) == 1, [m.to for m in mail.outbox]
    return messages[0].body


@pytest.mark.parametrize(
    ("language", "invites", "action", "not_said"),
    [
        ("nl", "nodigt u uit om mee te werken", "Maak uw account aan via deze link: ", "Log in"),
        ("en", "invites you to work", "Create your account with this link: ", "Log in"),
    ],
)
def test_an_administrators_invitation_names_the_organisation_not_a_coordinator(
    cast, mailed, language, invites, action, not_said
):
    admin = User.objects.create_superuser("beheer", "beheer@example.nl", PASSWORD)
    organisation = cast.treating_practice

    with mailed():
        staff_invite(
            actor=admin,
            organisation_id=organisation.pk,
            email="eerste@example.nl",
            name="Els Eerste",
            function="coordinator",
            language=language,
        )

    body = body_to("eerste@example.nl")
    assert f"{organisation.name[:40]} {invites}" in body
    assert "coördinator" not in body.lower()
    assert "coordinator" not in body.lower()
    assert f"{action}https://tweedemening.example/uitnodiging/" in body
    assert not_said not in body


def test_a_coordinators_invitation_says_the_same(cast, mailed):
    with mailed():
        staff_invite(
            actor=cast.coordinator,
            email="sanne@example.nl",
            name="Sanne Visser",
            function="coordinator",
        )

    body = body_to("sanne@example.nl")
    assert f"{cast.giving_practice.name[:40]} nodigt u uit om mee te werken in Tweede Mening." in body
    assert "Maak uw account aan via deze link: https://tweedemening.example/uitnodiging/" in body
    assert "Log in om het te bekijken" not in body


def test_a_representatives_invitation_asks_to_open_and_accept_it(cast, mailed):
    with mailed():
        representative_invite(
            actor=cast.patient_user,
            email="partner@example.nl",
            name="Kees de Vries",
            relation="partner",
            source="web",
        )

    body = body_to("partner@example.nl")
    assert "Bekijk de uitnodiging en neem haar aan via deze link: https://tweedemening.example/" in body
    assert "Log in om het te bekijken" not in body
