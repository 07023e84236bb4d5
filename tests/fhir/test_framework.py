"""The framework: metadata, tokens and scopes, OperationOutcome errors as FHIR says, and the people
resources (Patient by BSN, RelatedPerson, Practitioner, PractitionerRole, Organization) with paging,
their reads logged like the API's, and nothing for a stranger."""

import pytest

from secondopinion.audit.models import AccessEvent
from tests.conftest import representation_in_force
from tests.factories import PractitionerFactory
from tests.fhir.conftest import outcome

pytestmark = pytest.mark.django_db
BSN = "http://fhir.nl/fhir/NamingSystem/bsn"


def test_the_capability_statement_declares_r4_and_what_is_implemented(fhir_as):
    response = fhir_as(None).get("/metadata")

    body = response.json()
    assert response.status_code == 200
    assert body["resourceType"] == "CapabilityStatement"
    assert body["fhirVersion"] == "4.0.1"
    types = {r["type"]: r for r in body["rest"][0]["resource"]}
    assert {"Patient", "Task", "ServiceRequest", "Organization"} <= set(types)
    assert {p["name"] for p in types["Task"]["searchParam"]} >= {"owner", "status", "_lastUpdated"}
    assert types["Task"]["searchInclude"] == ["Task:focus"]
    assert body["rest"][0]["interaction"] == [
        {"code": "transaction", "documentation": body["rest"][0]["interaction"][0]["documentation"]}
    ]


def test_without_a_token_the_answer_is_401_with_an_operation_outcome(fhir_as):
    response = fhir_as(None).get("/Patient")

    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Bearer"
    assert outcome(response)["issue"][0]["code"] == "login"


def test_a_token_without_the_scope_is_refused_naming_it(fhir_as):
    response = fhir_as("patient_user", scopes=["reports:read"]).get("/Patient")

    assert response.status_code == 403
    body = outcome(response)
    assert "cases:read" in body["issue"][0]["diagnostics"]
    assert body["issue"][0]["expression"] == ["scopes"]


def test_the_patient_finds_herself_by_bsn_and_the_search_is_logged(cast, fhir_as, a_case):
    before = AccessEvent.objects.count()

    response = fhir_as("patient_user").get(f"/Patient?identifier={BSN}|{cast.patient.bsn}")

    body = response.json()
    assert response.status_code == 200
    assert response["Content-Type"] == "application/fhir+json"
    assert body["type"] == "searchset"
    assert body["total"] == 1
    patient = body["entry"][0]["resource"]
    assert patient["identifier"] == [{"system": BSN, "value": cast.patient.bsn}]
    event = AccessEvent.objects.order_by("-pk").first()
    assert AccessEvent.objects.count() == before + 1
    assert (event.action, event.data, event.patient_id, event.role) == (
        "search",
        "identity",
        cast.patient.pk,
        "patient",
    )


def test_the_coordinator_reads_the_patient_of_a_case_and_the_read_is_logged(cast, fhir_as, a_case):
    response = fhir_as("coordinator").get(f"/Patient/{cast.patient.pk}")

    assert response.status_code == 200
    assert response.json()["name"] == [{"text": "Petra de Vries"}]
    event = AccessEvent.objects.order_by("-pk").first()
    assert (event.action, event.data, event.patient_id, event.role) == (
        "read",
        "identity",
        cast.patient.pk,
        "coordinator",
    )


@pytest.mark.parametrize("who", ["stranger", "other_coordinator", "other_patient_user", "colleague_user"])
def test_a_stranger_gets_404_and_finds_nothing_and_nothing_is_logged(cast, fhir_as, a_case, who):
    client = fhir_as(who)
    before = AccessEvent.objects.count()

    read = client.get(f"/Patient/{cast.patient.pk}")
    search = client.get(f"/Patient?identifier={BSN}|{cast.patient.bsn}")
    task = client.get(f"/Task/{a_case.pk}")
    request = client.get(f"/ServiceRequest/{a_case.pk}")

    for response in (read, task, request):
        assert response.status_code == 404
        assert outcome(response)["issue"][0]["code"] == "not-found"
        assert "Petra" not in response.content.decode()
    assert search.status_code == 200
    assert search.json()["total"] == 0
    assert "Petra" not in search.content.decode()
    assert AccessEvent.objects.count() == before


def test_an_unknown_search_parameter_is_400_unless_lenient(fhir_as, a_case):
    client = fhir_as("coordinator")

    strict = client.get("/Patient?colour=blue")
    lenient = client.get("/Patient?colour=blue", HTTP_PREFER="handling=lenient")

    assert strict.status_code == 400
    assert outcome(strict)["issue"][0]["expression"] == ["colour"]
    assert lenient.status_code == 200


@pytest.mark.parametrize(
    ("method", "path", "status"),
    [
        ("put", "/Patient/1", 405),
        ("delete", "/Patient/1", 405),
        ("patch", "/Patient/1", 405),
        ("post", "/Patient", 405),
        ("get", "/", 405),
        ("get", "/Patient/1/_history", 501),
        ("get", "/Patient/$everything", 501),
        ("get", "/Observation", 404),
        ("get", "/Observation/1", 404),
        ("get", "/Patient/999999", 404),
        ("get", "/Patient/abc", 404),
    ],
)
def test_unsupported_interactions_answer_as_fhir_says(fhir_as, method, path, status):
    response = fhir_as("coordinator").call(method, path)

    assert response.status_code == status
    outcome(response)
    if status == 405:
        assert response.has_header("Allow")


def test_non_json_is_406_and_415(cast, fhir_as):
    client = fhir_as("gp_user")

    xml = client.get("/metadata", HTTP_ACCEPT="application/fhir+xml")
    posted = client.post("/", "<Bundle/>", content_type="application/fhir+xml")
    assert xml.status_code == 406
    assert posted.status_code == 415
    outcome(xml), outcome(posted)


def test_the_directory_pages_with_links_and_a_fixed_number_of_queries(
    cast, fhir_as, django_assert_num_queries
):
    for _ in range(7):
        PractitionerFactory(organisation=cast.giving_practice)
    client = fhir_as("coordinator")
    client.get("/Organization")  # the token's first use records it (once a minute)

    with django_assert_num_queries(5):  # token, count, page; the savepoint and its release
        first = client.get("/Practitioner?_count=5").json()
    assert first["total"] == 11  # the cast's four and seven more
    assert len(first["entry"]) == 5
    links = {link["relation"]: link["url"] for link in first["link"]}
    assert "_offset=5" in links["next"]
    assert "previous" not in links
    last = client.get("/Practitioner?_count=5&_offset=10").json()
    assert len(last["entry"]) == 1
    assert "next" not in {link["relation"] for link in last["link"]}


def test_practitioner_and_organization_by_agb_big_and_ura(cast, fhir_as):
    client = fhir_as("gp_user")
    cast.giving_practice.ura_code = "12345678"
    cast.giving_practice.save()

    by_agb = client.get(
        f"/Practitioner?identifier=http://fhir.nl/fhir/NamingSystem/agb-z|{cast.giver.agb_code}"
    ).json()
    by_ura = client.get("/Organization?identifier=http://fhir.nl/fhir/NamingSystem/ura|12345678").json()
    role = client.get(f"/PractitionerRole?practitioner=Practitioner/{cast.giver.pk}").json()

    assert [e["resource"]["id"] for e in by_agb["entry"]] == [str(cast.giver.pk)]
    assert by_ura["entry"][0]["resource"]["name"] == "Mondzorg Centrum Oost"
    assert (
        role["entry"][0]["resource"]["organization"]["reference"] == f"Organization/{cast.giving_practice.pk}"
    )


def test_errors_speak_the_requests_language(fhir_as):
    dutch = fhir_as("coordinator").get("/Patient?colour=blue")
    english = fhir_as("coordinator", language="en").get("/Patient?colour=blue")

    assert "Onbekende zoekparameter" in outcome(dutch)["issue"][0]["diagnostics"]
    assert "Unknown search parameter" in outcome(english)["issue"][0]["diagnostics"]


def test_a_strangers_404_and_a_missing_scope_are_each_in_the_security_log_once(cast, fhir_as, a_case):
    from secondopinion.audit.models import SecurityEvent

    fhir_as("stranger").get(f"/Task/{a_case.pk}")
    fhir_as("patient_user", scopes=["reports:read"]).get("/Patient")

    assert SecurityEvent.objects.filter(actor=cast.stranger, kind="not_found").count() == 1
    assert SecurityEvent.objects.filter(actor=cast.patient_user, kind="not_permitted").count() == 1


@pytest.fixture
def representation(cast):

    return representation_in_force(cast)


def test_the_representative_is_a_related_person_read_and_searched_with_the_access_logged(
    cast, fhir_as, a_case, representation
):
    client = fhir_as("coordinator")

    read = client.get(f"/RelatedPerson/{representation.pk}").json()
    event = AccessEvent.objects.order_by("-pk").first()
    found = client.get(f"/RelatedPerson?patient=Patient/{cast.patient.pk}").json()

    assert read["patient"] == {"reference": f"Patient/{cast.patient.pk}"}
    assert read["active"] is True
    assert read["relationship"][0]["coding"][0]["code"] == "SIGOTHR"
    assert (event.action, event.data, event.patient_id) == ("read", "representation", cast.patient.pk)
    assert [e["resource"]["id"] for e in found["entry"]] == [str(representation.pk)]
    latest = AccessEvent.objects.order_by("-pk").first()
    assert (latest.action, latest.data) == ("search", "representation")


def test_a_stranger_neither_reads_nor_finds_the_related_person(cast, fhir_as, a_case, representation):
    for who in ("stranger", "other_coordinator", "other_patient_user"):
        client = fhir_as(who)
        assert client.get(f"/RelatedPerson/{representation.pk}").status_code == 404
        assert client.get(f"/RelatedPerson?patient={cast.patient.pk}").json()["total"] == 0


def test_the_capability_statement_offers_no_search_where_there_is_none(fhir_as):
    body = fhir_as(None).get("/metadata").json()

    types = {r["type"]: r for r in body["rest"][0]["resource"]}
    assert types["Binary"]["interaction"] == [{"code": "read"}]
    assert "searchParam" not in types["Binary"]
    assert {p["name"] for p in types["AuditEvent"]["searchParam"]} == {"patient", "_count", "_offset"}
    assert fhir_as("coordinator").get("/Binary").status_code == 501
