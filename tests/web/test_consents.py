import pytest
from django.urls import reverse

from secondopinion.consent.models import Consent

pytestmark = pytest.mark.django_db


def test_the_patient_gives_and_revokes_a_consent_on_the_case_page(client, cast, a_case):
    client.force_login(cast.patient_user)

    given = client.post(reverse("web:consent-add", args=[a_case.pk]), {"purpose": "request_records"})
    consent = Consent.objects.get()
    page = client.get(reverse("web:case", args=[a_case.pk])).content.decode()
    revoked = client.post(reverse("web:consent-revoke", args=[a_case.pk, consent.pk]), {"confirmed": "yes"})

    assert given.status_code == 302
    assert (consent.method, consent.given_by_name) == ("in_app", cast.patient.name)
    assert "gegevens opvragen bij de eigen behandelaar" in page.lower()
    assert revoked.status_code == 302
    consent.refresh_from_db()
    assert consent.revoked_at is not None


def test_staff_must_name_who_signed_and_nothing_is_stored_otherwise(client, cast, a_case):
    client.force_login(cast.coordinator)

    response = client.post(reverse("web:consent-add", args=[a_case.pk]), {"purpose": "consult_colleague"})

    assert response.status_code == 422
    assert "Wie gaf de toestemming?" in response.content.decode()
    assert Consent.objects.count() == 0


def test_a_stranger_cannot_touch_the_consents(client, cast, a_case):
    client.force_login(cast.stranger)

    assert (
        client.post(reverse("web:consent-add", args=[a_case.pk]), {"purpose": "request_records"}).status_code
        == 404
    )
    assert Consent.objects.count() == 0
