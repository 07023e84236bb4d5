"""The request wizard filled in before an account exists, kept through sign-up, then submitted."""

import pytest
from django.test import Client
from django.urls import reverse

from secondopinion.cases.models import SecondOpinionCase
from secondopinion.directory.models import Patient
from tests.front_door.conftest import NEW_BSN, sign_up
from tests.journey.test_wizard import PATIENT_ANSWERS, url

pytestmark = pytest.mark.django_db


def answer_anonymously(client: Client, cast) -> None:
    answers = {
        **PATIENT_ANSWERS,
        "practitioner": {"treating_practitioner": cast.treating.pk},
        "place": {"organisation": cast.giving_practice.pk},
    }
    assert client.get(reverse("journey:request")).status_code == 302
    for step in ("who", "practitioner", "question", "situation", "referral", "place"):
        response = client.post(url(step), answers[step])
        assert response.status_code == 302, (step, response.content.decode()[:2000])


def test_answers_given_without_an_account_survive_sign_up_and_the_request_is_submitted(cast):
    client = Client()
    answer_anonymously(client, cast)

    # The step that needs an account asks for one, and promises to come back here.
    needed = client.get(url("consents"))
    assert needed.status_code == 200
    html = needed.content.decode()
    assert "Maak een account aan of log in" in html
    assert f"{reverse('account_signup')}?next=%2Faanvraag%2Ftoestemming%2F" in html

    confirmed = sign_up(client, "fleur@example.nl", next_url=url("consents"))
    assert confirmed.status_code == 302
    # Back in the wizard, which first asks who the patient is (once), then goes on where it stopped.
    back = client.get(confirmed.url)
    assert back.status_code == 302
    assert back.url.startswith(reverse("patient-profile"))
    profile = {"name": "Fleur de Wit", "date_of_birth": "02-08-1979", "bsn": NEW_BSN, "next": url("consents")}
    saved = client.post(reverse("patient-profile"), profile)
    assert saved.url == url("consents")

    consents = client.get(url("consents"))
    assert consents.status_code == 200
    assert client.post(url("consents"), PATIENT_ANSWERS["consents"]).status_code == 302
    summary = client.get(url("summary"))
    assert summary.status_code == 200
    assert "Moet kies 36 echt getrokken worden" in summary.content.decode()

    submitted = client.post(url("summary"))

    assert submitted.status_code == 302
    case = SecondOpinionCase.objects.get()
    patient = Patient.objects.get(user__email="fleur@example.nl")
    assert (case.patient, case.treating_practitioner, case.organisation) == (
        patient,
        cast.treating,
        cast.giving_practice,
    )
    assert case.care_question.startswith("Moet kies 36")


def test_logging_in_with_an_existing_account_keeps_the_answers_too(cast):
    client = Client()
    answer_anonymously(client, cast)

    logged_in = client.post(
        f"{reverse('web:login')}?next={url('consents')}",
        {
            "username": cast.patient_user.username,
            "password": "correct horse battery staple",
            "next": url("consents"),
        },
    )

    assert logged_in.url == url("consents")
    assert client.get(url("consents")).status_code == 200
    assert client.post(url("consents"), PATIENT_ANSWERS["consents"]).status_code == 302
    assert client.post(url("summary")).status_code == 302
    assert SecondOpinionCase.objects.get().patient == cast.patient


def test_a_who_answer_that_does_not_fit_the_account_is_asked_again_after_login(cast):
    client = Client()
    answer_anonymously(client, cast)
    client.post(
        reverse("web:login"), {"username": cast.stranger.username, "password": "correct horse battery staple"}
    )

    response = client.get(url("consents"))

    assert response.status_code == 302
    assert response.url == url("who")


def test_without_an_account_the_summary_cannot_be_submitted(cast):
    client = Client()
    answer_anonymously(client, cast)

    response = client.post(url("summary"))

    assert response.status_code in (200, 302)
    assert not SecondOpinionCase.objects.exists()
