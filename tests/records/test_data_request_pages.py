"""Data requests on the case page, through the public upload link, and through the API."""

import json

import pytest
from django.test import Client
from django.urls import reverse

from secondopinion.api.models import ApiToken
from secondopinion.consent.models import Consent
from secondopinion.consent.services import consent_revoke
from secondopinion.documents.models import Document
from secondopinion.records.data_requests import data_request_create
from secondopinion.records.models import DataRequest
from tests.records.conftest import letter, token_of, xray

pytestmark = pytest.mark.django_db


def logged_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def api(user) -> dict:
    return {"HTTP_AUTHORIZATION": f"Bearer {ApiToken.issue(user=user, name='tests')[1]}"}


def created(cast, case):
    return data_request_create(
        actor=cast.giver_user, case_id=case.pk, kinds=["xrays", "care_plan"], note="", source="web"
    )


def test_the_giver_requests_records_from_the_case_page(cast, consented):
    client = logged_in(cast.giver_user)
    page = client.get(reverse("web:case", args=[consented.pk]))

    response = client.post(
        reverse("web:data-request-add", args=[consented.pk]), {"kinds": ["xrays", "models"], "note": "Graag."}
    )

    assert 'name="kinds"' in page.content.decode()
    assert response.status_code == 302
    assert DataRequest.objects.get().kinds == ["xrays", "models"]
    listed = client.get(reverse("web:case", args=[consented.pk])).content.decode()
    assert "Aangevraagd" in listed or "Requested" in listed


def test_without_consent_the_case_page_shows_the_alternatives_instead_of_the_form(cast, examining):
    page = logged_in(cast.giver_user).get(reverse("web:case", args=[examining.pk])).content.decode()

    assert 'name="kinds"' not in page
    assert "R17" in page


def test_the_treating_dentist_supplies_the_records_from_the_case_page(cast, consented):
    request = created(cast, consented).request
    client = logged_in(cast.treating_user)
    page = client.get(reverse("web:case", args=[consented.pk])).content.decode()

    response = client.post(
        reverse("web:data-request-fulfil", args=[consented.pk, request.pk]), {"file": [xray(), letter()]}
    )

    assert reverse("web:data-request-fulfil", args=[consented.pk, request.pk]) in page
    assert response.status_code == 302
    request.refresh_from_db()
    assert (request.state, request.documents.count()) == ("fulfilled", 2)


def test_the_upload_page_shows_initials_and_birth_year_but_no_name(cast, consented):
    link = created(cast, consented).link

    page = Client().get(token_path(link))

    body = page.content.decode()
    assert page.status_code == 200
    assert consented.reference in body
    assert "P.d.V." not in body
    assert "P.V." in body
    assert str(cast.patient.date_of_birth.year) in body
    for secret in (cast.patient.name, cast.patient.bsn, consented.care_question, "17 mei 1970"):
        assert secret not in body
    assert page["Cache-Control"].startswith("max-age=0")


def token_path(link: str) -> str:
    return f"/aanlevering/{token_of(link)}/"


def test_the_upload_page_takes_the_files_once(cast, consented):
    path = token_path(created(cast, consented).link)

    done = Client().post(path, {"action": "upload", "file": [xray()]})
    again = Client().get(path)

    assert done.status_code == 200
    assert Document.objects.filter(purpose="record", uploaded_via="upload_link").count() == 1
    assert again.status_code == 404


def test_the_upload_page_declines_with_a_reason(cast, consented):
    path = token_path(created(cast, consented).link)

    unexplained = Client().post(path, {"action": "decline", "reason": ""})
    declined = Client().post(path, {"action": "decline", "reason": "Niet onze patiënt."})

    assert unexplained.status_code == 422
    assert declined.status_code == 200
    assert DataRequest.objects.get().state == "declined"


def test_a_refused_file_shows_the_page_again_with_the_reason(cast, consented):
    from django.core.files.uploadedfile import SimpleUploadedFile

    path = token_path(created(cast, consented).link)
    fake = SimpleUploadedFile("scan.pdf", b"not a pdf at all", content_type="application/pdf")

    response = Client().post(path, {"action": "upload", "file": [fake]})

    assert response.status_code == 422
    assert Document.objects.count() == 0
    assert DataRequest.objects.get().state == "requested"


@pytest.mark.parametrize("state", ["unknown", "used", "expired", "revoked"])
def test_a_bad_link_is_one_plain_404_that_reveals_nothing(cast, consented, state):
    result = created(cast, consented)
    path = token_path(result.link)
    if state == "unknown":
        path = "/aanlevering/" + "x" * 43 + "/"
    elif state == "used":
        Client().post(path, {"action": "upload", "file": [xray()]})
    elif state == "expired":
        DataRequest.objects.update(expires_at=result.request.created_at)
    else:
        consent = Consent.objects.get(purpose="request_records")
        consent_revoke(actor=cast.patient_user, case_id=consented.pk, consent_id=consent.pk, source="web")

    get, post = Client().get(path), Client().post(path, {"action": "upload", "file": [xray()]})

    for response in (get, post):
        body = response.content.decode()
        assert response.status_code == 404
        for secret in (consented.reference, cast.patient.name, "P.V.", cast.giver.name, "1970"):
            assert secret not in body
    assert Document.objects.filter(uploaded_via="upload_link").count() == (1 if state == "used" else 0)


def test_the_api_creates_lists_fulfils_and_declines_requests(cast, consented):
    client = Client()
    giver, treating = api(cast.giver_user), api(cast.treating_user)

    made = client.post(
        f"/api/v1/cases/{consented.pk}/data-requests",
        json.dumps({"kinds": ["xrays"], "note": "Graag."}),
        content_type="application/json",
        **giver,
    )
    other = client.post(
        f"/api/v1/cases/{consented.pk}/data-requests",
        json.dumps({"kinds": ["models"]}),
        content_type="application/json",
        **giver,
    )
    fulfilled = client.post(
        f"/api/v1/data-requests/{made.json()['id']}/fulfil", {"file": [xray(), letter()]}, **treating
    )
    declined = client.post(
        f"/api/v1/data-requests/{other.json()['id']}/decline",
        json.dumps({"reason": "Geen modellen gemaakt."}),
        content_type="application/json",
        **treating,
    )
    listed = client.get(f"/api/v1/cases/{consented.pk}/data-requests", **api(cast.patient_user))

    assert made.status_code == 201
    assert "/aanlevering/" in made.json()["upload_link"]
    assert (fulfilled.status_code, len(fulfilled.json()["document_ids"])) == (200, 2)
    assert (declined.status_code, declined.json()["state"]) == (200, "declined")
    assert listed.status_code == 200
    assert {r["state"] for r in listed.json()} == {"fulfilled", "declined"}
    assert all("upload_link" not in r for r in listed.json())


def test_the_api_names_r16_when_there_is_no_consent(cast, examining):
    response = Client().post(
        f"/api/v1/cases/{examining.pk}/data-requests",
        json.dumps({"kinds": ["xrays"]}),
        content_type="application/json",
        HTTP_ACCEPT_LANGUAGE="en",
        **api(cast.giver_user),
    )

    assert response.status_code == 422
    assert response["Content-Type"] == "application/problem+json"
    assert response.json()["rule_ids"] == ["R16"]


def test_listing_the_requests_costs_the_same_queries_for_one_or_five(cast, consented):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    headers = api(cast.giver_user)
    path = f"/api/v1/cases/{consented.pk}/data-requests"
    created(cast, consented)
    Client().get(path, **headers)
    with CaptureQueriesContext(connection) as one:
        Client().get(path, **headers)
    for _ in range(4):
        created(cast, consented)
    with CaptureQueriesContext(connection) as five:
        response = Client().get(path, **headers)

    assert len(response.json()) == 5
    assert len(five) == len(one)
