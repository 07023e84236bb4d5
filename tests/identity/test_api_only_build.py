"""A complete second opinion built from an empty database through the API alone: the administrator
adds the organisations and the treating dentist (POST /organisations, /practitioners) and invites the
first coordinator of the giving practice (POST /staff/invitations); the coordinator invites the giver
(with discipline, AGB and BIG number); each invitee accepts with the token from the e-mailed link and a
password (POST /staff/invitations/accept), confirms the authenticator with a code (POST
/auth/otp/confirm) and logs in with username or e-mail address, password and code (POST /auth/token).
The coordinator registers the patient with the identity checked at the desk (POST /patients),
identifies them by BSN and date of birth (POST /patients/identify), submits the case, finds the giver
among the eligible ones (GET /cases/{id}/eligible-givers), and the case runs to its final report and
closure — with the records requested from the treating dentist, which only a verified identity allows.

One thing is not made through the API: the administrator. An empty database has nobody to invite
anyone, so the administrator is made by Django's own management command `createsuperuser` (the
bootstrap step of an installation, as `manage.py createsuperuser --no-input` with
DJANGO_SUPERUSER_PASSWORD); they set up their authenticator through the API too (POST /auth/otp/enrol).
No factory, no admin page, no shell. The second factor is on, as in production."""

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.test import Client

from secondopinion.accounts.models import User
from secondopinion.directory.models import Organisation, Patient, Practitioner
from secondopinion.protocols.vocabulary import EXPLANATION_ITEMS
from tests.documents.files import pdf
from tests.invitations.helpers import app_code, sent_link

pytestmark = [pytest.mark.django_db, pytest.mark.second_factor]

IMMEDIATE = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}


def ok(response, status: int = 200) -> dict:
    assert response.status_code == status, response.content
    return response.json()


class Api:
    """JSON over the test client, anonymous until `login`."""

    def __init__(self) -> None:
        self.client = Client()
        self.headers: dict[str, str] = {"HTTP_ACCEPT_LANGUAGE": "nl"}

    def get(self, path: str):
        return self.client.get(f"/api/v1{path}", **self.headers)

    def post(self, path: str, body: dict | None = None):
        data = json.dumps(body or {})
        return self.client.post(f"/api/v1{path}", data, content_type="application/json", **self.headers)

    def login(self, username: str, password: str, secret: str) -> "Api":
        """The authenticator confirmed with this step's code, the token asked with the next one."""
        ok(
            self.post(
                "/auth/otp/confirm", {"username": username, "password": password, "otp": app_code(secret)}
            )
        )
        issued = ok(
            self.post(
                "/auth/token", {"username": username, "password": password, "otp": app_code(secret, 1)}
            ),
            201,
        )
        self.headers["HTTP_AUTHORIZATION"] = f"Bearer {issued['token']}"
        return self


def test_a_second_opinion_from_an_empty_directory_through_the_api_only(
    monkeypatch, settings, mailoutbox, django_capture_on_commit_callbacks
):
    assert not User.objects.exists()
    assert not Organisation.objects.exists()
    assert not Practitioner.objects.exists()
    assert not Patient.objects.exists()
    settings.TASKS = IMMEDIATE
    settings.TM_SITE_URL = "https://tweedemening.example"

    # The one bootstrap step: the administrator, by Django's management command.
    monkeypatch.setenv("DJANGO_SUPERUSER_PASSWORD", "Beheer-Sleutel-Winter-41")
    call_command(
        "createsuperuser", interactive=False, username="beheer", email="beheer@example.nl", verbosity=0
    )
    admin = Api()
    enrolment = ok(
        admin.post("/auth/otp/enrol", {"username": "beheer", "password": "Beheer-Sleutel-Winter-41"})
    )
    admin.login("beheer", "Beheer-Sleutel-Winter-41", enrolment["secret"])

    def invite(inviter: Api, body: dict) -> str:
        """The invitation's token, as the invitee reads it in the e-mailed link."""
        with django_capture_on_commit_callbacks(execute=True):
            ok(inviter.post("/staff/invitations", body), 201)
        return sent_link(body["email"]).rstrip("/").rsplit("/", 1)[-1]

    def accept(token: str, username: str, password: str) -> Api:
        accepted = ok(
            Api().post(
                "/staff/invitations/accept", {"token": token, "username": username, "password": password}
            ),
            201,
        )
        return Api().login(username, password, accepted["enrolment"]["secret"])

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

    # The people: the practice's first coordinator, invited by the administrator; the giver, invited by
    # the coordinator. Each sets a password and an authenticator through the API.
    coordinator = accept(
        invite(
            admin,
            {
                "name": "Carla Coördinator",
                "email": "carla@mondzorg-oost.example",
                "function": "coordinator",
                "organisation_id": giving_practice["id"],
            },
        ),
        "coordinator",
        "Oranje-Kompas-Zomer-27",
    )
    giving = accept(
        invite(
            coordinator,
            {
                "name": "Dr. Bakker",
                "email": "bakker@mondzorg-oost.example",
                "function": "giver",
                "discipline": "dentist",
                "agb_code": "22220002",
                "big_number": "12345678901",
            },
        ),
        "dr.bakker",
        "Blauwe-Lantaarn-Herfst-58",
    )
    giver = ok(coordinator.get("/practitioners?q=bakker"))["items"][0]
    assert giver["agb_code"] == "22220002"

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
