"""R16, R17 (seed 004): when the own practitioner declines the request for records, or lets it expire,
the patient's side hears of it: an e-mail that says there is news, and on her case page what she can
do now (fetch the records herself, which the practitioner must give her; without them the giver may
need extra examinations at her cost). Not when she revoked the consent herself, not once a newer
request is open or brought records. The practitioner's reason stays with the giver and the practice."""

import datetime as dt

import pytest
from django.urls import reverse

from secondopinion.cases.services import case_submit
from secondopinion.consent.models import Consent
from secondopinion.consent.services import consent_revoke
from secondopinion.notifications.models import Notification
from secondopinion.records.data_requests import (
    data_request_decline,
    data_request_fulfil_by_link,
    data_requests_expire_and_remind,
)
from tests.conftest import give_records_consent, representation_in_force, submit_input
from tests.performance.counting import client_for, measured
from tests.performance.test_query_counts import CASE_PAGE
from tests.reading import says, visible_text
from tests.records.conftest import request_records, token_of, xray

pytestmark = pytest.mark.django_db

REASON = "Patiënt is hier sinds 2019 niet meer geweest; dossier gearchiveerd."
PATIENT_EMAIL = "petra@example.nl"


@pytest.fixture
def represented(addressed, advance):
    """The same request asked by the patient's partner for her (R8), in examination, her records consent given."""
    cast = addressed
    cast.treating_user.email = "tandarts@molen.example"
    cast.treating_user.save(update_fields=["email"])
    cast.giver_user.email = "gever@oost.example"
    cast.giver_user.save(update_fields=["email"])
    representation_in_force(cast)
    data = submit_input(cast, requester_kind="representative")
    case = advance(case_submit(actor=cast.representative, data=data, source="web"), "in_examination")
    give_records_consent(cast, case)
    return case


@pytest.fixture
def addressed(cast):
    cast.patient_user.email = PATIENT_EMAIL
    cast.patient_user.save(update_fields=["email"])
    return cast


def _page(user, case, language="nl") -> str:
    client = client_for(user)
    response = client.get(reverse("web:case", args=[case.pk]), HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 200
    return visible_text(response.content.decode())


def _decline(cast, case):
    created = request_records(cast, case)
    data_request_decline(token=token_of(created.link), reason=REASON, source="web")
    return created


def test_a_declined_request_tells_the_patient_what_she_can_do(addressed, consented):
    cast = addressed
    _decline(cast, consented)

    text = _page(cast.patient_user, consented)
    assert "Uw gegevens zijn niet gestuurd" in text
    assert f"opgevraagd bij {cast.treating}" in text
    assert f"{cast.treating} heeft ze niet gestuurd" in text
    assert "U heeft recht op uw eigen medische gegevens" in text
    assert "extra onderzoek" in text
    assert "extra geld kosten" in text
    # Plain words: no rule ids, and the practitioner's reason is not shown to her.
    assert not says(text, "R16")
    assert not says(text, "R17")
    assert REASON not in text

    english = _page(cast.patient_user, consented, "en")
    assert "Your records were not sent" in english
    assert "You have a right to your own medical records" in english
    assert "Uw gegevens" not in english


def test_the_patient_and_her_representative_get_an_email_and_the_practitioner_does_not(
    addressed, represented
):
    cast, consented = addressed, represented
    cast.representative.email = "partner@example.nl"
    cast.representative.save(update_fields=["email"])

    _decline(cast, consented)

    sent = Notification.objects.filter(kind="records_not_supplied")
    assert sorted(sent.values_list("email", flat=True)) == ["partner@example.nl", PATIENT_EMAIL]
    assert {n.reference for n in sent} == {consented.reference}
    # The e-mail names the news, not the reason or anything of her care.
    assert not any(REASON in (n.name + n.reference) for n in sent)
    assert not Notification.objects.filter(kind="records_not_supplied", recipient=cast.treating_user).exists()
    # The giver who asked is told as before.
    assert (
        Notification.objects.filter(kind="records_request_declined", recipient=cast.giver_user).count() == 1
    )


def test_the_representative_reads_it_on_the_patients_page(addressed, represented):
    _decline(addressed, represented)

    assert "Uw gegevens zijn niet gestuurd" in _page(addressed.representative, represented)


def test_a_request_that_expired_unanswered_tells_her_too(addressed, consented):
    cast = addressed
    created = request_records(cast, consented)

    data_requests_expire_and_remind(now=created.request.expires_at + dt.timedelta(minutes=1))

    text = _page(cast.patient_user, consented)
    assert "Er kwam niet op tijd een antwoord" in text
    assert Notification.objects.filter(kind="records_not_supplied", email=PATIENT_EMAIL).count() == 1


def test_a_request_closed_because_she_revoked_her_consent_is_no_news_to_her(addressed, consented):
    cast = addressed
    request_records(cast, consented)
    consent = Consent.objects.get(case=consented, purpose="request_records")

    consent_revoke(actor=cast.patient_user, case_id=consented.pk, consent_id=consent.pk, source="web")

    assert "Uw gegevens zijn niet gestuurd" not in _page(cast.patient_user, consented)
    assert not Notification.objects.filter(kind="records_not_supplied").exists()


def test_a_newer_request_that_is_open_or_brought_records_ends_the_notice(addressed, consented):
    cast = addressed
    _decline(cast, consented)
    again = request_records(cast, consented)

    assert "Uw gegevens zijn niet gestuurd" not in _page(cast.patient_user, consented)

    data_request_fulfil_by_link(token=token_of(again.link), uploads=[xray()], source="web")
    assert "Uw gegevens zijn niet gestuurd" not in _page(cast.patient_user, consented)


def test_staff_pages_keep_the_reason_and_show_no_patient_notice(addressed, consented):
    cast = addressed
    _decline(cast, consented)

    text = _page(cast.giver_user, consented)
    assert REASON in text
    assert "Uw gegevens zijn niet gestuurd" not in text


def test_a_stranger_and_another_organisations_staff_see_nothing(addressed, consented):
    cast = addressed
    _decline(cast, consented)

    for user in (cast.stranger, cast.other_coordinator, cast.other_patient_user):
        response = client_for(user).get(reverse("web:case", args=[consented.pk]))
        assert response.status_code == 404
        assert "niet gestuurd" not in response.content.decode()


def test_the_patient_page_with_the_notice_stays_within_its_query_ceiling(addressed, consented):
    cast = addressed
    _decline(cast, consented)
    client = client_for(cast.patient_user)
    url = reverse("web:case", args=[consented.pk])
    client.get(url)

    count, response, queries = measured(lambda: client.get(url))

    assert response.status_code == 200
    assert "records-not-supplied" in response.content.decode()
    assert count <= CASE_PAGE["patient_user"], queries


def test_without_a_records_request_there_is_no_notice(addressed, examining):
    give_records_consent(addressed, examining)
    assert "Uw gegevens zijn niet gestuurd" not in _page(addressed.patient_user, examining)
