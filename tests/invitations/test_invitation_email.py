"""The invitation e-mails say who invites and what the link is for, so the invitee can judge whether the
e-mail is genuine: a coordinator by name and organisation, an administrator of Tweede Mening as such
(inviting an organisation's first coordinator, say: not "of" an organisation they do not work for),
the patient by name. The link creates the account or opens the invitation; nobody is asked to "log
in" to see it. Dutch by default, English where the inviter invited in English."""

import re

import pytest
from django.core import mail

from secondopinion.accounts.models import User
from secondopinion.directory.models import StaffMember
from secondopinion.invitations.representation import representative_invite
from secondopinion.invitations.services import staff_invite
from secondopinion.notifications.messages import compose
from tests.accounts.conftest import PASSWORD
from tests.audit.test_who_looked_labels import MACHINE_NAME
from tests.invitations.helpers import outbox_row

pytestmark = pytest.mark.django_db


def body_to(email: str) -> str:
    messages = [m for m in mail.outbox if email in m.to]
    assert len(messages) == 1, [m.to for m in mail.outbox]
    return messages[0].body


def named(user: User, first: str, last: str) -> User:
    user.first_name, user.last_name = first, last
    user.save(update_fields=["first_name", "last_name"])
    return user


@pytest.mark.parametrize(
    ("language", "invites", "action"),
    [
        (
            "nl",
            "Bart Beheer, beheerder van Tweede Mening, nodigt u uit om voor Tandartspraktijk De Molen mee "
            "te werken in Tweede Mening.",
            "Maak uw account aan via deze link: ",
        ),
        (
            "en",
            "Bart Beheer, an administrator of Tweede Mening, invites you to work for Tandartspraktijk De "
            "Molen in Tweede Mening.",
            "Create your account with this link: ",
        ),
    ],
)
def test_an_administrators_invitation_names_the_administrator_and_the_organisation(
    cast, mailed, language, invites, action
):
    admin = named(User.objects.create_superuser("beheer", "beheer@example.nl", PASSWORD), "Bart", "Beheer")

    with mailed():
        staff_invite(
            actor=admin,
            organisation_id=cast.treating_practice.pk,
            email="eerste@example.nl",
            name="Els Eerste",
            function="coordinator",
            language=language,
        )

    body = " ".join(body_to("eerste@example.nl").split())
    assert invites in body
    assert "coördinator" not in body.lower()
    assert "coordinator" not in body.lower()
    assert f"{action}https://tweedemening.example/uitnodiging/" in body
    assert "Log in" not in body
    assert outbox_row("eerste@example.nl").kind == "staff_invitation_admin"


@pytest.mark.parametrize(
    ("language", "invites"),
    [
        ("nl", "Anna de Vries van Mondzorg Centrum Oost nodigt u uit om mee te werken in Tweede Mening."),
        ("en", "Anna de Vries of Mondzorg Centrum Oost invites you to work in Tweede Mening."),
    ],
)
def test_a_coordinators_invitation_names_the_coordinator_and_the_organisation(
    cast, mailed, language, invites
):
    named(cast.coordinator, "Anna", "de Vries")

    with mailed():
        staff_invite(
            actor=cast.coordinator,
            email="sanne@example.nl",
            name="Sanne Visser",
            function="coordinator",
            language=language,
        )

    body = " ".join(body_to("sanne@example.nl").split())
    assert invites in body
    assert "https://tweedemening.example/uitnodiging/" in body
    assert "Log in" not in body
    # Words only: no username, no id, no rule id.
    assert cast.coordinator.username not in body
    assert MACHINE_NAME.search(re.sub(r"https://\S+", "", body)) is None
    assert outbox_row("sanne@example.nl").kind == "staff_invitation"


def test_a_coordinator_who_is_a_practitioner_is_named_as_in_the_directory(cast, mailed):
    named(cast.giver_user, "Gebruiker", "Anders")
    cast.giver.name = "Dr. Bram Gever"
    cast.giver.save(update_fields=["name"])
    StaffMember.objects.create(
        user=cast.giver_user, organisation=cast.giving_practice, function="coordinator"
    )

    with mailed():
        staff_invite(
            actor=cast.giver_user, email="sanne@example.nl", name="Sanne Visser", function="coordinator"
        )

    body = " ".join(body_to("sanne@example.nl").split())
    assert "Dr. Bram Gever van Mondzorg Centrum Oost nodigt u uit" in body
    assert "Gebruiker Anders" not in body


def test_a_long_organisation_name_is_named_whole(cast, mailed):
    named(cast.coordinator, "Anna", "de Vries")
    cast.giving_practice.name = "Stichting Centrum voor Bijzondere Tandheelkunde Regio Amersfoort"
    cast.giving_practice.save(update_fields=["name"])

    with mailed():
        staff_invite(
            actor=cast.coordinator, email="sanne@example.nl", name="Sanne Visser", function="coordinator"
        )

    mailed_to = [m for m in mail.outbox if "sanne@example.nl" in m.to]
    assert "(Stichting Centrum voor Bijzondere Tandheelkunde Regio Amersfoort)" in mailed_to[0].subject
    assert (
        "Anna de Vries van Stichting Centrum voor Bijzondere Tandheelkunde Regio Amersfoort nodigt u uit"
        in " ".join(mailed_to[0].body.split())
    )


@pytest.mark.parametrize(
    ("language", "asks", "action"),
    [
        (
            "nl",
            "Petra de Vries vraagt u om als vertegenwoordiger op te treden in Tweede Mening.",
            "Bekijk de uitnodiging en neem haar aan via deze link: https://tweedemening.example/",
        ),
        (
            "en",
            "Petra de Vries asks you to act as their representative in Tweede Mening.",
            "See the invitation and accept it with this link: https://tweedemening.example/",
        ),
    ],
)
def test_a_representatives_invitation_names_the_patient(cast, mailed, language, asks, action):
    with mailed():
        representative_invite(
            actor=cast.patient_user,
            email="partner@example.nl",
            name="Kees de Vries",
            relation="partner",
            source="web",
            language=language,
        )

    body = " ".join(body_to("partner@example.nl").split())
    assert asks in body
    assert action in body
    assert "Log in" not in body
    assert "hem of haar" not in body
    assert cast.patient_user.username not in body.replace("Petra de Vries", "")
    row = outbox_row("partner@example.nl")
    assert (row.sender, row.reference) == ("Petra de Vries", "")


@pytest.mark.parametrize(
    ("kind", "language", "said"),
    [
        ("representative_invitation", "nl", "Iemand vraagt u om als vertegenwoordiger op te treden"),
        ("representative_invitation", "en", "Someone asks you to act as their representative"),
        ("staff_invitation", "nl", "Mondzorg Centrum Oost nodigt u uit om mee te werken in Tweede Mening."),
        ("staff_invitation_admin", "en", "Mondzorg Centrum Oost invites you to work in Tweede Mening."),
    ],
)
def test_a_row_without_a_sender_still_reads_as_a_whole_sentence(kind, language, said):
    _subject, body = compose(
        kind,
        language=language,
        name="Sanne Visser",
        reference="Mondzorg Centrum Oost" if kind != "representative_invitation" else "",
        link="https://tweedemening.example/uitnodiging/x/",
    )

    assert said in " ".join(body.split())
    assert re.search(r"\n\n[ ,]", body) is None  # no paragraph opens on a missing name
