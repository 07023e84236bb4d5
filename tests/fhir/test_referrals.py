"""Referrals in: a GP posts a transaction Bundle; the case is made through case_submit with its rules,
once per ServiceRequest identifier; a refusal is an OperationOutcome with the rule ids."""

import base64

import pytest

from secondopinion.audit.models import AccessEvent
from secondopinion.cases.models import SecondOpinionCase
from secondopinion.documents.models import Document
from tests.documents.files import pdf
from tests.fhir.conftest import outcome, referral_bundle

pytestmark = pytest.mark.django_db


def test_a_referral_bundle_makes_a_case_with_the_referral_and_its_attachment(cast, fhir_as):
    attachment = {
        "resourceType": "DocumentReference",
        "status": "current",
        "content": [
            {
                "attachment": {
                    "contentType": "application/pdf",
                    "title": "verwijsbrief.pdf",
                    "data": base64.b64encode(pdf()).decode(),
                }
            }
        ],
    }
    body = referral_bundle(cast, extra=[("urn:uuid:letter", attachment)])

    response = fhir_as("gp_user").post("/", body)

    answer = response.json()
    assert response.status_code == 200, answer
    assert answer["type"] == "transaction-response"
    location = answer["entry"][3]["response"]["location"]
    assert answer["entry"][3]["response"]["status"] == "201 Created"
    case = SecondOpinionCase.objects.get(pk=int(location.split("/")[1]))
    assert (case.patient, case.referrer, case.treating_practitioner) == (cast.patient, cast.gp, cast.treating)
    assert case.organisation == cast.giving_practice
    assert case.has_referral
    assert case.requester_kind == "referrer"
    assert case.status == "submitted"
    document = Document.objects.get(case=case)
    assert (document.purpose, document.kind) == ("record", "pdf")
    assert answer["entry"][4]["response"]["location"] == f"DocumentReference/document-{document.pk}"
    assert AccessEvent.objects.filter(case=case, action="create", data="case").count() == 1


def test_the_same_referral_posted_again_makes_nothing_new(cast, fhir_as):
    client = fhir_as("gp_user")

    first = client.post("/", referral_bundle(cast)).json()
    again = client.post("/", referral_bundle(cast))

    assert again.status_code == 200
    assert again.json()["entry"][3]["response"] == {
        "status": "200 OK",
        "location": first["entry"][3]["response"]["location"],
    }
    assert SecondOpinionCase.objects.count() == 1
    found = client.get(
        "/ServiceRequest?identifier=urn:oid:2.16.528.1.1007.3.3.1234567|verwijzing-0001"
    ).json()
    assert found["total"] == 1


def test_a_refusal_by_a_rule_names_its_ids(cast, fhir_as):
    """R2: a dental second opinion only before the treatment started."""
    body = referral_bundle(
        cast,
        request={
            "code": {
                "coding": [
                    {"system": "https://tweedemening.nl/fhir/CodeSystem/subject", "code": "finished_work"}
                ]
            },
            "extension": [
                {
                    "url": "https://tweedemening.nl/fhir/StructureDefinition/treating-practitioner",
                    "valueReference": {"reference": f"Practitioner/{cast.treating.pk}"},
                },
                {
                    "url": "https://tweedemening.nl/fhir/StructureDefinition/treatment-started",
                    "valueBoolean": True,
                },
            ],
        },
    )

    response = fhir_as("gp_user").post("/", body)

    assert response.status_code == 422
    issues = outcome(response)["issue"]
    assert "R2" in issues[0]["details"]["text"]
    assert {"system": "https://tweedemening.nl/fhir/CodeSystem/rule", "code": "R2"} in issues[0]["details"][
        "coding"
    ]
    assert SecondOpinionCase.objects.count() == 0


@pytest.mark.parametrize(
    ("change", "expression"),
    [
        (
            {
                "reasonCode": [
                    {"coding": [{"system": "http://terminology.hl7.org/CodeSystem/v2-0336", "code": "R"}]}
                ]
            },
            "ServiceRequest.reasonCode",
        ),
        ({"identifier": []}, "ServiceRequest.identifier"),
        ({"performer": [{"reference": "Organization/999999"}]}, "ServiceRequest.performer"),
        ({"note": [{"text": "   "}]}, "ServiceRequest.note"),
        ({"code": None}, "ServiceRequest.code"),
    ],
)
def test_bad_input_names_the_element_and_changes_nothing(cast, fhir_as, change, expression):
    body = referral_bundle(cast, request=change)
    before = AccessEvent.objects.count()

    response = fhir_as("gp_user").post("/", body)

    assert response.status_code == 422, response.content
    assert outcome(response)["issue"][0]["expression"] == [expression]
    assert SecondOpinionCase.objects.count() == 0
    assert AccessEvent.objects.count() == before


def test_an_unknown_bsn_and_someone_elses_patient_get_the_same_answer(cast, fhir_as):
    from tests.factories import valid_bsn

    client = fhir_as("gp_user")
    unknown = referral_bundle(cast)
    unknown["entry"][0]["resource"]["identifier"][0]["value"] = valid_bsn(4242)
    wrong_birth = referral_bundle(cast, identifier="verwijzing-0002")
    wrong_birth["entry"][0]["resource"]["birthDate"] = "1901-01-01"

    first, second = client.post("/", unknown), client.post("/", wrong_birth)

    assert first.status_code == second.status_code == 422
    assert (
        outcome(first)["issue"][0]["expression"]
        == outcome(second)["issue"][0]["expression"]
        == ["Patient.identifier"]
    )
    assert SecondOpinionCase.objects.count() == 0


def test_a_bundle_that_is_no_fhir_is_400_naming_where(cast, fhir_as):
    response = fhir_as("gp_user").post(
        "/",
        {
            "resourceType": "Bundle",
            "type": "transaction",
            "entry": [{"resource": {"resourceType": "Patient", "birthDate": "gisteren"}}],
        },
    )

    assert response.status_code == 400
    assert "birthDate" in outcome(response)["issue"][0]["expression"][0]


def test_a_stranger_cannot_submit_for_a_patient_of_ours(cast, fhir_as):
    response = fhir_as("stranger").post("/", referral_bundle(cast))

    assert response.status_code == 422
    assert "Petra" not in response.content.decode()
    assert SecondOpinionCase.objects.count() == 0


def test_a_referral_with_another_kind_of_entry_is_refused_naming_it(cast, fhir_as):
    body = referral_bundle(
        cast,
        extra=[
            ("urn:uuid:obs", {"resourceType": "Observation", "status": "final", "code": {"text": "pijn"}})
        ],
    )

    response = fhir_as("gp_user").post("/", body)

    assert response.status_code == 422
    assert outcome(response)["issue"][0]["expression"] == ["Bundle.entry[4].resource"]
    assert SecondOpinionCase.objects.count() == 0


def test_the_base_url_without_its_slash_takes_the_bundle_too(cast, fhir_as):
    # A client is given ".../fhir/R4" and posts its transaction there: no redirect that would lose the POST.
    response = fhir_as("gp_user").post("", referral_bundle(cast))

    assert response.status_code == 200, response.content[:300]
    assert response.json()["type"] == "transaction-response"
    assert SecondOpinionCase.objects.count() == 1
