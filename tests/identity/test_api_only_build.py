"""A complete second opinion built from an empty database through the API alone: the administrator
adds the organisations and practitioners (POST /organisations, /practitioners), a coordinator
registers the patient with the identity checked at the desk (POST /patients), identifies them by BSN
and date of birth (POST /patients/identify), submits the case, finds the giver among the eligible
ones (GET /cases/{id}/eligible-givers), and the case runs to its final report and closure — with the
records requested from the treating dentist, which only a verified identity allows.

What the API cannot make yet is made with the factories: the users themselves (the administrator,
the coordinator's membership of the practice, and the giver's login linked to the practitioner the
administrator added — staff invitations, another part of this work). Tokens are issued directly
(the API's login with a second factor is tested in tests/api/)."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from secondopinion.directory.models import Organisation, Patient, Practitioner
from secondopinion.protocols.vocabulary import EXPLANATION_ITEMS
from tests.api.conftest import ApiClient
from tests.documents.files import pdf
from tests.factories import StaffFactory, UserFactory

pytestmark = pytest.mark.django_db


def ok(response, status: int = 200) -> dict:
    assert response.status_code == status, response.content
    return response.json()


def test_a_second_opinion_from_an_empty_directory_through_the_api_only():
    assert not Organisation.objects.exists()
    assert not Practitioner.objects.exists()
    assert not Patient.objects.exists()
    admin = ApiClient(UserFactory(username="beheer", is_staff=True, is_superuser=True))

    # The directory, by the administrator.
    treating_practice = ok(
        admin.post(
            "/organisations", {"name": "Tandartspraktijk De Molen", "agb_code": "11110001", "city": "Utrecht"}
        ),
        201,
    )
    giving_practice = ok(
        admin.post(
            "/organisations", {"name": "Mondzorg Centrum Oost", "agb_code": "11110002", "city": "Amersfoort"}
        ),
        201,
    )
    treating = ok(
        admin.post(
            "/practitioners",
            {
                "name": "Dr. Jansen",
                "discipline": "dentist",
                "agb_code": "22220001",
                "organisation_id": treating_practice["id"],
            },
        ),
        201,
    )
    giver = ok(
        admin.post(
            "/practitioners",
            {
                "name": "Dr. Bakker",
                "discipline": "dentist",
                "agb_code": "22220002",
                "organisation_id": giving_practice["id"],
                "big_number": "12345678901",
            },
        ),
        201,
    )

    # The people: what staff invitations will do (not through this API yet), with the factories.
    coordinator_user = UserFactory(username="coordinator")
    StaffFactory(user=coordinator_user, organisation_id=giving_practice["id"], function="coordinator")
    giver_user = UserFactory(username="dr.bakker")
    Practitioner.objects.filter(pk=giver["id"]).update(user=giver_user)
    coordinator, giving = ApiClient(coordinator_user), ApiClient(giver_user)

    # An integrator finds the ids by searching the directory.
    found = ok(coordinator.get("/practitioners?q=jansen&city=Utrecht&discipline=dentist"))
    assert [p["id"] for p in found["items"]] == [treating["id"]]
    place = ok(coordinator.get("/organisations?q=oost"))["items"][0]
    assert place["id"] == giving_practice["id"]

    # The patient: registered with the identity checked at the desk, then identified.
    registered = ok(
        coordinator.post(
            "/patients",
            {
                "name": "Petra de Vries",
                "bsn": "111222333",
                "birth_date": "1968-03-14",
                "identity_checked": True,
            },
        ),
        201,
    )
    assert registered["identity_verified"] is True
    identified = ok(coordinator.post("/patients/identify", {"bsn": "111222333", "birth_date": "1968-03-14"}))
    assert identified == {"patient_id": registered["patient_id"], "initials": "P. d. V.", "birth_year": 1968}

    # The case.
    case = ok(
        coordinator.post(
            "/cases",
            {
                "protocol": "dental-knmt",
                "patient_bsn": "111222333",
                "patient_birth_date": "1968-03-14",
                "organisation_id": place["id"],
                "treating_practitioner_id": found["items"][0]["id"],
                "care_question": "Is de voorgestelde brug op 24-26 nodig, of volstaat een implantaat?",
                "subject": "treatment_plan",
                "treatment_started": False,
            },
        ),
        201,
    )
    case_id = case["id"]
    ok(
        coordinator.post(
            f"/cases/{case_id}/transitions", {"to": "accepted", "classification": "second_opinion"}
        )
    )
    givers = ok(coordinator.get(f"/cases/{case_id}/eligible-givers"))
    assert [p["id"] for p in givers["eligible"]] == [giver["id"]]
    assert givers["excluded"][0]["practitioner"]["id"] == treating["id"]
    ok(
        coordinator.post(
            f"/cases/{case_id}/transitions", {"to": "assigned", "giver_id": givers["eligible"][0]["id"]}
        )
    )
    ok(giving.post(f"/cases/{case_id}/independence", {"statement_confirmed": True}), 201)
    ok(
        giving.post(
            f"/cases/{case_id}/transitions",
            {
                "to": "informed",
                "explanation_items": list(EXPLANATION_ITEMS),
                "written_report": True,
                "inform_own_practitioner": False,
                "records_alternative_explained": True,
                "care_question": "Brug of implantaat in het tweede kwadrant?",
            },
        )
    )
    ok(giving.post(f"/cases/{case_id}/transitions", {"to": "in_examination"}))

    # Records from the treating dentist: under the patient's signed consent, for a verified identity.
    form = SimpleUploadedFile("toestemming.pdf", pdf(), "application/pdf")
    signed = coordinator.client.post(
        f"/api/v1/cases/{case_id}/consents/signed-form",
        {"purpose": "request_records", "given_by_name": "Petra de Vries", "file": form},
        **coordinator.headers,
    )
    assert signed.status_code == 201, signed.content
    ok(
        giving.post(
            f"/cases/{case_id}/data-requests", {"kinds": ["xrays"], "note": "", "email": "jansen@example.nl"}
        ),
        201,
    )

    ok(giving.post(f"/cases/{case_id}/transitions", {"to": "report_draft", "findings": "24 en 26 gezond."}))
    final = ok(
        giving.post(
            f"/cases/{case_id}/transitions",
            {
                "to": "report_final",
                "report": {
                    "deviations": "Geen afwijkingen van de diagnose.",
                    "consequences": "Een implantaat spaart de buurtanden maar kost meer.",
                    "advice": "Beide opties zijn verdedigbaar; bespreek de kosten met uw tandarts.",
                },
            },
        )
    )
    assert final["report"]["state"] == "final"
    closed = ok(
        coordinator.post(
            f"/cases/{case_id}/transitions", {"to": "closed", "closure_decision": "continue_treatment"}
        )
    )
    assert closed["status"] == "closed"
