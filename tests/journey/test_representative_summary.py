"""A representative's check page says truthfully what happens with the consents he ticked: only the
patient gives them, so they are asked of her and not recorded (the case then says no consent is
recorded, and so did the check page). The consents step names the patient's page as a link."""

import pytest
from django.urls import reverse

from secondopinion.cases.models import SecondOpinionCase
from secondopinion.consent.models import Consent
from tests.conftest import representation_in_force
from tests.journey.test_wizard import url, walk
from tests.reading import visible_text

pytestmark = pytest.mark.django_db

TICKED = {"request_records": "on", "inform_own_practitioner": "on", "own_practitioner_informed": "no"}


@pytest.fixture
def representative(client, cast):
    representation_in_force(cast)
    client.force_login(cast.representative)
    walk(
        client,
        cast,
        who={"requester_kind": "representative", "represented": cast.patient.pk},
        consents={**TICKED, "patient_agrees": "on"},
    )
    return client


def test_the_ticked_consents_are_asked_of_the_patient_not_claimed(representative, cast):
    name = cast.patient.name

    text = visible_text(representative.get(url("summary")).content.decode())

    assert f"Gegevens van {name} opvragen: wordt gevraagd aan {name}" in text
    assert f"Eigen behandelaar van {name} informeren: wordt gevraagd aan {name}" in text
    assert f"Gegevens van {name} opvragen: Ja" not in text
    assert f"Alleen {name} kan deze toestemmingen geven" in text
    assert "Tot dan is er geen toestemming vastgelegd." in text


def test_the_same_in_english(representative, cast):
    name = cast.patient.name

    text = visible_text(representative.get(url("summary"), HTTP_ACCEPT_LANGUAGE="en").content.decode())

    assert f"Request the records of {name}: to be asked of {name}" in text
    assert f"Only {name} can give these consents" in text
    assert "Until then, no consent is recorded." in text


def test_a_box_not_ticked_says_no(client, cast):
    representation_in_force(cast)
    client.force_login(cast.representative)
    walk(
        client,
        cast,
        who={"requester_kind": "representative", "represented": cast.patient.pk},
        consents={"own_practitioner_informed": "no", "patient_agrees": "on"},
    )

    text = visible_text(client.get(url("summary")).content.decode())

    assert f"Gegevens van {cast.patient.name} opvragen: Nee" in text


def test_the_case_records_none_as_the_check_page_said(representative, cast):
    representative.post(url("summary"))

    case = SecondOpinionCase.objects.get()
    assert not Consent.objects.filter(case=case).exists()
    page = visible_text(representative.get(reverse("web:case", args=[case.pk])).content.decode())
    assert "Er zijn geen toestemmingen vastgelegd." in page


def test_the_patient_herself_still_reads_yes(client, cast):
    client.force_login(cast.patient_user)
    walk(client, cast)

    text = visible_text(client.get(url("summary")).content.decode())

    assert "Mijn gegevens opvragen: Ja" in text
    assert "wordt gevraagd aan" not in text


@pytest.mark.parametrize(
    ("language", "page"), [("nl", "Mijn vertegenwoordigers"), ("en", "My representatives")]
)
def test_the_consents_step_links_the_patients_page_by_its_name_not_its_path(client, cast, language, page):
    representation_in_force(cast)
    client.force_login(cast.representative)
    walk(
        client,
        cast,
        until="consents",
        who={"requester_kind": "representative", "represented": cast.patient.pk},
    )

    body = client.get(url("consents"), HTTP_ACCEPT_LANGUAGE=language).content.decode()

    assert f'<a href="{reverse("web:representatives")}">{page}</a>' in body
    assert "(/mijn-gegevens/vertegenwoordigers/)" not in visible_text(body)
