"""The authorisation matrix: every role by every endpoint (web and API) by a case of their own and a
case of someone else's.

The expected outcome of each cell comes from the product's rules, written out here and in the
modules beside it (case_endpoints.py, test_matrix_pages.py, test_matrix_people.py; the calls in
matrix_calls.py) rather than asked of the code under test: who has no relation to a case gets 404 on every endpoint (a stranger
learns nothing, not even that the case exists); a related role that may not take a step gets 403
(problem+json on the API, the case page with the refusal on the web); an allowed read gets 200; an
allowed write is neither 403 nor 404. Writes send a valid body, so that a role's refusal is reached.

Every URL pattern of Django's resolver and every operation of the API is classified (CLASSIFIED, below);
`test_every_url_pattern_is_in_the_matrix` fails for one that is not, so a new endpoint must be
added here before it ships.
"""

import pytest
from django.urls import reverse

from secondopinion.core.roles import Role
from secondopinion.protocols.lifecycle import TRANSITIONS, Status
from secondopinion.web.forms import STEP_FORMS
from tests.access.case_endpoints import (
    CASE_ENDPOINTS,
    STEPS,
    TREATING,
)
from tests.access.complaints import _complaint
from tests.access.matrix_calls import (
    HIDDEN,
    READS,
    REFUSED,
    api_call,
    api_operations,
    assert_outcome,
    call_case_endpoint,
    cells,
    expected,
    get,
    url_patterns,
    web_client,
)
from tests.access.test_matrix_journey import INTAKE_FILES, JOURNEY_WIZARD, UNLISTED_REQUESTS
from tests.access.test_matrix_pages import (
    ACCESS_LOG_FOR,
    ACCESS_LOG_MINE,
    ACCESS_REVIEW,
    COMPLAINT_LIST,
    MY_REPRESENTATIONS,
    OUTCOME_PAGES,
    PATIENT_LETTERS,
    REPORT_INBOX,
    REPRESENTATION_AUTHORITY,
    REPRESENTATION_CONSENT,
    REPRESENTATION_PAPER,
    REPRESENTATIVES_MINE,
    TURNAROUND,
    UPLOAD_LINK,
)
from tests.access.test_matrix_people import (
    ACCOUNT_PAGES,
    AGENDA,
    FHIR_ENDPOINTS,
    INVITATIONS,
    NOTIFICATION_PAGES,
    NOTIFICATION_WRITES,
    PASSKEY_CEREMONIES,
    PASSKEY_PAGES,
    PEOPLE_AND_DIRECTORY,
    REPORT_INBOX_ITEMS,
)
from tests.access.world import PATIENT_NAMES, ROWS, WHOSE, Row, World, related

pytestmark = pytest.mark.django_db

# Lists of patient data: a row sees its own case in them exactly when it is related to it.
LIST_ENDPOINTS = ("web:home", "GET /api/v1/cases", "web:notices", "GET /api/v1/collegial-notices")
NOTICE_LISTS = frozenset({"web:notices", "GET /api/v1/collegial-notices"})
# Creating a case: the request names a patient, so submitting is itself an access question.
CREATE_ENDPOINTS = ("web:case-new", "POST /api/v1/cases")
# No patient data at all: authentication, language, the rule catalogue, the API's own description.
PUBLIC_ENDPOINTS = {
    "web:login": "get",
    "web:otp-verify": "get",
    "web:otp-enrol": "get",
    "web:logout": "post",
    "set_language": "post",
    "web:protocols": "get",
    "api:openapi-json": "get",
    "api:openapi-view": "get",
    "api:api-root": "get",
    "POST /api/v1/auth/token": "post",
    "DELETE /api/v1/auth/token": "delete",
    # Enrolling the second factor without a browser: the user's own credentials, nobody else's data.
    "POST /api/v1/auth/otp/enrol": "post",
    "POST /api/v1/auth/otp/confirm": "post",
    "GET /api/v1/protocols": "get",
    # The load balancer's probes: whether the process lives and whether it can serve (web/health.py).
    "health-live": "get",
    "health-ready": "get",
    # The patient's journey before a case: the decision aid, reimbursement, finding a giver (directory only).
    "journey:decide": "get",
    "journey:reimbursement": "get",
    "journey:givers": "get",
    # What the FHIR endpoint implements (fhir/capability.py): no token needed, no patient data.
    "fhir:metadata": "get",
}


# API tokens are scoped (api/scopes.py); the world's tokens hold every scope their user's roles can
# use, and a scope no role of the user can use is left to the roles to refuse, so the product's
# access rules below decide every cell.


@pytest.mark.parametrize(("key", "row_name", "whose"), cells(CASE_ENDPOINTS))
def test_each_role_learns_of_a_case_only_through_its_relation_to_it(world, key, row_name, whose):
    row = ROWS[row_name]
    response = call_case_endpoint(world, key, row, whose)

    # API keys are "METHOD /path"; web keys are URL names of any namespace (web:, aftercare:).
    assert_outcome(response, expected(key, row, whose), api_call=" " in key)


@pytest.mark.parametrize(("key", "row_name", "whose"), cells(LIST_ENDPOINTS))
def test_a_list_shows_a_case_exactly_to_those_related_to_it(world, key, row_name, whose):
    row = ROWS[row_name]
    case = world.case(world.side_of(row, whose), "report_final")
    if row.role is Role.COMPLAINTS_OFFICER:
        _complaint(case)  # the officer's list holds the cases complained about (need to know)
    if key in NOTICE_LISTS:
        # R6: a collegial notice is addressed to the case's treating practitioner, whatever R23 says.
        shown = row.role is TREATING and whose == "own"
    else:
        shown = related(row, whose, "report_final")

    if key.startswith("web:"):
        response = web_client(world, row).get(reverse(key))
    else:
        response = api_call(world, row, "get", key.split(" ")[1])

    assert response.status_code == 200
    body = response.content.decode()
    assert (case.reference in body) is shown
    if not shown:
        assert case.patient.name not in body


# Submitting a request names a patient and an organisation: "own" is the row's own patient at the
# own organisation (Petra at the giving practice; Otto at the other practice for its coordinator),
# "others" someone else's. The product lets the patient, the representative with consent (R8),
# a referrer, and the coordinator of the handling organisation submit; R8 blocks a representative
# whose consent is revoked; everyone else is refused with the one answer for a patient that cannot be
# identified (422, the same as for an unregistered BSN: no BSN oracle, tests/security/). Created: 201
# on the API, a redirect on the web.
CREATED, BLOCKED, UNIDENTIFIED = "created", "422", "422"
CREATE_EXPECTED: dict[str, tuple[str, str]] = {
    "patient": (CREATED, UNIDENTIFIED),
    "representative": (CREATED, UNIDENTIFIED),
    "representative-without-consent": (BLOCKED, UNIDENTIFIED),
    "referrer": (CREATED, CREATED),
    "treating": (UNIDENTIFIED, UNIDENTIFIED),
    "giver": (UNIDENTIFIED, UNIDENTIFIED),
    "coordinator": (CREATED, UNIDENTIFIED),
    "coordinator-other-organisation": (CREATED, UNIDENTIFIED),
    "complaints-officer": (UNIDENTIFIED, UNIDENTIFIED),
    "administrator": (UNIDENTIFIED, UNIDENTIFIED),
    "stranger": (UNIDENTIFIED, UNIDENTIFIED),
}


# The web form has no patient field for a patient: a patient always asks for themself.
CREATE_EXPECTED_WEB = {**CREATE_EXPECTED, "patient": (CREATED, CREATED)}


def submission(world: World, row: Row, whose: str, *, web: bool) -> dict:
    cast = world.cast
    at_other_practice = world.side_of(row, whose) == "others"
    patient = cast.other_patient_user.patient if at_other_practice else cast.patient
    organisation = cast.other_practice if at_other_practice else cast.giving_practice
    treating = world.cases[("others" if at_other_practice else "own", "submitted")].treating_practitioner
    kind = {Role.REPRESENTATIVE: "representative", Role.REFERRER: "referrer"}.get(row.role, "patient")
    body = {
        "protocol": "dental-knmt",
        "organisation_id": organisation.pk,
        "treating_practitioner_id": treating.pk,
        "care_question": "Moet kies 36 getrokken worden?",
        "subject": "treatment_plan",
        "requester_kind": kind,
    }
    if web:
        # The web form has no referrer field: a GP who starts a request is the practitioner asking.
        # R8: a practitioner who asks himself has consulted the patient first.
        if row.role is Role.REFERRER:
            body |= {"requester_kind": "practitioner", "patient_consulted": "on", "gp_informed": "on"}
        # BSN with date of birth, confirmed by initials and year of birth (the confirmation step).
        return {
            **body,
            "patient_bsn": patient.bsn,
            "patient_birth_date": patient.date_of_birth.isoformat(),
            "patient_confirmed": "on",
            "treatment_started": "no",
        }
    referrer = {"referrer_id": cast.gp.pk} if row.role is Role.REFERRER else {}
    return {**body, **referrer, "patient_id": patient.pk, "treatment_started": False}


@pytest.mark.parametrize(("key", "row_name", "whose"), cells(CREATE_ENDPOINTS))
def test_only_those_who_may_ask_for_the_patient_submit_a_request(world, key, row_name, whose):
    row = ROWS[row_name]
    table = CREATE_EXPECTED_WEB if key.startswith("web:") else CREATE_EXPECTED
    outcome = table[row_name][WHOSE.index(whose)]
    if key.startswith("web:"):
        response = web_client(world, row).post(reverse(key), submission(world, row, whose, web=True))
        created = 302
    else:
        response = api_call(world, row, "post", "/api/v1/cases", submission(world, row, whose, web=False))
        created = 201

    assert response.status_code == (created if outcome == CREATED else int(outcome)), response.content[:500]


@pytest.mark.parametrize("row_name", ROWS)
def test_the_empty_request_form_shows_no_patient_data(world, row_name):
    response = web_client(world, ROWS[row_name]).get(reverse("web:case-new"))

    # Staff and practitioners keep the one-page form; everyone else asks through the wizard.
    staff = ROWS[row_name].user in ("gp", "treating", "giver", "coordinator", "other_coordinator")
    assert response.status_code == (200 if staff else 302)
    assert not any(name in response.content.decode() for name in PATIENT_NAMES)


@pytest.mark.parametrize(
    ("key", "row_name"),
    [pytest.param(key, row_name, id=f"{key}|{row_name}") for key in PUBLIC_ENDPOINTS for row_name in ROWS],
)
def test_endpoints_without_patient_data_show_none_to_anyone(world, key, row_name):
    row, method = ROWS[row_name], PUBLIC_ENDPOINTS[key]
    if " " in key:
        path = key.split(" ")[1]
        response = api_call(world, row, method, path, {"username": row.user, "password": "wrong"})
    else:
        client = web_client(world, row)
        url = reverse(key)
        response = client.get(url) if method == "get" else client.post(url, {"language": "en"})

    # Readiness answers 503 here, truthfully: no task worker runs beside the test (web/health.py).
    assert response.status_code < 500 or (key == "health-ready" and response.status_code == 503)
    assert not any(name in response.content.decode(errors="replace") for name in PATIENT_NAMES)


# The security log (refused attempts, audit/security.py) is the complaints officer's and the
# superuser's (the administrator), after the second factor on the web (a password session: 403);
# everyone else finds no such page. tests/security/test_security_log.py reads it.
SECURITY_LOG = ("web:security-log", "GET /api/v1/security-log")
SECURITY_LOG_READERS = frozenset({"complaints-officer", "administrator"})


@pytest.mark.parametrize(
    ("key", "row_name"),
    [pytest.param(key, row_name, id=f"{key}|{row_name}") for key in SECURITY_LOG for row_name in ROWS],
)
def test_the_security_log_is_the_complaints_officers_and_the_superusers(world, key, row_name):
    response = get(world, key, ROWS[row_name])

    if row_name not in SECURITY_LOG_READERS:
        outcome = HIDDEN
    else:
        outcome = READS if not key.startswith("web:") else REFUSED
    assert_outcome(response, outcome, api_call=not key.startswith("web:"))


CLASSIFIED = (
    *INVITATIONS,
    *PASSKEY_CEREMONIES,
    *PASSKEY_PAGES,
    *ACCOUNT_PAGES,
    *SECURITY_LOG,
    *CASE_ENDPOINTS,
    *JOURNEY_WIZARD,
    *INTAKE_FILES,
    *UNLISTED_REQUESTS,
    *LIST_ENDPOINTS,
    *CREATE_ENDPOINTS,
    *PUBLIC_ENDPOINTS,
    *ACCESS_LOG_FOR,
    *ACCESS_LOG_MINE,
    *ACCESS_REVIEW,
    *REPORT_INBOX,
    *REPORT_INBOX_ITEMS,
    *UPLOAD_LINK,
    *COMPLAINT_LIST,
    *OUTCOME_PAGES,
    *REPRESENTATIVES_MINE,
    *REPRESENTATION_CONSENT,
    *REPRESENTATION_PAPER,
    *REPRESENTATION_AUTHORITY,
    *MY_REPRESENTATIONS,
    *PEOPLE_AND_DIRECTORY,
    *FHIR_ENDPOINTS,
    *NOTIFICATION_PAGES,
    *NOTIFICATION_WRITES,
    *AGENDA,
    *PATIENT_LETTERS,
    *TURNAROUND,
)
API_KEYS = {key.split(" [")[0] for key in CLASSIFIED if " " in key}
WEB_KEYS = {key for key in CLASSIFIED if " " not in key}


def test_every_url_pattern_is_in_the_matrix():
    operations = api_operations()
    api_routes = {
        path.removeprefix("/").replace("{", "<").replace("}", ">")
        for _m, path in (o.split(" ") for o in operations)
    }
    unclassified = [
        (route, name)
        for route, name in url_patterns()
        if not name.startswith("admin:")
        and name not in WEB_KEYS
        and not (name.startswith("api:") and route in api_routes)
    ]

    assert unclassified == []


def test_every_api_operation_is_in_the_matrix():
    assert sorted(api_operations() - API_KEYS) == []


def test_the_matrix_names_only_endpoints_that_exist():
    names = {name for _route, name in url_patterns()}

    assert sorted(WEB_KEYS - names) == []
    assert (
        sorted(
            {key for key in API_KEYS if key.startswith(("GET", "POST", "PUT", "DELETE"))} - api_operations()
        )
        == []
    )


def test_the_step_table_is_the_lifecycles():
    steps = {step.name: step for step in TRANSITIONS.values()}

    assert set(STEPS) == set(steps) == set(STEP_FORMS)
    for name, (frm, to, roles) in STEPS.items():
        assert TRANSITIONS[(Status(frm), Status(to))] is steps[name]
        assert steps[name].roles == roles
