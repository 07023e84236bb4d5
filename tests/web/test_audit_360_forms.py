"""Found walking every role's journey at 360 px (an outside tester's audit): what a form says when it
is sent back, and what each role's home page offers it."""

import pytest
from django.test import Client
from django.urls import reverse

from secondopinion.accounts.models import User
from tests.conftest import PASSWORD
from tests.reading import visible_text

pytestmark = pytest.mark.django_db


def summaries(response) -> int:
    return response.content.decode().count('class="error-summary"')


@pytest.mark.parametrize("who", ["patient_user", "coordinator"])
def test_a_consent_sent_without_its_purpose_says_so_once_in_its_own_section(client, cast, a_case, who):
    client.force_login(getattr(cast, who))

    response = client.post(reverse("web:consent-add", args=[a_case.pk]), {})

    assert response.status_code == 422
    assert summaries(response) == 1


def test_a_collegial_notice_sent_empty_says_so_once_in_its_own_section(client, cast, a_case, advance):
    case = advance(a_case, "in_examination")
    client.force_login(cast.giver_user)

    response = client.post(reverse("web:notice-send", args=[case.pk]), {"text": ""})

    assert response.status_code == 422
    assert summaries(response) == 1


def test_the_administrators_home_leads_to_the_security_log_and_the_admin_site(client, cast):
    administrator = User.objects.create_superuser("beheer", "beheer@example.org", PASSWORD)
    client.force_login(administrator)

    links = client.get(reverse("web:home")).content.decode()
    page = visible_text(links)

    assert "Beveiligingslog" in page
    assert "Beheer" in page
    assert f'href="{reverse("web:security-log")}"' in links
    assert f'href="{reverse("admin:index")}"' in links


def test_the_complaints_officer_keeps_one_security_log_link_and_no_admin_site(client, cast):
    client.force_login(cast.complaints_officer)

    links = client.get(reverse("web:home")).content.decode()

    assert links.count(f'href="{reverse("web:security-log")}"') == 1
    assert f'href="{reverse("admin:index")}"' not in links


def test_the_error_summary_names_a_field_asked_as_a_question_or_a_sentence_without_a_stray_colon(
    client, cast, a_case
):
    client.force_login(cast.patient_user)

    withdraw = visible_text(client.post(reverse("web:step-withdraw", args=[a_case.pk]), {}).content.decode())
    document = visible_text(client.post(reverse("web:document-add", args=[a_case.pk]), {}).content.decode())

    assert "Ja, trek dit verzoek in: Dit veld is verplicht." in withdraw
    assert "Wat is het? Dit veld is verplicht." in document
    assert ".:" not in withdraw
    assert "?:" not in document


@pytest.mark.parametrize(
    ("language", "said"),
    [
        (
            "nl",
            "BSN van de patiënt: Dit veld is verplicht. Geboortedatum van de patiënt: Dit veld is verplicht.",
        ),
        (
            "en",
            "The patient's BSN: This field is required. The patient's date of birth: This field is required.",
        ),
    ],
)
def test_the_identity_desk_names_its_fields_as_labels_as_the_paper_consent_page_does(cast, language, said):
    client = Client(HTTP_ACCEPT_LANGUAGE=language)
    client.force_login(cast.coordinator)

    page = visible_text(client.post(reverse("web:identity-desk"), {}).content.decode())

    assert said in page


@pytest.mark.parametrize(
    ("language", "said"), [("nl", "Het verzoek is ingetrokken."), ("en", "The request has been withdrawn.")]
)
def test_the_patient_who_withdraws_is_told_so_in_a_sentence(cast, a_case, language, said):
    client = Client(HTTP_ACCEPT_LANGUAGE=language)
    client.force_login(cast.patient_user)

    response = client.post(
        reverse("web:step-withdraw", args=[a_case.pk]),
        {"confirm": "on", "note": "Ik volg toch het advies van mijn tandarts."},
        follow=True,
    )
    page = visible_text(response.content.decode())

    assert said in page
    assert "Gedaan:" not in page
    assert "Done:" not in page


@pytest.mark.parametrize(
    ("url", "said"),
    [
        (
            "account_signup",
            "Er is een probleem E-mailadres: Dit veld is verplicht. Wachtwoord: Dit veld is verplicht.",
        ),
        ("account_reset_password", "Er is een probleem E-mailadres: Dit veld is verplicht."),
    ],
)
def test_signing_up_and_resetting_a_password_sent_empty_name_the_fields_in_a_summary(client, url, said):
    page = visible_text(client.post(reverse(url), {}, HTTP_ACCEPT_LANGUAGE="nl").content.decode())

    assert said in page
