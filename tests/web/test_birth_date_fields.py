"""A date of birth typed by staff (the request form, the desk check, the paper consent) is a day of
the calendar, not in the future and not before 1900; each refusal names the field, in Dutch by
default and in English, and nothing happens: no case, no search in the access log, no failed
identification counted (core/day_field.py, birth_date_field)."""

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from secondopinion.audit.models import AccessEvent, SecurityEvent
from secondopinion.cases.models import SecondOpinionCase
from secondopinion.directory.models import Patient
from tests.reading import visible_text
from tests.web.test_practitioner_request import practitioner_request

pytestmark = pytest.mark.django_db

TOMORROW = "tomorrow"

# Each page: who posts, where, the field's name and element id, and its label in Dutch and English.
PAGES = {
    "request": ("treating_user", "web:case-new", "patient_birth_date", "id-patient_birth_date"),
    "desk": ("coordinator", "web:identity-desk", "date_of_birth", "desk-date_of_birth"),
    "paper": ("coordinator", "web:representation-paper", "date_of_birth", "paper-date_of_birth"),
}
LABELS = {
    ("request", "nl"): "Geboortedatum van de patiënt",
    ("request", "en"): "Patient's date of birth",
    ("desk", "nl"): "Geboortedatum van de patiënt",
    ("desk", "en"): "The patient's date of birth",
    ("paper", "nl"): "Geboortedatum van de patiënt",
    ("paper", "en"): "The patient's date of birth",
}
SAID = {
    ("no_such_day", "nl"): "Deze datum bestaat niet.",
    ("no_such_day", "en"): "This date does not exist.",
    ("future", "nl"): "De geboortedatum kan niet in de toekomst liggen.",
    ("future", "en"): "The date of birth cannot be in the future.",
    ("before_1900", "nl"): "De geboortedatum kan niet vóór 1900 liggen: controleer het jaartal.",
    ("before_1900", "en"): "The date of birth cannot be before 1900: check the year.",
}


def client_for(user, language: str) -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE=language)
    client.force_login(user)
    return client


def post(cast, page: str, born: str, language: str):
    who, url, name, _ = PAGES[page]
    if born == TOMORROW:
        born = (timezone.localdate() + dt.timedelta(days=1)).isoformat()
    if page == "request":
        data = practitioner_request(cast, patient_birth_date=born)
    else:
        data = {"bsn": cast.patient.bsn, name: born}
    return client_for(getattr(cast, who), language).post(reverse(url), data)


@pytest.mark.parametrize("language", ["nl", "en"])
@pytest.mark.parametrize("page", PAGES)
@pytest.mark.parametrize(
    ("born", "problem"),
    [
        ("1990-02-31", "no_such_day"),
        ("31-02-1990", "no_such_day"),
        ("9999-12-31", "future"),
        (TOMORROW, "future"),
        ("1899-12-31", "before_1900"),
    ],
)
def test_an_impossible_date_of_birth_is_refused_naming_the_field_and_nothing_happens(
    cast, page, born, problem, language
):
    events, security = AccessEvent.objects.count(), SecurityEvent.objects.count()

    response = post(cast, page, born, language)

    text = visible_text(response.content.decode())
    assert response.status_code == 422
    assert f"{LABELS[page, language]}: {SAID[problem, language]}" in text
    assert f'href="#{PAGES[page][3]}"' in response.content.decode()
    assert not SecondOpinionCase.objects.exists()
    assert AccessEvent.objects.count() == events
    assert SecurityEvent.objects.count() == security
    assert Patient.objects.get(pk=cast.patient.pk).identity_verified_at == cast.patient.identity_verified_at


@pytest.mark.parametrize("page", PAGES)
def test_a_date_of_birth_in_1900_or_today_is_a_date_like_any_other(cast, page):
    """The bounds themselves are days one may be born on: the service answers, not the field."""
    for born in ("1900-01-01", timezone.localdate().isoformat()):
        response = post(cast, page, born, "en")

        text = visible_text(response.content.decode())
        assert "cannot be in the future" not in text
        assert "cannot be before 1900" not in text
    assert not SecondOpinionCase.objects.exists()


@pytest.mark.parametrize("page", ["request", "desk", "paper"])
def test_the_date_fields_keep_their_date_picker(cast, page):
    who, url, name, element = PAGES[page]

    shown = client_for(getattr(cast, who), "nl").get(reverse(url)).content.decode()

    field = next(tag for tag in shown.split("<input")[1:] if f'id="{element}"' in tag)
    assert 'type="date"' in field
    assert f'name="{name}"' in field
