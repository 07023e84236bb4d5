"""Hostile input as an outside auditor sends it, where the other hygiene tests do not look: each gets a
clear 4xx naming the parameter or field, in the reader's language, and changes nothing."""

import pytest
from django.test import Client
from django.urls import reverse

from secondopinion.audit.models import AccessEvent
from secondopinion.cases.models import SecondOpinionCase
from secondopinion.directory.models import Organisation, Practitioner
from secondopinion.documents.models import Document
from secondopinion.fhir.models import ReferralIdentifier
from secondopinion.journey.models import UnlistedRequest
from tests.api.conftest import ApiClient
from tests.audit.test_access_review import verified_client
from tests.documents.conftest import stored_files, upload
from tests.documents.test_access import bearer
from tests.factories import UserFactory
from tests.fhir.conftest import outcome, referral_bundle
from tests.journey.unlisted_world import waiting_request

pytestmark = pytest.mark.django_db

# Characters str.isdigit() takes that int() refuses ("²") or reads as another number ("١٢" is 12), and
# more digits than int() reads at all (4,300).
NOT_ASCII_NUMBERS = ["²", "١٢", "9" * 5000]


@pytest.mark.parametrize("parameter", ["_count", "_offset"])
@pytest.mark.parametrize("value", NOT_ASCII_NUMBERS[:2])
def test_a_fhir_page_size_in_other_digits_is_a_400_naming_the_parameter(fhir_as, parameter, value):
    response = fhir_as("coordinator", language="en").get("/ServiceRequest", {parameter: value})

    assert response.status_code == 400
    issue = outcome(response)["issue"][0]
    assert issue["expression"] == [parameter]
    assert "whole number" in issue["diagnostics"]


@pytest.mark.parametrize("parameter", ["_count", "_offset"])
def test_a_fhir_page_size_of_thousands_of_digits_is_read_as_the_ceiling(fhir_as, a_case, parameter):
    response = fhir_as("coordinator").get("/ServiceRequest", {parameter: "9" * 5000})

    assert response.status_code == 200
    assert response.json()["resourceType"] == "Bundle"


@pytest.mark.parametrize(
    ("resource_type", "parameter", "value"),
    [
        ("ServiceRequest", "patient", "Patient/²"),
        ("Task", "patient", "²"),
        ("Consent", "patient", "Patient/²"),
        ("DocumentReference", "subject", "²"),
        ("Patient", "_id", "²"),
        ("PractitionerRole", "organization", "²"),
    ],
)
def test_a_fhir_reference_in_other_digits_finds_nothing(fhir_as, a_case, resource_type, parameter, value):
    response = fhir_as("coordinator").get(f"/{resource_type}", {parameter: value})

    assert response.status_code == 200
    assert response.json()["total"] == 0


@pytest.mark.parametrize(
    "value",
    [
        "ge2026-02-30",  # a day past the month's end
        "ge2026-02-30T10:00:00Z",
        "ge0000-01-01",  # year 0
        "ge0001-01-01",  # midnight in Amsterdam is still year 0 in UTC
        "le9999-12-31T23:59:59-14:00",  # year 10000 in UTC
    ],
)
@pytest.mark.parametrize("resource_type", ["ServiceRequest", "Task"])
def test_a_fhir_date_that_is_none_or_beyond_the_calendar_is_a_400_naming_the_parameter(
    fhir_as, resource_type, value
):
    response = fhir_as("coordinator", language="en").get(f"/{resource_type}", {"_lastUpdated": value})

    assert response.status_code == 400
    issue = outcome(response)["issue"][0]
    assert issue["expression"] == ["_lastUpdated"]
    assert "is no date or instant" in issue["diagnostics"]


def test_the_fhir_date_refusal_is_dutch_by_default(fhir_as):
    response = fhir_as("coordinator").get("/Task", {"_lastUpdated": "ge2026-02-30"})

    assert response.status_code == 400
    assert "is geen datum of tijdstip" in outcome(response)["issue"][0]["diagnostics"]


@pytest.mark.parametrize(
    "request_part",
    [
        {"subject": {"reference": "Patient/²"}},
        {"requester": {"reference": "Practitioner/²"}},
        {"performer": [{"reference": "Organization/²"}]},
        {
            "extension": [
                {
                    "url": "https://tweedemening.nl/fhir/StructureDefinition/treating-practitioner",
                    "valueReference": {"reference": "Practitioner/²"},
                }
            ]
        },
    ],
    ids=["subject", "requester", "performer", "treating"],
)
def test_a_referral_naming_a_resource_by_other_digits_is_a_422_and_creates_nothing(
    cast, fhir_as, request_part
):
    response = fhir_as("gp_user", language="en").post("", referral_bundle(cast, request=request_part))

    assert response.status_code == 422
    issue = outcome(response)["issue"][0]
    assert issue["expression"][0].startswith("ServiceRequest.")
    assert "refers to a" in issue["diagnostics"]
    assert SecondOpinionCase.objects.count() == 0
    assert ReferralIdentifier.objects.count() == 0


# --- ids in a page's query string or form ---------------------------------------------------------


def _as(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.mark.parametrize("value", NOT_ASCII_NUMBERS)
def test_the_givers_page_reads_a_practitioner_in_other_digits_as_unknown(cast, value):
    response = _as(cast.patient_user).get(
        reverse("journey:givers"), {"practitioner": value, "q": "tand"}, secure=True
    )

    assert response.status_code == 200


@pytest.mark.parametrize("value", NOT_ASCII_NUMBERS)
def test_linking_a_waiting_request_to_a_practitioner_in_other_digits_is_refused(cast, value):
    waiting = waiting_request(cast)

    response = _as(cast.coordinator).post(
        reverse("journey:unlisted-link", args=[waiting.pk]), {"practitioner": value}, secure=True
    )

    assert response.status_code == 422
    assert UnlistedRequest.objects.filter(pk=waiting.pk).exists()
    assert SecondOpinionCase.objects.count() == 0


@pytest.mark.parametrize("value", NOT_ASCII_NUMBERS)
@pytest.mark.parametrize("method", ["get", "post"])
def test_the_team_page_for_an_organisation_in_other_digits_is_not_found(cast, value, method):
    client = _as(cast.coordinator)
    data = {"organisation": value} if method == "get" else {"organisation_id": value}

    response = getattr(client, method)(reverse("web:staff"), data, secure=True)

    assert response.status_code == 404


@pytest.mark.parametrize("value", NOT_ASCII_NUMBERS)
@pytest.mark.parametrize("page", ["aftercare:outcomes", "aftercare:outcomes-csv"])
def test_the_outcomes_for_an_organisation_in_other_digits_are_the_unfiltered_ones(cast, value, page):
    response = _as(cast.coordinator).get(reverse(page), {"organisation": value}, secure=True)

    assert response.status_code == 200


@pytest.mark.second_factor
@pytest.mark.parametrize("value", ["TM-2026-²", "١٢", "TM-" + "9" * 25])
def test_the_access_review_refuses_a_case_reference_in_other_digits_naming_the_field(cast, value):
    client = verified_client("klachten", cast.complaints_officer)

    response = client.get(reverse("web:access-review"), {"case": value}, HTTP_ACCEPT_LANGUAGE="en")

    assert response.status_code == 422
    assert "Give a case reference such as TM-2026-00012." in response.content.decode()


@pytest.mark.parametrize(
    ("path", "field", "value"),
    [
        ("/practitioners", "big_number", "\u0661" * 11),  # Arabic-Indic digits
        ("/practitioners", "big_number", "\uff11" * 11),  # fullwidth digits
        ("/organisations", "ura_code", "\u0661" * 8),
        ("/organisations", "ura_code", "\uff11" * 8),
    ],
)
def test_a_big_or_ura_number_in_digits_other_than_ascii_is_refused_naming_the_field(cast, path, field, value):
    admin = ApiClient(UserFactory(username="beheer", is_staff=True, is_superuser=True), "en")
    body = {"name": "Kliniek Zuid", "agb_code": "12345678", field: value}
    body |= (
        {"discipline": "dentist", "organisation_id": cast.giving_practice.pk}
        if path == "/practitioners"
        else {"city": "Maastricht"}
    )
    before = (Organisation.objects.count(), Practitioner.objects.count())

    response = admin.post(path, body)

    assert response.status_code == 422
    assert response.json()["field"] == field
    assert (Organisation.objects.count(), Practitioner.objects.count()) == before


# --- uploads ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("count", ["9" * 5000, "9" * 20])
def test_a_ply_scan_whose_header_counts_beyond_any_file_is_refused_naming_the_file(
    cast, examined_case, document_root, count
):
    scan = b"ply\nformat ascii 1.0\nelement vertex " + count.encode() + b"\nproperty float x\nend_header\n"
    events = AccessEvent.objects.count()

    response = Client().post(
        f"/api/v1/cases/{examined_case.pk}/documents",
        {"purpose": "patient_brought", "file": upload("scan.ply", scan)},
        **bearer(cast.patient_user),
    )

    assert response.status_code == 422, response.content
    assert response.json()["field"] == "file"
    assert "This PLY file has no valid header" in response.json()["detail"]
    assert not Document.objects.exists()
    assert stored_files(document_root) == []
    assert AccessEvent.objects.count() == events
