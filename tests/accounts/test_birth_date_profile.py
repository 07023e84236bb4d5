"""The patient's own date of birth, typed once after sign-up: a day of the calendar, not in the future
and not before 1900, written 31-12-1980, 31/12/1980 or 1980-12-31. A refusal names the field in
plain words, in Dutch by default and in English, and no patient record is made."""

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from secondopinion.directory.models import Patient
from tests.front_door.conftest import NEW_BSN, sign_up
from tests.reading import visible_text

pytestmark = pytest.mark.django_db

PROFILE = {"name": "Noor Bakker", "bsn": NEW_BSN}
SAID = {
    ("no_such_day", "nl"): "Geboortedatum: Deze datum bestaat niet.",
    ("no_such_day", "en"): "Date of birth: This date does not exist.",
    ("future", "nl"): "Geboortedatum: De geboortedatum kan niet in de toekomst liggen.",
    ("future", "en"): "Date of birth: The date of birth cannot be in the future.",
    (
        "before_1900",
        "nl",
    ): "Geboortedatum: De geboortedatum kan niet vóór 1900 liggen: controleer het jaartal.",
    ("before_1900", "en"): "Date of birth: The date of birth cannot be before 1900: check the year.",
    ("no_year_zero", "nl"): "Geboortedatum: Het jaar 0 bestaat niet: controleer het jaartal.",
    ("no_year_zero", "en"): "Date of birth: There is no year 0: check the year.",
}


def signed_up(email: str, language: str) -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE=language)
    sign_up(client, email)
    return client


@pytest.mark.parametrize("language", ["nl", "en"])
@pytest.mark.parametrize(
    ("born", "problem"),
    [
        ("31-02-1990", "no_such_day"),
        ("31/02/1990", "no_such_day"),
        ("1990-02-31", "no_such_day"),
        ("31-12-9999", "future"),
        ("tomorrow", "future"),
        ("31-12-1899", "before_1900"),
        ("01-01-0000", "no_year_zero"),
    ],
)
def test_an_impossible_date_of_birth_is_refused_naming_the_field_and_no_record_is_made(
    cast, born, problem, language
):
    if born == "tomorrow":
        born = (timezone.localdate() + dt.timedelta(days=1)).strftime("%d-%m-%Y")
    client = signed_up("noor@example.nl", language)

    response = client.post(reverse("patient-profile"), {**PROFILE, "date_of_birth": born})

    assert response.status_code == 422
    assert SAID[problem, language] in visible_text(response.content.decode())
    assert 'href="#id_date_of_birth"' in response.content.decode()
    assert not Patient.objects.filter(user__email="noor@example.nl").exists()
    assert not Patient.objects.filter(bsn=NEW_BSN).exists()


@pytest.mark.parametrize("born", ["14-03-1988", "14/03/1988", "1988-03-14", "4-3-1988"])
def test_the_date_of_birth_is_taken_as_patients_write_it(cast, born):
    client = signed_up("noor@example.nl", "nl")

    response = client.post(reverse("patient-profile"), {**PROFILE, "date_of_birth": born})

    assert response.status_code == 302
    expected = dt.date(1988, 3, 14) if born != "4-3-1988" else dt.date(1988, 3, 4)
    assert Patient.objects.get(user__email="noor@example.nl").date_of_birth == expected


@pytest.mark.parametrize("language", ["nl", "en"])
def test_a_date_written_another_way_says_how_to_write_it(cast, language):
    client = signed_up("noor@example.nl", language)

    response = client.post(reverse("patient-profile"), {**PROFILE, "date_of_birth": "14.03.1988"})

    said = {
        "nl": "Geboortedatum: Vul een datum in als dag-maand-jaar, bijvoorbeeld 31-12-1980.",
        "en": "Date of birth: Enter a date as day-month-year, for example 31-12-1980.",
    }[language]
    assert response.status_code == 422
    assert said in visible_text(response.content.decode())
    assert not Patient.objects.filter(user__email="noor@example.nl").exists()


def test_the_field_keeps_its_hints_for_the_phone(cast):
    page = signed_up("noor@example.nl", "nl").get(reverse("patient-profile")).content.decode()

    field = next(tag for tag in page.split("<input")[1:] if 'name="date_of_birth"' in tag)
    assert 'autocomplete="bday"' in field
    assert 'inputmode="numeric"' in field
