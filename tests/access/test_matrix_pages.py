"""The authorisation matrix, continued: the patient's access log, the admin, letters, turnaround, the
report inbox, complaints, outcomes and representation. Cells and their expected
outcomes as in tests/access/test_matrix.py, which also checks that every endpoint is classified."""

import pytest
from django.contrib import admin
from django.urls import reverse

from tests.access.case_endpoints import OFFICER
from tests.access.complaints import _complaint
from tests.access.matrix_calls import (
    HIDDEN,
    PERMITTED,
    READS,
    REFUSED,
    api_call,
    assert_outcome,
    cells,
    get,
    web_client,
)
from tests.access.test_matrix_people import TEAM_READERS
from tests.access.world import PATIENT_NAMES, ROWS

pytestmark = pytest.mark.django_db

# "Who looked at my file": a patient's access log is read by the patient and by a representative
# whose consent is in force (R8), nobody else; for anyone else the patient's log does not exist.
ACCESS_LOG_FOR = ("web:access-log-for", "GET /api/v1/patients/{patient_id}/access-log")
ACCESS_LOG_MINE = ("web:access-log", "GET /api/v1/patients/me/access-log")
LOG_READERS = frozenset({"patient", "representative"})


@pytest.mark.parametrize(("key", "row_name", "whose"), cells(ACCESS_LOG_FOR))
def test_a_patients_access_log_is_read_by_the_patient_and_the_representative_only(
    world, key, row_name, whose
):
    row = ROWS[row_name]
    patient = world.case(world.side_of(row, whose), "submitted").patient
    readable = row_name in LOG_READERS and patient == world.cast.patient

    response = get(world, key, row, patient_id=patient.pk)

    assert_outcome(response, READS if readable else HIDDEN, api_call=not key.startswith("web:"))


@pytest.mark.parametrize(
    ("key", "row_name"),
    [pytest.param(key, row_name, id=f"{key}|{row_name}") for key in ACCESS_LOG_MINE for row_name in ROWS],
)
def test_only_a_patient_has_an_access_log_of_their_own(world, key, row_name):
    response = get(world, key, ROWS[row_name])

    assert_outcome(response, READS if row_name == "patient" else HIDDEN, api_call=not key.startswith("web:"))


# The review of the access log is the complaints officer's (of the handling organisation), and only
# after the second factor: a password session without a code is refused (403), never shown a row.
# Everyone else finds no such page. tests/audit/test_access_review.py gives the code and reads it.
ACCESS_REVIEW = ("web:access-review",)

# R16: the treating practitioner's upload link needs no login; its token is the key. Whoever holds a
# link that does not open an open request (unknown, used, expired, revoked) gets one plain 404,
# whoever they are; a valid link shows the case reference and the patient's initials and birth
# year, never the name (tests/records/test_data_request_pages.py).
UPLOAD_LINK = ("web:upload-link",)


@pytest.mark.parametrize("row_name", ROWS)
def test_an_upload_link_that_opens_nothing_is_a_plain_404_for_anyone(world, row_name):
    url = reverse("web:upload-link", kwargs={"token": "a" * 43})
    client = web_client(world, ROWS[row_name])

    for response in (client.get(url), client.post(url, {"action": "decline", "reason": "Nee."})):
        assert response.status_code == 404
        assert not any(name in response.content.decode() for name in PATIENT_NAMES)


@pytest.mark.parametrize("row_name", ROWS)
def test_the_access_log_review_is_the_complaints_officers_and_needs_the_second_factor(world, row_name):
    response = web_client(world, ROWS[row_name]).get(reverse("web:access-review"))

    assert_outcome(response, REFUSED if row_name == "complaints-officer" else HIDDEN, api_call=False)


# The Django admin is for maintainers: the directory, accounts, tokens and tariffs. Patients,
# cases, reports, consents and the access log are not in it, so an administrator sees no patient
# data there either (Role.ADMINISTRATOR is granted towards no case: least privilege). The one
# exception is the register of representations (R8), which names the patient, never the BSN.
PATIENT_DATA_MODELS = (
    "directory.patient",
    "cases.secondopinioncase",
    "cases.statuschange",
    "reports.report",
    "reports.addendum",
    "reports.collegialnotice",
    "consent.consent",
    "records.findings",
    "records.colleagueconsultation",
    "records.treatmentplan",
    "audit.accessevent",
    "billing.billingline",
    "documents.document",
)


def test_the_admin_holds_no_patient_data():
    registered = {model._meta.label_lower for model in admin.site._registry}

    assert registered.isdisjoint(PATIENT_DATA_MODELS)


@pytest.mark.parametrize("row_name", ROWS)
def test_only_the_administrator_enters_the_admin_and_finds_no_patient_there(world, row_name):
    row = ROWS[row_name]
    client = web_client(world, row)

    index = client.get("/admin/")
    patients = client.get("/admin/directory/patient/")

    if row_name == "administrator":
        assert index.status_code == 200
        assert patients.status_code == 404
        assert not any(name in index.content.decode() for name in PATIENT_NAMES)
    else:
        assert index.status_code == 302
        assert "/admin/login/" in index["Location"]


# The patient's letters (secondopinion/letters): downloaded again by the patient and the representative
# only; for anyone else, staff of the handling organisation included, the letter does not exist (404).
PATIENT_LETTERS = ("letters:letter-pdf", "letters:letter-docx")
LETTER_READERS = frozenset({"patient", "representative"})


@pytest.mark.parametrize("row_name", ROWS)
def test_a_patients_letter_opens_for_the_patients_side_only(world, row_name):
    from secondopinion.letters.services import letter_create

    case = world.case("own", "report_final")
    letter = letter_create(
        actor=world.users["patient"], case_id=case.pk, kind="inform", language="nl", source="web"
    )
    client = web_client(world, ROWS[row_name])

    for key in PATIENT_LETTERS:
        response = client.get(reverse(key, args=[letter.pk]))
        assert response.status_code == (200 if row_name in LETTER_READERS else 404), key
        if response.status_code == 404:
            assert not any(name in response.content.decode() for name in PATIENT_NAMES)


# The turnaround figures (secondopinion/planning) are an organisation's coordinators', each their own
# organisation's; for anyone else there is no such page.
TURNAROUND = ("planning:turnaround", "planning:turnaround-csv")


@pytest.mark.parametrize(
    ("key", "row_name"),
    [pytest.param(key, row_name, id=f"{key}|{row_name}") for key in TURNAROUND for row_name in ROWS],
)
def test_the_turnaround_is_the_coordinators(world, key, row_name):
    response = web_client(world, ROWS[row_name]).get(reverse(key))

    assert response.status_code == (200 if row_name in TEAM_READERS else 404)
    assert not any(name in response.content.decode() for name in PATIENT_NAMES)


# R23: "Reports for me" lists the reports made available to the user. On the world's own final case
# (asked by the representative, referred by the GP, the patient's consent to inform her dentist in
# force) they went to the representative, the patient, the GP and the treating dentist; to nobody
# else, and nobody sees someone else's.
REPORT_INBOX = ("web:report-inbox", "GET /api/v1/reports/inbox")
REPORT_RECIPIENTS = frozenset({"patient", "representative", "referrer", "treating"})


@pytest.mark.parametrize(("key", "row_name", "whose"), cells(REPORT_INBOX))
def test_the_report_inbox_shows_a_report_exactly_to_its_recipients(world, key, row_name, whose):
    row = ROWS[row_name]
    case = world.case(world.side_of(row, whose), "report_final")
    shown = whose == "own" and row_name in REPORT_RECIPIENTS

    response = get(world, key, row)

    assert response.status_code == 200
    body = response.content.decode()
    assert (case.reference in body) is shown
    if not shown:
        assert case.patient.name not in body


# R28: the complaints list shows a complaint exactly to the complaints officer of the handling organisation.
COMPLAINT_LIST = ("aftercare:complaints",)


@pytest.mark.parametrize(("key", "row_name", "whose"), cells(COMPLAINT_LIST))
def test_the_complaints_list_shows_a_complaint_only_to_the_organisations_officer(world, key, row_name, whose):
    row = ROWS[row_name]
    case = world.case(world.side_of(row, whose), "report_final")
    _complaint(case)

    response = web_client(world, row).get(reverse(key))

    assert response.status_code == 200
    body = response.content.decode()
    assert (case.reference in body) is (row.role is OFFICER and whose == "own")
    if case.reference not in body:
        assert case.patient.name not in body


# Outcomes in numbers: an organisation's coordinators and complaints officers read their own
# organisation's (the other organisation's coordinator reads hers, which names no case of ours);
# everyone else finds no such page. No patient is named on it.
OUTCOME_PAGES = ("aftercare:outcomes", "aftercare:outcomes-csv")
OUTCOME_READERS = frozenset({"coordinator", "complaints-officer", "coordinator-other-organisation"})


@pytest.mark.parametrize(
    ("key", "row_name"),
    [pytest.param(key, row_name, id=f"{key}|{row_name}") for key in OUTCOME_PAGES for row_name in ROWS],
)
def test_the_outcomes_are_read_by_the_organisations_coordinators_and_officers_only(world, key, row_name):
    response = web_client(world, ROWS[row_name]).get(reverse(key))

    assert response.status_code == (200 if row_name in OUTCOME_READERS else 404)
    assert not any(name in response.content.decode() for name in PATIENT_NAMES)


# R8: "Mijn vertegenwoordigers". The list is the patient's own; nobody else has one. The patient
# gives and revokes consent to a representative; the representative may not consent for himself
# (403); a coordinator records a consent signed on paper (the API door, and the paper page on the
# web, where the patient's own pages do not exist for them); for anyone else the representation
# does not exist. The paper page exists for coordinators only.
REPRESENTATIVES_MINE = ("web:representatives", "GET /api/v1/patients/me/representatives")
REPRESENTATION_CONSENT = (
    "web:representation-consent",
    "web:representation-revoke",
    "POST /api/v1/representatives/{representative_id}/consent",
    "POST /api/v1/representatives/{representative_id}/consent/revoke",
)
REPRESENTATION_PAPER = ("web:representation-paper",)
PAPER_RECORDERS = frozenset({"coordinator", "coordinator-other-organisation"})


@pytest.mark.parametrize(
    ("key", "row_name"),
    [
        pytest.param(key, row_name, id=f"{key}|{row_name}")
        for key in REPRESENTATIVES_MINE
        for row_name in ROWS
    ],
)
def test_only_a_patient_has_a_list_of_representatives(world, key, row_name):
    response = get(world, key, ROWS[row_name])

    assert_outcome(response, READS if row_name == "patient" else HIDDEN, api_call=not key.startswith("web:"))


def _representation_outcome(key: str, row_name: str) -> str:
    if row_name == "patient":
        return PERMITTED
    if row_name == "representative":
        return REFUSED
    # A coordinator acts only for a patient with a case at their organisation (R8): the other
    # organisation's coordinator finds no such representation.
    if row_name == "coordinator" and not key.startswith("web:"):
        return PERMITTED
    return HIDDEN


@pytest.mark.parametrize(
    ("key", "row_name"),
    [
        pytest.param(key, row_name, id=f"{key}|{row_name}")
        for key in REPRESENTATION_CONSENT
        for row_name in ROWS
    ],
)
def test_only_the_patient_gives_or_revokes_consent_to_a_representative(world, key, row_name):
    from secondopinion.directory.models import Representative

    row = ROWS[row_name]
    representation = Representative.objects.get(user=world.users["representative"])
    if key.startswith("web:"):
        url = reverse(key, kwargs={"representative_id": representation.pk})
        response = web_client(world, row).post(url, {"confirmed": "on"})
    else:
        path = key.split(" ")[1].format(representative_id=representation.pk)
        response = api_call(world, row, "post", path, {"confirmed": True})

    assert_outcome(response, _representation_outcome(key, row_name), api_call=not key.startswith("web:"))


@pytest.mark.parametrize("row_name", ROWS)
def test_the_paper_consent_page_is_the_coordinators(world, row_name):
    response = web_client(world, ROWS[row_name]).get(reverse("web:representation-paper"))

    assert_outcome(response, READS if row_name in PAPER_RECORDERS else HIDDEN, api_call=False)


# R8 and the WGBO: the check of a parent's authority is recorded by the coordinator of an organisation
# where the patient has a case (the world's representative is a partner of an adult: the coordinator's
# attempt is refused as input, 422, so "allowed"); the patient and the representative are refused
# (403); anyone else, the other organisation's coordinator too, finds no such representative.
REPRESENTATION_AUTHORITY = (
    "web:representation-authority",
    "web:representation-authority-revoke",
    "POST /api/v1/representatives/{representative_id}/authority",
    "POST /api/v1/representatives/{representative_id}/authority/revoke",
)
# The representative's own page ("Voor wie ik handel"): everyone has one, empty for most.
MY_REPRESENTATIONS = ("web:my-representations",)


def _authority_outcome(row_name: str) -> str:
    if row_name in ("patient", "representative"):
        return REFUSED
    return PERMITTED if row_name == "coordinator" else HIDDEN


@pytest.mark.parametrize(
    ("key", "row_name"),
    [
        pytest.param(key, row_name, id=f"{key}|{row_name}")
        for key in REPRESENTATION_AUTHORITY
        for row_name in ROWS
    ],
)
def test_only_the_patients_coordinator_records_the_check_of_the_authority(world, key, row_name):
    from secondopinion.directory.models import Representative

    row = ROWS[row_name]
    representation = Representative.objects.get(user=world.users["representative"])
    body = {"evidence": "gezagsregister", "confirmed": "on"}
    if key.startswith("web:"):
        url = reverse(key, kwargs={"representative_id": representation.pk})
        response = web_client(world, row).post(url, body)
    else:
        path = key.split(" ")[1].format(representative_id=representation.pk)
        response = api_call(world, row, "post", path, {**body, "confirmed": True})

    assert_outcome(response, _authority_outcome(row_name), api_call=not key.startswith("web:"))
    representation.refresh_from_db()
    assert representation.authority_verified_at is None


@pytest.mark.parametrize("row_name", ROWS)
def test_everyone_reads_for_whom_they_act(world, row_name):
    response = web_client(world, ROWS[row_name]).get(reverse("web:my-representations"))

    assert_outcome(response, READS, api_call=False)
