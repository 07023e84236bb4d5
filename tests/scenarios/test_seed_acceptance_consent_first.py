"""Seed acceptance: what must come first — the explanation before the examination (R13, R14), the
patient's consent before her records are requested or her own practitioner is told (R16, R18, R23) —
and what a revoked consent stops, on the giver's, the patient's and the own dentist's pages and the API.

Seed 000, "1. Uitleg second opinion": "Geadviseerd wordt om aan de aanvrager vooraf duidelijk uit te
leggen wat een second opinion inhoudt ... Informeer in ieder geval over: ... jouw positie als second
opinion-gever." Seed 000, "3.": "vraag deze dan (na toestemming van de patiënt!) op bij de eigen
behandelaar". Seed 001, "Rapportage": "Dit dient voorafgaand aan de second opinion te worden besproken
... Hiervoor moet u wel uitdrukkelijk (schriftelijk) toestemming verlenen."
"""

import pytest
from django.urls import reverse

from secondopinion.cases.models import SecondOpinionCase
from secondopinion.consent.models import Consent
from secondopinion.core.errors import RuleBlocked, TransitionNotAllowed
from secondopinion.documents.models import Document
from secondopinion.notifications.models import Alert, Notification
from secondopinion.records.data_requests import data_request_fulfil
from secondopinion.records.models import DataRequest
from tests.api.conftest import ApiClient
from tests.reading import says, visible_text
from tests.records.conftest import request_records, token_of, xray
from tests.scenarios.seed_web import (
    EXPLAINED,
    client_for,
    declare_independent,
    done,
    page,
    step,
    to_report_final,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def assigned(cast, submit) -> SecondOpinionCase:
    case = submit()
    done(step(cast.coordinator, case, "accept", note=""))
    done(step(cast.coordinator, case, "assign", giver_id=cast.giver.pk, note=""))
    declare_independent(cast.giver_user, case)
    return case


def test_the_examination_does_not_start_before_the_explanation(cast, assigned):
    """Seed 000 §1: explain first. The giver's attempt to start is refused and the case stays put; the
    patient reads that the explanation comes first."""
    refused = step(cast.giver_user, assigned, "examine", note="")

    assert refused.status_code in (409, 422)
    assert says(visible_text(refused.content.decode()), "R13")
    assigned.refresh_from_db()
    assert assigned.status == "assigned"
    assert "Eerst legt deze uit wat de second opinion inhoudt" in page(cast.patient_user, assigned)


def test_an_explanation_without_the_givers_position_is_not_enough(cast, assigned):
    """Seed 000 §1 lists six points, the last "jouw positie als second opinion-gever" (independent):
    leaving it out is refused naming exactly that point, and nothing is recorded."""
    five = {**EXPLAINED, "explanation_items": [i for i in EXPLAINED["explanation_items"] if i != "position"]}
    assert len(five["explanation_items"]) == 5

    refused = step(cast.giver_user, assigned, "inform", **five)

    text = visible_text(refused.content.decode())
    assert refused.status_code == 422
    assert "Nog niet uitgelegd: de positie van de second opinion-gever (onafhankelijk)." in text
    assigned.refresh_from_db()
    assert assigned.status == "assigned"


def test_the_api_refuses_to_start_before_the_explanation_in_english(cast, assigned):
    """Seed 000 §1 through the API: the examination is no step from 'giver assigned', and recording the
    explanation without its points is refused naming R13, in the caller's language; nothing changes."""
    api = ApiClient(cast.giver_user, language="en")
    straight = api.post(f"/cases/{assigned.pk}/transitions", {"to": "in_examination"})
    assert straight.status_code == 409, straight.content
    assert straight.json()["field"] == "to"

    bare = api.post(f"/cases/{assigned.pk}/transitions", {"to": "informed", "explanation_items": []})

    assert bare.status_code in (409, 422), bare.content
    assert "R13" in bare.content.decode()
    assert "Not yet explained" in bare.content.decode()
    assigned.refresh_from_db()
    assert assigned.status == "assigned"


def test_records_already_received_stay_but_a_revoked_consent_allows_no_new_request(cast, assigned):
    """Seed 000 §3 "(na toestemming van de patiënt!)", R18: the patient consents on her page, the own
    dentist sends the X-rays, then she revokes. What arrived stays in her file for the giver; a new
    request is refused, and her page shows the consent as revoked."""
    cast.treating_user.email = "tandarts@molen.example"
    cast.treating_user.save(update_fields=["email"])
    done(step(cast.giver_user, assigned, "inform", **EXPLAINED))
    done(
        client_for(cast.patient_user).post(
            reverse("web:consent-add", args=[assigned.pk]), {"purpose": "request_records", "scope": ""}
        )
    )
    done(step(cast.giver_user, assigned, "examine", note=""))
    done(
        client_for(cast.giver_user).post(
            reverse("web:data-request-add", args=[assigned.pk]),
            {"kinds": ["xrays"], "note": "Graag de foto's."},
        )
    )
    request = DataRequest.objects.get(case=assigned)
    data_request_fulfil(actor=cast.treating_user, request_id=request.pk, uploads=[xray()], source="web")
    consent = Consent.objects.get(case=assigned, purpose="request_records")

    done(
        client_for(cast.patient_user).post(
            reverse("web:consent-revoke", args=[assigned.pk, consent.pk]), {"confirmed": "yes"}
        )
    )

    consent.refresh_from_db()
    assert consent.revoked_at is not None
    received = Document.objects.filter(case=assigned).exclude(purpose="consent_form")
    assert received.count() == 1
    document = received.get()
    assert (
        client_for(cast.giver_user).get(reverse("web:document-download", args=[document.pk])).status_code
        == 200
    )
    again = client_for(cast.giver_user).post(
        reverse("web:data-request-add", args=[assigned.pk]), {"kinds": ["treatment_plan"], "note": ""}
    )
    assert again.status_code == 422
    assert DataRequest.objects.filter(case=assigned).count() == 1
    assert "ingetrokken op" in page(cast.patient_user, assigned)


def test_without_written_consent_the_own_dentist_does_not_receive_the_report(cast, submit):
    """Seed 001: a patient who came on her own: the giver passes his opinion to her dentist only with
    her explicit consent. Agreed beforehand that he may be told, but no consent in the ledger: the report
    reaches the patient, not the dentist."""
    case = submit()
    to_report_final(cast.coordinator, cast.giver_user, case, inform_own_practitioner="yes")

    assert client_for(cast.treating_user).get(reverse("web:report-pdf", args=[case.pk])).status_code in (
        403,
        404,
    )
    assert client_for(cast.patient_user).get(reverse("web:report-pdf", args=[case.pk])).status_code == 200


def test_revoking_the_consent_to_inform_the_own_dentist_withdraws_the_report_from_him(cast, submit):
    """Seed 001 + R18: she consented in writing, the report reached her dentist; she revokes: from then
    on he can no longer open it, and she reads the sending as withdrawn."""
    case = submit()
    done(
        client_for(cast.patient_user).post(
            reverse("web:consent-add", args=[case.pk]), {"purpose": "inform_own_practitioner", "scope": ""}
        )
    )
    to_report_final(cast.coordinator, cast.giver_user, case, inform_own_practitioner="yes")
    treating = client_for(cast.treating_user)
    assert treating.get(reverse("web:report-pdf", args=[case.pk])).status_code == 200
    consent = Consent.objects.get(case=case, purpose="inform_own_practitioner")

    done(
        client_for(cast.patient_user).post(
            reverse("web:consent-revoke", args=[case.pk, consent.pk]), {"confirmed": "yes"}
        )
    )

    assert treating.get(reverse("web:report-pdf", args=[case.pk])).status_code in (403, 404)
    assert "ingetrokken op" in page(cast.patient_user, case)


def test_a_withdrawn_request_asks_the_own_dentist_for_nothing_more(cast, assigned):
    """Seed 000 §3, records "na toestemming van de patiënt!" for this second opinion, and "the patient may
    always withdraw": once she withdraws, the open request for her X-rays closes; the own dentist's link
    opens nothing, he cannot send them logged in either, and her page does not tell
    her the records failed to come."""
    cast.treating_user.email = "tandarts@molen.example"
    cast.treating_user.save(update_fields=["email"])
    cast.giver_user.email = "gever@oost.example"
    cast.giver_user.save(update_fields=["email"])
    done(step(cast.giver_user, assigned, "inform", **EXPLAINED))
    done(
        client_for(cast.patient_user).post(
            reverse("web:consent-add", args=[assigned.pk]), {"purpose": "request_records", "scope": ""}
        )
    )
    done(step(cast.giver_user, assigned, "examine", note=""))
    created = request_records(cast, assigned, kinds=("xrays",))

    done(step(cast.patient_user, assigned, "withdraw", note="", confirm="on"))

    created.request.refresh_from_db()
    assert created.request.state == "expired"
    link = client_for(cast.treating_user).get(reverse("web:upload-link", args=[token_of(created.link)]))
    assert link.status_code == 404
    with pytest.raises((RuleBlocked, TransitionNotAllowed)):
        data_request_fulfil(
            actor=cast.treating_user, request_id=created.request.pk, uploads=[xray()], source="web"
        )
    assert not Document.objects.filter(case=assigned, purpose="record").exists()
    # The giver hears of the withdrawal, not that a consent was revoked (it was not).
    assert not Notification.objects.filter(kind="records_request_withdrawn").exists()
    assert Alert.objects.filter(recipient=cast.giver_user, case=assigned, status="withdrawn").exists()
    mine = page(cast.patient_user, assigned)
    assert "Uw gegevens zijn niet gestuurd" not in mine
    assert "Er kwam niet op tijd een antwoord." not in mine
