"""The directory over the API: organisations and practitioners searched by name, AGB, discipline,
specialism and place (any valid token; public directory data, no access-log event), added only by an
administrator; and the eligible givers of a case with each excluded candidate's reasons (R10, R11)
for the case's coordinator, logged as a read of the case."""

import pytest

from secondopinion.audit.models import AccessEvent
from tests.factories import PractitionerFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_organisations_are_found_by_name_agb_and_place(cast, api_as):
    client = api_as("patient_user")

    by_name = client.get("/organisations?q=molen").json()
    by_place = client.get("/organisations?city=leiden").json()
    by_agb = client.get(f"/organisations?agb={cast.giving_practice.agb_code}").json()
    one = client.get(f"/organisations/{cast.giving_practice.pk}")

    assert [o["name"] for o in by_name["items"]] == ["Tandartspraktijk De Molen"]
    assert by_name["count"] == 1
    assert [o["id"] for o in by_place["items"]] == [cast.other_practice.pk]
    assert [o["id"] for o in by_agb["items"]] == [cast.giving_practice.pk]
    assert one.status_code == 200
    assert one.json()["city"] == "Amersfoort"
    assert client.get("/organisations/999999").status_code == 404
    assert not AccessEvent.objects.exists()


def test_practitioners_are_found_by_discipline_specialism_and_place_and_paged(cast, api_as):
    PractitionerFactory(
        name="Dr. Neuro",
        discipline="medical_specialist",
        specialism="Neurologie",
        organisation=cast.other_practice,
    )
    client = api_as("gp_user")

    specialists = client.get("/practitioners?discipline=medical_specialist&specialism=neurologie").json()
    in_utrecht = client.get("/practitioners?city=Utrecht&discipline=dentist").json()
    page = client.get("/practitioners?limit=2&offset=1").json()
    giver = client.get(f"/practitioners/{cast.giver.pk}").json()

    assert [p["name"] for p in specialists["items"]] == ["Dr. Neuro"]
    assert cast.treating.pk in {p["id"] for p in in_utrecht["items"]}
    assert {(p["city"], p["discipline"]) for p in in_utrecht["items"]} == {("Utrecht", "dentist")}
    assert len(page["items"]) == 2
    assert page["count"] >= 5
    assert giver["agb_code"] == cast.giver.agb_code
    assert giver["organisation_id"] == cast.giving_practice.pk
    assert set(giver) >= {"name", "discipline", "specialism", "big_number", "organisation", "city"}
    assert client.get("/practitioners?discipline=astrologer").status_code == 422


def test_the_directory_needs_a_token(client):
    assert client.get("/api/v1/organisations").status_code == 401


def test_only_an_administrator_adds_to_the_directory(cast, api_as):
    from tests.api.conftest import ApiClient

    admin = ApiClient(UserFactory(username="beheer", is_staff=True, is_superuser=True))
    body = {"name": "Kliniek Zuid", "agb_code": "12345678", "city": "Maastricht"}

    refused = api_as("coordinator").post("/organisations", body)
    created = admin.post("/organisations", body)
    twice = admin.post("/organisations", body)
    bad = admin.post(
        "/practitioners", {"name": "X", "discipline": "dentist", "agb_code": "12", "organisation_id": 1}
    )

    assert refused.status_code == 403
    assert created.status_code == 201, created.content
    assert twice.status_code == 422
    assert twice.json()["field"] == "agb_code"
    assert bad.status_code == 422
    assert bad.json()["field"] in ("agb_code", "organisation_id")


def test_the_coordinator_reads_the_eligible_givers_with_every_exclusion_and_its_reasons(
    cast, api_as, a_case, advance
):
    case = advance(a_case, "accepted")

    response = api_as("coordinator", "en").get(f"/cases/{case.pk}/eligible-givers")

    assert response.status_code == 200, response.content
    body = response.json()
    assert cast.giver.pk in {p["id"] for p in body["eligible"]}
    treating = next(c for c in body["excluded"] if c["practitioner"]["id"] == cast.treating.pk)
    assert {
        "rule_id": "R10",
        "text": "is the treating practitioner",
        "nl": "is de eigen behandelaar",
        "en": "is the treating practitioner",
    } in treating["reasons"]
    event = AccessEvent.objects.filter(case_id=case.pk, action="read", data="case").latest("pk")
    assert event.role == "coordinator"


def test_a_denturists_case_names_r11_for_another_discipline(cast, api_as, submit):
    denturist = PractitionerFactory(discipline="denturist", organisation=cast.treating_practice)
    PractitionerFactory(name="Huisarts Zonder Kans", discipline="gp", organisation=cast.other_practice)
    case = submit(protocol="denturist-ont", treating_practitioner_id=denturist.pk)

    body = api_as("coordinator").get(f"/cases/{case.pk}/eligible-givers").json()

    assert cast.giver.pk in {p["id"] for p in body["eligible"]}  # a dentist may judge a denturist (R11)


def test_others_learn_nothing_of_the_eligible_givers(cast, api_as, a_case):
    assert api_as("other_coordinator").get(f"/cases/{a_case.pk}/eligible-givers").status_code == 404
    refused = api_as("patient_user").get(f"/cases/{a_case.pk}/eligible-givers")
    assert refused.status_code == 403
