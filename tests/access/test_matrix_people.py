"""The authorisation matrix, continued: the directory and people, the security log, accounts and
invitations, passkeys, notifications, the inbox's sendings, the agenda and FHIR. Cells and their
expected outcomes as in tests/access/test_matrix.py, which also checks that every endpoint is
classified."""

import json

import pytest
from django.test import Client
from django.urls import reverse

from secondopinion.core.roles import Role
from tests.access.complaints import _complaint
from tests.access.matrix_calls import (
    HIDDEN,
    PERMITTED,
    READS,
    REFUSED,
    api_call,
    assert_outcome,
    get,
    url_patterns,
    web_client,
)
from tests.access.world import PATIENT_NAMES, ROWS, WHOSE, Row, World, related
from tests.factories import valid_bsn

pytestmark = pytest.mark.django_db

# People and the directory (api/routers/directory.py, people.py; web/identity_views.py;
# tests/identity/). The directory is public data for any valid token; only an administrator adds to
# it. A patient is identified by BSN and date of birth by staff, practitioners and representatives
# (initials and year of birth); anyone else gets the one answer of a failed identification (422). A
# coordinator registers patients and checks an identity at the desk, only for a patient with a case at
# their organisation (the other organisation's coordinator finds no such patient: 404).
DIRECTORY_READS = (
    "GET /api/v1/organisations",
    "GET /api/v1/organisations/{organisation_id}",
    "GET /api/v1/practitioners",
    "GET /api/v1/practitioners/{practitioner_id}",
)
DIRECTORY_WRITES = ("POST /api/v1/organisations", "POST /api/v1/practitioners")
PEOPLE = (
    "POST /api/v1/patients/identify",
    "POST /api/v1/patients",
    "POST /api/v1/patients/{patient_id}/identity",
    "web:identity-desk",
)
PEOPLE_AND_DIRECTORY = (*DIRECTORY_READS, *DIRECTORY_WRITES, *PEOPLE)
# A representative identifies only a patient they are registered for (R8 judges the consent at
# submission); the administrator sees no patient data.
IDENTIFIERS = frozenset(
    {
        "representative",
        "representative-without-consent",
        "referrer",
        "treating",
        "giver",
        "coordinator",
        "coordinator-other-organisation",
    }
)
COORDINATORS = frozenset({"coordinator", "coordinator-other-organisation"})
_AGB = iter(range(77_000_000, 78_000_000))


def _people_call(world: World, key: str, row: Row):
    if key == "web:identity-desk":
        return web_client(world, row).get(reverse(key))
    method, path = key.split(" ")
    cast = world.cast
    ids = {
        "organisation_id": cast.giving_practice.pk,
        "practitioner_id": cast.giver.pk,
        "patient_id": cast.patient.pk,
    }
    path = path.format(**ids)
    bodies = {
        "POST /api/v1/organisations": lambda: {"name": "Praktijk Matrix", "agb_code": str(next(_AGB))},
        "POST /api/v1/practitioners": lambda: {
            "name": "Tandarts Matrix",
            "discipline": "dentist",
            "agb_code": str(next(_AGB)),
            "organisation_id": cast.giving_practice.pk,
        },
        "POST /api/v1/patients/identify": lambda: {
            "bsn": cast.patient.bsn,
            "birth_date": cast.patient.date_of_birth.isoformat(),
        },
        "POST /api/v1/patients": lambda: {
            "name": "Nieuwe Patiënt",
            "bsn": valid_bsn(next(_AGB) - 76_300_000),
            "birth_date": "1980-01-01",
        },
        "POST /api/v1/patients/{patient_id}/identity": lambda: {"document_checked": True},
    }
    body = bodies[key]() if method == "POST" else None
    return api_call(world, row, method.lower(), path, body)


def _people_outcome(key: str, row_name: str) -> str:
    if key in DIRECTORY_READS:
        return READS
    if key in DIRECTORY_WRITES:
        return PERMITTED if row_name == "administrator" else REFUSED
    if key == "POST /api/v1/patients/identify":
        return READS if row_name in IDENTIFIERS else "422"
    if key == "web:identity-desk":
        return READS if row_name in COORDINATORS else HIDDEN
    if key == "POST /api/v1/patients":
        return PERMITTED if row_name in COORDINATORS else REFUSED
    # The desk check: the coordinator of the patient's case; for anyone else (the other organisation's
    # coordinator too) there is no such patient.
    return PERMITTED if row_name == "coordinator" else HIDDEN


@pytest.mark.parametrize(
    ("key", "row_name"),
    [
        pytest.param(key, row_name, id=f"{key}|{row_name}")
        for key in PEOPLE_AND_DIRECTORY
        for row_name in ROWS
    ],
)
def test_the_directory_is_public_and_people_are_identified_only_by_staff_and_practitioners(
    world, key, row_name
):
    from django.core.cache import cache

    cache.clear()  # failed identifications of earlier cells count towards each user's limit
    response = _people_call(world, key, ROWS[row_name])

    outcome = _people_outcome(key, row_name)
    if outcome == "422":
        assert response.status_code == 422, response.content[:300]
        assert response.json()["field"] == "bsn"
        return
    assert_outcome(response, outcome, api_call=not key.startswith("web:"))


# The public front door and accounts (django-allauth under /account/: sign-up, e-mail verification,
# password reset and e-mail change; the patient's own profile and deletion request): the user's own
# account only, never patient data of anyone else (tests/front_door/).
ACCOUNT_PAGES = tuple(name for route, name in url_patterns() if route.startswith("account/"))

# Invitations (secondopinion/invitations/, tests/invitations/): the team page and the staff API are a
# coordinator's, for their own organisation only; the representative invitations are the patient's own;
# the invitation link's page needs no login (its token is the key; a dead one is one 404 page), nor does
# accepting a staff invitation through the API (the token in the body; a dead one is one 404 problem).
STAFF_READS = ("web:staff", "GET /api/v1/staff", "GET /api/v1/staff/invitations")
REPRESENTATIVE_INVITATIONS = ("web:representative-invitations", "GET /api/v1/representatives/invitations")
INVITATIONS = (
    *STAFF_READS,
    *REPRESENTATIVE_INVITATIONS,
    "POST /api/v1/staff/invitations",
    "web:staff-invitation-revoke",
    "POST /api/v1/staff/invitations/{invitation_id}/revoke",
    "web:staff-deactivate",
    "web:staff-reactivate",
    "POST /api/v1/staff/{user_id}/deactivate",
    "POST /api/v1/staff/{user_id}/reactivate",
    "POST /api/v1/representatives/invitations",
    "web:representative-invitation-revoke",
    "POST /api/v1/representatives/invitations/{representative_invitation_id}/revoke",
    "web:invitation-accept",
    "POST /api/v1/staff/invitations/accept",
)
TEAM_READERS = frozenset({"coordinator", "coordinator-other-organisation"})


@pytest.mark.parametrize(
    ("key", "row_name"),
    [
        pytest.param(key, row_name, id=f"{key}|{row_name}")
        for key in (*STAFF_READS, *REPRESENTATIVE_INVITATIONS)
        for row_name in ROWS
    ],
)
def test_the_team_is_the_coordinators_and_the_representative_invitations_the_patients(world, key, row_name):
    readers = TEAM_READERS if key in STAFF_READS else frozenset({"patient"})
    response = get(world, key, ROWS[row_name])

    assert_outcome(response, READS if row_name in readers else HIDDEN, api_call=not key.startswith("web:"))


@pytest.mark.parametrize("row_name", ROWS)
def test_accepting_a_staff_invitation_through_the_api_opens_nothing_without_its_token(world, row_name):
    body = {"token": "made-up-token", "password": "Groene-Appel-Fiets-93"}
    response = api_call(world, ROWS[row_name], "post", "/api/v1/staff/invitations/accept", body)

    assert response.status_code == 404
    assert response["Content-Type"] == "application/problem+json"
    assert not any(name in response.content.decode() for name in PATIENT_NAMES)


# Passkeys, the other second factor of practitioners and staff (secondopinion/accounts/passkeys.py,
# tests/accounts/test_passkeys.py): the page where one adds and removes them is a professional's own
# (for anyone else it does not exist), someone else's passkey is not found, and the JSON ceremonies
# speak of the user's own passkeys only: adding one is refused to all here (nobody in the world has
# verified an authenticator app in this login), and nothing of any patient is ever in an answer.
PASSKEY_CEREMONIES = {
    "otp_webauthn:credential-registration-begin": "post",
    "otp_webauthn:credential-registration-complete": "post",
    "otp_webauthn:credential-authentication-begin": "post",
    "otp_webauthn:credential-authentication-complete": "post",
    "otp_webauthn:js-i18n-catalog": "get",
}
PASSKEY_PAGES = ("accounts:login-methods", "accounts:passkey-remove")
PROFESSIONALS = frozenset(
    {
        "referrer",
        "treating",
        "giver",
        "coordinator",
        "coordinator-other-organisation",
        "complaints-officer",
        "administrator",
    }
)


@pytest.mark.parametrize("row_name", ROWS)
def test_the_login_methods_page_is_a_professionals_own(world, row_name):
    response = web_client(world, ROWS[row_name]).get(reverse("accounts:login-methods"))

    assert_outcome(response, READS if row_name in PROFESSIONALS else HIDDEN, api_call=False)


@pytest.mark.parametrize("row_name", ROWS)
def test_only_the_owner_removes_a_passkey(world, row_name):
    from django_otp_webauthn.models import WebAuthnCredential

    owner = world.users["giver"]
    passkey = WebAuthnCredential.objects.create(
        user=owner, name="", credential_id=b"matrix", public_key=b"key", confirmed=True
    )
    url = reverse("accounts:passkey-remove", kwargs={"passkey_id": passkey.pk})

    response = web_client(world, ROWS[row_name]).post(url)

    mine = ROWS[row_name].user == "giver"
    assert response.status_code == (302 if mine else 404)
    assert WebAuthnCredential.objects.filter(pk=passkey.pk).exists() is not mine
    assert not any(name in response.content.decode(errors="replace") for name in PATIENT_NAMES)


@pytest.mark.parametrize(
    ("key", "row_name"),
    [pytest.param(key, row_name, id=f"{key}|{row_name}") for key in PASSKEY_CEREMONIES for row_name in ROWS],
)
def test_the_passkey_ceremonies_answer_of_ones_own_passkeys_only(world, key, row_name):
    client = web_client(world, ROWS[row_name])
    url = reverse(key)

    if PASSKEY_CEREMONIES[key] == "get":
        response = client.get(url)
    else:
        response = client.post(url, json.dumps({}), content_type="application/json")

    assert response.status_code < 500
    if key.endswith("registration-begin"):
        assert response.status_code == 403
    assert not any(name in response.content.decode(errors="replace") for name in PATIENT_NAMES)


# What is new (secondopinion/notifications): everyone's list and e-mail settings are their own. The
# list names only cases the user holds a role in, and no patient; someone else's notification is not
# found (404) and stays unread; marking all read touches only one's own.
NOTIFICATION_PAGES = ("notifications:list", "notifications:preferences")
NOTIFICATION_WRITES = ("notifications:read", "notifications:read-all")


@pytest.mark.parametrize("row_name", ROWS)
def test_the_notification_pages_are_ones_own(world, row_name):
    import re

    from secondopinion.access.policy import visible_cases_filter
    from secondopinion.cases.models import SecondOpinionCase
    from secondopinion.notifications.models import Alert

    row = ROWS[row_name]
    user = world.users[row.user]
    other = world.users["patient" if row.user != "patient" else "coordinator"]
    case = SecondOpinionCase.objects.order_by("pk").first()
    theirs = Alert.objects.create(recipient=other, case=case, kind="status", status="accepted")
    client = web_client(world, row)
    visible = {c.reference for c in SecondOpinionCase.objects.filter(visible_cases_filter(user))}

    for key in NOTIFICATION_PAGES:
        response = client.get(reverse(key))
        body = response.content.decode()
        assert response.status_code == 200
        assert set(re.findall(r"TM-\d{4}-\d{5}", body)) <= visible
        assert not any(name in body for name in PATIENT_NAMES)
    refused = client.post(reverse("notifications:read", args=[theirs.pk]))
    assert refused.status_code == 404
    assert client.post(reverse("notifications:read-all")).status_code == 302
    theirs.refresh_from_db()
    assert theirs.read_at is None


# R23: a report in "Reports for me" is downloaded and acknowledged through its sending (web/inbox_views.py):
# only by the user it was sent to, the download through the report's export door (checked and logged),
# the acknowledgement by a practitioner recipient; anyone else's sending is not found (404).
REPORT_INBOX_ITEMS = ("web:inbox-pdf", "web:inbox-docx", "web:inbox-acknowledge")


@pytest.mark.parametrize("row_name", ROWS)
def test_a_sending_in_the_inbox_opens_only_for_its_recipient(world, row_name):
    from secondopinion.distribution.models import Sending

    row = ROWS[row_name]
    user = world.users[row.user]
    client = web_client(world, row)
    sendings = list(Sending.objects.filter(withdrawn_at__isnull=True, addendum__isnull=True).order_by("pk"))
    assert sendings

    for sending in sendings:
        mine = sending.recipient_user_id == user.pk
        download = client.get(reverse("web:inbox-pdf", args=[sending.pk]))
        acknowledged = client.post(reverse("web:inbox-acknowledge", args=[sending.pk]))

        assert download.status_code == (200 if mine else 404), (sending.recipient_kind, download.status_code)
        assert acknowledged.status_code == (302 if mine else 404)
        sending.refresh_from_db()
        assert (sending.acknowledged_by_id == user.pk) is (
            mine and sending.recipient_practitioner_id is not None
        )
        if not mine:
            assert not any(name in download.content.decode(errors="replace") for name in PATIENT_NAMES)


# The giver's agenda (appointments/selectors.py giver_agenda): a practitioner's own consults on cases
# they give the opinion on; for anyone without a practitioner record there is no agenda (404).
AGENDA = ("appointments:agenda",)
PRACTITIONERS = frozenset({"referrer", "treating", "giver"})


@pytest.mark.parametrize("row_name", ROWS)
def test_the_agenda_is_a_practitioners_own_and_names_only_their_patients(world, row_name):
    from tests.appointments.sweep import appointment_ids

    case = world.case("own", "report_final")
    appointment_ids(case)
    response = web_client(world, ROWS[row_name]).get(reverse("appointments:agenda"), {"week": ""})

    assert response.status_code == (200 if row_name in PRACTITIONERS else 404)
    body = response.content.decode()
    if row_name != "giver":
        assert not any(name in body for name in PATIENT_NAMES)


# The FHIR endpoint (secondopinion/fhir/, tests/fhir/): the API's tokens, and the relation to a case
# decides as everywhere. Every row reads the ServiceRequest and the Task of a case it is related to;
# for anyone else they do not exist (404, an OperationOutcome, no patient named). Its routes take
# FHIR's own ids ("report-7", "document-12"), so the sweep of numeric ids passes them by; the
# cross-organisation tests of each resource type are in tests/fhir/.
# Beside them, "fhir-outside": any other path under /fhir/ (404, an OperationOutcome).
FHIR_ENDPOINTS = (
    "fhir-base",
    "fhir:system",
    "fhir:type",
    "fhir:instance",
    "fhir:unsupported",
    "fhir-outside",
)
FHIR_READS = ("ServiceRequest", "Task")


@pytest.mark.parametrize(
    ("resource_type", "row_name", "whose"),
    [
        pytest.param(kind, row_name, whose, id=f"fhir:{kind}|{row_name}|{whose}")
        for kind in FHIR_READS
        for row_name in ROWS
        for whose in WHOSE
    ],
)
def test_a_fhir_read_of_a_case_answers_only_through_a_relation(world, resource_type, row_name, whose):
    row = ROWS[row_name]
    case = world.case(world.side_of(row, whose), "report_final")
    if row.role is Role.COMPLAINTS_OFFICER:
        _complaint(case)  # need to know: the officer reads a case complained about
    headers = {"HTTP_AUTHORIZATION": f"Bearer {world.tokens[row.user]}", "HTTP_ACCEPT_LANGUAGE": "nl"}

    response = Client(secure=True).get(f"/fhir/R4/{resource_type}/{case.pk}", **headers)

    assert response["Content-Type"] == "application/fhir+json"
    if related(row, whose, "report_final"):
        assert response.status_code == 200
        assert response.json()["id"] == str(case.pk)
    else:
        assert response.status_code == 404
        assert response.json()["resourceType"] == "OperationOutcome"
        assert not any(name in response.content.decode() for name in PATIENT_NAMES)
