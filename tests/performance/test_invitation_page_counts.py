"""The invitation link's page names who invited (the coordinator and the organisation, or the patient)
and reads it with the invitation, in one query per kind looked at: a staff link 1 (the invitation,
its organisation and the inviter with their directory entry), a representative link 2 (the staff
table first, then the invitation with its patient and case). Before the inviter was named: 2 and 3
or 4 (the organisation, the patient and the case each read on their own)."""

import pytest
from django.test import Client

from secondopinion.invitations.representation import representative_invite
from secondopinion.invitations.services import staff_invite
from tests.performance.counting import measured

pytestmark = pytest.mark.django_db


def path_of(link: str) -> str:
    return "/" + link.split("/", 3)[3]


def page_queries(link: str) -> int:
    client = Client(HTTP_ACCEPT_LANGUAGE="nl")
    client.get(path_of(link))
    count, response, sql = measured(lambda: client.get(path_of(link)))
    assert response.status_code == 200, sql
    return count


def test_a_staff_link_reads_in_one_query(cast):
    link = staff_invite(
        actor=cast.coordinator,
        email="sanne@example.nl",
        name="Sanne Visser",
        function="giver",
        discipline="dentist",
        agb_code="12345678",
    ).link

    assert page_queries(link) == 1


def test_a_representative_link_reads_in_two_queries_with_or_without_a_case(cast, submit):
    case = submit()
    every = representative_invite(
        actor=cast.patient_user, email="jan@example.nl", name="Jan de Vries", relation="partner", source="web"
    ).link
    one = representative_invite(
        actor=cast.patient_user,
        email="mila@example.nl",
        name="Mila de Vries",
        relation="child",
        source="web",
        case_id=case.pk,
    ).link

    assert (page_queries(every), page_queries(one)) == (2, 2)
