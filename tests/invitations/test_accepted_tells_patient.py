"""Whoever opens a representative invitation's link can accept it. So the patient hears by e-mail, in
their own language, who accepted, with a link to the page where they end it; the e-mail names nothing
of their care. The invitation form says before sending that the address matters."""

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from secondopinion.notifications.models import Notification
from tests.invitations.helpers import sent_link
from tests.invitations.test_representatives import accept_with_new_account, invite, patient_client
from tests.reading import visible_text

pytestmark = pytest.mark.django_db


def _mail_to(address: str):
    found = [m for m in mail.outbox if address in m.to]
    assert found, f"no e-mail to {address}"
    return found[-1]


def test_the_patient_hears_who_accepted_and_where_to_end_it(cast, mailed, submit):
    case = submit()
    cast.patient_user.email = "petra@example.nl"
    cast.patient_user.save(update_fields=["email"])
    invite(cast, mailed)
    link = sent_link("jan@example.nl")

    with mailed():
        accept_with_new_account(link)

    row = Notification.objects.filter(kind="representative_accepted").get()
    assert (row.recipient, row.email) == (cast.patient_user, "petra@example.nl")
    message = _mail_to("petra@example.nl")
    assert message.subject == "Uw uitnodiging is aangenomen"
    assert "Jan de Vries (jan@example.nl) heeft uw uitnodiging aangenomen" in message.body
    assert "Beëindig het dan meteen bij Mijn vertegenwoordigers" in message.body
    assert "https://tweedemening.example" + reverse("web:representatives") in message.body
    # Nothing of the care: no case reference, no question.
    assert case.reference not in message.body + message.subject
    assert "kies" not in message.body.lower()


def test_an_english_patient_reads_it_in_english(cast, mailed):
    cast.patient_user.email = "petra@example.nl"
    cast.patient_user.preferred_language = "en"
    cast.patient_user.save(update_fields=["email", "preferred_language"])
    invite(cast, mailed)

    with mailed():
        accept_with_new_account(sent_link("jan@example.nl"))

    message = _mail_to("petra@example.nl")
    assert message.subject == "Your invitation was accepted"
    assert "accepted your invitation and can now act for you" in message.body


def test_an_existing_account_that_accepts_is_named_by_its_own_name_and_address(cast, mailed):
    cast.patient_user.email = "petra@example.nl"
    cast.patient_user.save(update_fields=["email"])
    cast.representative.first_name, cast.representative.last_name = "Karel", "Klaassen"
    cast.representative.email = "karel@example.nl"
    cast.representative.save(update_fields=["first_name", "last_name", "email"])
    invite(cast, mailed, email="jan@example.nl")
    someone = Client()
    someone.force_login(cast.representative)

    with mailed():
        assert someone.post(sent_link("jan@example.nl"), {"action": "accept"}).status_code == 302

    # Not the name the patient typed: the person who actually accepted.
    assert (
        "Karel Klaassen (karel@example.nl) heeft uw uitnodiging aangenomen"
        in _mail_to("petra@example.nl").body
    )


def test_the_form_warns_that_the_address_must_be_right(cast):
    page = patient_client(cast).get(reverse("web:representative-invitations"), HTTP_ACCEPT_LANGUAGE="nl")
    text = visible_text(page.content.decode())
    assert "Controleer het e-mailadres" in text
