"""Plain words for patients and representatives where staff say "casus" and "Grondslag": the access log
of her file ("Wie heeft mijn dossier ingezien") heads its columns "Aanvraagnummer" and "Waarom", the
confirmation to withdraw a consent leads back to "uw second opinion", the report inbox heads its
columns the same way. The complaints officer's review of the log keeps "Casus" and "Grondslag"."""

import pytest
from django.test import Client
from django.urls import reverse

from secondopinion.consent.models import Consent
from tests.audit.test_access_review import verified_client
from tests.conftest import give_records_consent
from tests.reading import says, visible_text

pytestmark = pytest.mark.django_db


def text_of(user, url: str, language: str = "nl") -> str:
    client = Client(HTTP_ACCEPT_LANGUAGE=language)
    client.force_login(user)
    response = client.get(url)
    assert response.status_code == 200, url
    return visible_text(response.content.decode(), "main")


@pytest.mark.parametrize(
    ("language", "case", "why", "staff_case", "staff_why"),
    [
        ("nl", "Aanvraagnummer", "Waarom", "Casus", "Grondslag"),
        ("en", "Request number", "Why", "Case", "Basis"),
    ],
)
def test_the_patients_access_log_heads_its_columns_in_plain_words(
    cast, a_case, advance, language, case, why, staff_case, staff_why
):
    advance(a_case, "informed")  # the coordinator and the giver have read and written it

    text = text_of(cast.patient_user, reverse("web:access-log"), language)

    assert says(text, case)
    assert says(text, why)
    assert not says(text, staff_case)
    assert not says(text, staff_why)
    assert "casus" not in text.lower()


@pytest.mark.second_factor
def test_the_officers_review_keeps_the_staff_terms(cast, a_case):
    client = verified_client("klachten", cast.complaints_officer)

    page = client.get(reverse("web:access-review"), {"case": a_case.reference})

    text = visible_text(page.content.decode(), "main")
    assert says(text, "Casus")
    assert says(text, "Grondslag")


@pytest.mark.parametrize(
    ("language", "back"),
    [("nl", "Nee, terug naar uw second opinion"), ("en", "No, go back to your second opinion")],
)
def test_withdrawing_a_consent_leads_the_patient_back_to_her_second_opinion(cast, a_case, language, back):
    give_records_consent(cast, a_case)
    consent = Consent.objects.get(case=a_case)
    url = reverse("web:consent-revoke", args=[a_case.pk, consent.pk])
    client = Client(HTTP_ACCEPT_LANGUAGE=language)
    client.force_login(cast.patient_user)

    page = client.post(url, {})

    text = visible_text(page.content.decode(), "main")
    assert back in text, text[:600]
    assert "casus" not in text.lower()


def test_the_coordinator_still_goes_back_to_the_case(cast, a_case):
    give_records_consent(cast, a_case)
    consent = Consent.objects.get(case=a_case)
    client = Client(HTTP_ACCEPT_LANGUAGE="nl")
    client.force_login(cast.coordinator)

    page = client.post(reverse("web:consent-revoke", args=[a_case.pk, consent.pk]), {})

    assert "Nee, terug naar de casus" in visible_text(page.content.decode(), "main")
