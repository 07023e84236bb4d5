"""The authorisation matrix: every role by every endpoint (web and API) by a case of their own and a
case of someone else's.

The expected outcome of each cell comes from the product's rules, written out here rather than
asked of the code under test: who has no relation to a case gets 404 on every endpoint (a stranger
learns nothing, not even that the case exists); a related role that may not take a step gets 403
(problem+json on the API, the case page with the refusal on the web); an allowed read gets 200; an
allowed write is neither 403 nor 404. Writes send a valid body, so that a role's refusal is reached.

Every URL pattern of Django's resolver and every operation of the API is classified below;
`test_every_url_pattern_is_in_the_matrix` fails for one that is not, so a new endpoint must be
added here before it ships.
"""

import datetime as dt
import json
from collections.abc import Callable
from dataclasses import dataclass

import pytest
from django.contrib import admin
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from secondopinion.api.urls import api
from secondopinion.core.roles import Role
from secondopinion.protocols.lifecycle import TRANSITIONS, Status
from secondopinion.protocols.vocabulary import EXPLANATION_ITEMS
from secondopinion.web.forms import STEP_FORMS
from tests.access.world import PATIENT_NAMES, ROWS, WHOSE, Row, World, related
from tests.factories import valid_bsn

pytestmark = pytest.mark.django_db

PATIENT, REPRESENTATIVE, GIVER = Role.PATIENT, Role.REPRESENTATIVE, Role.GIVER
COORDINATOR, TREATING = Role.COORDINATOR, Role.TREATING

# Who may take each step, from which state, to which: the lifecycle's table (domain.md, "Case
# lifecycle"), written out; `test_the_step_table_is_the_lifecycles` keeps the two the same.
STEPS: dict[str, tuple[str, str, frozenset[Role]]] = {
    "accept": ("submitted", "accepted", frozenset({COORDINATOR})),
    "redirect": ("submitted", "redirected", frozenset({COORDINATOR})),
    "refuse": ("submitted", "refused", frozenset({COORDINATOR})),
    "assign": ("accepted", "assigned", frozenset({COORDINATOR})),
    "inform": ("assigned", "informed", frozenset({GIVER})),
    "gather": ("informed", "gathering_records", frozenset({GIVER})),
    "examine": ("informed", "in_examination", frozenset({GIVER})),
    "findings": ("in_examination", "report_draft", frozenset({GIVER})),
    "finalise": ("report_draft", "report_final", frozenset({GIVER})),
    "close": ("report_final", "closed", frozenset({COORDINATOR, GIVER})),
    "withdraw": ("report_final", "withdrawn", frozenset({PATIENT, REPRESENTATIVE, COORDINATOR})),
}
CARE_QUESTION = "Is extractie van 36 nodig, of kan de kies behouden blijven?"
REPORT = {
    "deviations": "Extractie is niet de enige optie.",
    "consequences": "Endo met kroon kost meer, maar behoudt de kies.",
    "advice": "Bespreek een wortelkanaalbehandeling met kroon.",
}
WEB_STEP_BODIES: dict[str, dict] = {
    "accept": {},
    # An irreversible step is confirmed (web/confirmation.py): without `confirmed` it only asks.
    "redirect": {"classification": "transfer_of_care", "confirmed": "yes"},
    "refuse": {
        "refusal_reason": "repeated_request",
        "refusal_note": "Vierde verzoek over dezelfde vraag.",
        "confirmed": "yes",
    },
    "assign": {},  # the side's giver, below
    "inform": {
        "explanation_items": list(EXPLANATION_ITEMS),
        "written_report": "yes",
        "inform_own_practitioner": "yes",
        "care_question": CARE_QUESTION,
        "records_alternative_explained": "on",
    },
    "gather": {},
    "examine": {},
    "findings": {"findings": "Diepe cariës 36 distaal.", "anamnesis_dental": "Pijn bij kauwen."},
    "finalise": {"confirm": "on", "confirmed": "yes"},
    "close": {"closure_decision": "accept_opinion", "confirmed": "yes"},
    "withdraw": {"confirm": "on"},
}
API_STEP_BODIES: dict[str, dict] = {
    "accept": {"classification": "second_opinion"},
    "redirect": {"classification": "transfer_of_care"},
    "refuse": {k: v for k, v in WEB_STEP_BODIES["refuse"].items() if k != "confirmed"},
    "assign": {},
    "inform": {
        "explanation_items": list(EXPLANATION_ITEMS),
        "written_report": True,
        "inform_own_practitioner": True,
        "care_question": CARE_QUESTION,
        "records_alternative_explained": True,
    },
    "gather": {},
    "examine": {},
    "findings": WEB_STEP_BODIES["findings"],
    "finalise": {"report": REPORT},
    "close": {"closure_decision": "accept_opinion"},
    "withdraw": {},
}

RECORDERS = frozenset({PATIENT, GIVER, COORDINATOR})
# R3: who records that the prosthesis was adjusted while the hold stood.
HOLD_KEEPERS = frozenset({COORDINATOR, GIVER, TREATING})
READ = None  # `allowed` of a read: every related role reads


@dataclass(frozen=True)
class CaseEndpoint:
    """An endpoint that takes a case id: in which state its case is tried, and who may use it."""

    method: str
    state: str
    allowed: frozenset[Role] | None
    body: Callable[[World, str], dict] | None = None
    web: bool = True


def fixed(body: dict) -> Callable[[World, str], dict]:
    return lambda _world, _side: body


def _step_body(step: str, web: bool) -> Callable[[World, str], dict]:
    def body(world: World, side: str) -> dict:
        values = dict(WEB_STEP_BODIES[step] if web else API_STEP_BODIES[step])
        if step == "assign":
            values["giver_id"] = world.givers[side].pk
        return values if web else {"to": STEPS[step][1], **values}

    return body


def _document_upload(_world: World, _side: str) -> dict:
    """A small PNG the patient brought (R17): a fresh file object for each call."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from tests.documents.files import png

    return {"purpose": "patient_brought", "file": SimpleUploadedFile("foto.png", png(), "image/png")}


# Who uploads what the patient brought, and who opens a record the treating practitioner supplied
# (documents/services.py): the practice staff, the giver, the patient and the representative; the
# complaints officer reads (R28); the treating practitioner reads what he supplied himself.
DOCUMENT_UPLOADERS = frozenset({PATIENT, REPRESENTATIVE, GIVER, COORDINATOR})
DOCUMENT_READERS = frozenset({PATIENT, REPRESENTATIVE, GIVER, COORDINATOR, Role.COMPLAINTS_OFFICER, TREATING})

CONSULT = {"question": "Wat is uw advies over 36?"}
PLAN = {"description": "Wortelkanaalbehandeling met kroon op 36."}
NOTICE = {"text": "Collegiale melding over de behandeling van 36."}
# R25: the giver and the coordinator bill procedures; a bitewing today is valid on every side.
BILLERS = frozenset({GIVER, COORDINATOR})


def billing_line() -> dict:
    return {"code": "X10", "quantity": 1, "date": timezone.localdate().isoformat()}


REQUESTERS = frozenset({GIVER, COORDINATOR})
DATA_REQUEST = {"kinds": ["xrays"], "note": "Graag de foto's van 36.", "email": "behandelaar@example.nl"}
DECLINE = {"reason": "Deze patiënt is hier niet bekend."}


def _records(_world: World, _side: str) -> dict:
    """An X-ray the treating practitioner supplies (R16): a fresh file object for each call."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from tests.documents.files import png

    return {"file": SimpleUploadedFile("rontgen-36.png", png(), "image/png")}


def _signed_consent(_world: World, _side: str) -> dict:
    """R18: a consent recorded from the signed form, sent along as a PDF."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from tests.documents.files import pdf

    form = SimpleUploadedFile("toestemming.pdf", pdf(), "application/pdf")
    return {"purpose": "consult_colleague", "given_by_name": "Petra de Vries", "file": form}


def _data_request(world: World, side: str, with_request: bool) -> int | None:
    """R16: the patient consents to requesting records on the side's case in examination, and where
    the endpoint needs one the giver asks for them; the request's id. (The "revoked" side has no
    case in examination: its row, related to nothing, is tried on the own side's request.)"""
    from secondopinion.consent.services import consent_record
    from secondopinion.records.data_requests import data_request_create

    side = "own" if side == "revoked" else side
    case = world.case(side, "in_examination")
    patient = world.cast.other_patient_user if side == "others" else world.cast.patient_user
    consent_record(actor=patient, case_id=case.pk, purpose="request_records", method="in_app", source="web")
    if not with_request:
        return None
    created = data_request_create(
        actor=world.givers[side].user,
        case_id=case.pk,
        kinds=["xrays"],
        note="",
        email=DATA_REQUEST["email"],
        source="web",
    )
    return created.request.pk


# Aftercare (secondopinion/aftercare): who converses, who evaluates and complains, who handles complaints.
OFFICER = Role.COMPLAINTS_OFFICER
CONVERSATION = frozenset({PATIENT, REPRESENTATIVE, COORDINATOR})
PATIENT_SIDE = frozenset({PATIENT, REPRESENTATIVE})
MESSAGE = {"body": "Wanneer hoor ik iets?"}
EVALUATION = {"decision": "accept_opinion", "satisfaction": "4", "comment": ""}
COMPLAINT = {"text": "Niemand legde uit wat het zou kosten."}
COMPLAINT_PAGES = (
    "aftercare:complaint",
    "aftercare:complaint-acknowledge",
    "aftercare:complaint-handle",
    "aftercare:complaint-extend",
    "aftercare:complaint-decide",
    "aftercare:complaint-letter",
)


def _extension(_world: World, _side: str) -> dict:
    """Wkkgz: the decision put off by four weeks, with the written reason (refused from "received": 409)."""
    until = timezone.localdate() + dt.timedelta(weeks=10)
    return {"until": until.isoformat(), "reason": "We wachten op de reactie van de gever."}


def _complaint(case) -> int:
    from secondopinion.aftercare.models import Complaint

    today = timezone.localdate()
    return Complaint.objects.create(
        case=case,
        filed_by=case.patient.user,
        filed_role="patient",
        text=COMPLAINT["text"],
        acknowledge_by=today + dt.timedelta(days=7),
        decide_by=today + dt.timedelta(weeks=6),
    ).pk


# Consult appointments (secondopinion/appointments): the practice offers times and records whether the
# patient came, the patient's side books, moves and cancels; the referrer, the treating practitioner and
# the complaints officer are related but see no appointments (403). tests/appointments/sweep.py makes a
# free time and a booked appointment on the case each cell acts on.
APPOINTMENT_READERS = frozenset({PATIENT, REPRESENTATIVE, GIVER, COORDINATOR})
APPOINTMENT_PRACTICE = frozenset({GIVER, COORDINATOR})


def _slot_offer(_world: World, _side: str) -> dict:
    import datetime as dt

    day = timezone.localdate() + dt.timedelta(days=10)
    return {
        "kind": "telephone",
        "day": day.isoformat(),
        "time": "10:00",
        "minutes": "20",
        "location": "033 1234567",
    }


def _move(world: World, side: str) -> dict:
    from tests.appointments.sweep import free_slot_of

    return {"slot": free_slot_of(world.case(side, "report_final"))}


# Web endpoints by URL name; API endpoints by "METHOD /path" as the OpenAPI document names them.
CASE_ENDPOINTS: dict[str, CaseEndpoint] = {
    "web:case": CaseEndpoint("get", "report_final", READ),
    "web:report-pdf": CaseEndpoint("get", "report_final", READ),
    "web:report-docx": CaseEndpoint("get", "report_final", READ),
    "web:conformance": CaseEndpoint("get", "report_final", READ),
    "web:report-draft": CaseEndpoint("post", "report_draft", frozenset({GIVER}), fixed({"advice": "Nieuw."})),
    "web:addendum": CaseEndpoint(
        "post", "report_final", frozenset({GIVER}), fixed({"text": "Correctie: 36.", "confirmed": "yes"})
    ),
    "web:notice-send": CaseEndpoint("post", "report_final", frozenset({GIVER}), fixed(NOTICE)),
    "web:consult": CaseEndpoint(
        "post",
        "in_examination",
        frozenset({GIVER}),
        lambda world, _side: {**CONSULT, "colleague_id": world.cast.colleague.pk},
    ),
    "web:plan": CaseEndpoint("post", "in_examination", frozenset({GIVER}), fixed(PLAN)),
    "web:billing-add": CaseEndpoint("post", "report_final", BILLERS, lambda _world, _side: billing_line()),
    "web:consent-add": CaseEndpoint(
        "post",
        "report_final",
        RECORDERS,
        fixed({"purpose": "consult_colleague", "given_by_name": "Petra de Vries", "scope": ""}),
    ),
    "web:consent-revoke": CaseEndpoint("post", "report_final", RECORDERS, fixed({"confirmed": "yes"})),
    "web:prosthesis-adjusted": CaseEndpoint("post", "report_final", HOLD_KEEPERS, fixed({"confirm": "on"})),
    "web:document-add": CaseEndpoint("post", "report_final", DOCUMENT_UPLOADERS, _document_upload),
    "web:document-download": CaseEndpoint("get", "report_final", DOCUMENT_READERS),
    "web:independence": CaseEndpoint(
        "post", "assigned", frozenset({GIVER}), fixed({"statement_confirmed": "on"})
    ),
    **{
        f"web:step-{step}": CaseEndpoint("post", state, roles, _step_body(step, web=True))
        for step, (state, _to, roles) in STEPS.items()
    },
    "GET /api/v1/cases/{case_id}": CaseEndpoint("get", "report_final", READ, web=False),
    "GET /api/v1/cases/{case_id}/transitions": CaseEndpoint("get", "report_final", READ, web=False),
    "GET /api/v1/cases/{case_id}/report.pdf": CaseEndpoint("get", "report_final", READ, web=False),
    "GET /api/v1/cases/{case_id}/report.docx": CaseEndpoint("get", "report_final", READ, web=False),
    "GET /api/v1/cases/{case_id}/billing-lines": CaseEndpoint("get", "report_final", READ, web=False),
    "POST /api/v1/cases/{case_id}/billing-lines": CaseEndpoint(
        "post", "report_final", BILLERS, lambda _world, _side: billing_line(), web=False
    ),
    "GET /api/v1/cases/{case_id}/consents": CaseEndpoint("get", "report_final", READ, web=False),
    "GET /api/v1/cases/{case_id}/conformance": CaseEndpoint("get", "report_final", READ, web=False),
    "GET /api/v1/cases/{case_id}/documents": CaseEndpoint("get", "report_final", READ, web=False),
    "POST /api/v1/cases/{case_id}/documents": CaseEndpoint(
        "post", "report_final", DOCUMENT_UPLOADERS, _document_upload, web=False
    ),
    "GET /api/v1/documents/{document_id}/content": CaseEndpoint(
        "get", "report_final", DOCUMENT_READERS, web=False
    ),
    **{
        f"POST /api/v1/cases/{{case_id}}/transitions [{step}]": CaseEndpoint(
            "post", state, roles, _step_body(step, web=False), web=False
        )
        for step, (state, _to, roles) in STEPS.items()
    },
    "POST /api/v1/cases/{case_id}/prosthesis-adjustment": CaseEndpoint(
        "post", "report_final", HOLD_KEEPERS, fixed({}), web=False
    ),
    "POST /api/v1/cases/{case_id}/independence": CaseEndpoint(
        "post", "assigned", frozenset({GIVER}), fixed({"statement_confirmed": True}), web=False
    ),
    "PUT /api/v1/cases/{case_id}/report": CaseEndpoint(
        "put", "report_draft", frozenset({GIVER}), fixed({"advice": "Nieuw."}), web=False
    ),
    "POST /api/v1/cases/{case_id}/report/addenda": CaseEndpoint(
        "post", "report_final", frozenset({GIVER}), fixed({"text": "Correctie: 36."}), web=False
    ),
    "POST /api/v1/cases/{case_id}/consents": CaseEndpoint(
        "post",
        "report_final",
        RECORDERS,
        fixed({"purpose": "consult_colleague", "method": "signed_upload", "given_by_name": "Petra de Vries"}),
        web=False,
    ),
    "POST /api/v1/cases/{case_id}/consents/{consent_id}/revoke": CaseEndpoint(
        "post", "report_final", RECORDERS, fixed({}), web=False
    ),
    "POST /api/v1/cases/{case_id}/consents/signed-form": CaseEndpoint(
        "post", "report_final", RECORDERS, _signed_consent, web=False
    ),
    # R16: the giver or coordinator requests records; the treating practitioner it is addressed to
    # answers. Tried on a case in examination whose patient consented to requesting records.
    "web:data-request-add": CaseEndpoint("post", "in_examination", REQUESTERS, fixed(DATA_REQUEST)),
    "web:data-request-fulfil": CaseEndpoint("post", "in_examination", frozenset({TREATING}), _records),
    "web:data-request-decline": CaseEndpoint("post", "in_examination", frozenset({TREATING}), fixed(DECLINE)),
    "GET /api/v1/cases/{case_id}/data-requests": CaseEndpoint("get", "in_examination", READ, web=False),
    "POST /api/v1/cases/{case_id}/data-requests": CaseEndpoint(
        "post", "in_examination", REQUESTERS, fixed(DATA_REQUEST), web=False
    ),
    "POST /api/v1/data-requests/{request_id}/fulfil": CaseEndpoint(
        "post", "in_examination", frozenset({TREATING}), _records, web=False
    ),
    "POST /api/v1/data-requests/{request_id}/decline": CaseEndpoint(
        "post", "in_examination", frozenset({TREATING}), fixed(DECLINE), web=False
    ),
    "POST /api/v1/cases/{case_id}/collegial-notices": CaseEndpoint(
        "post", "report_final", frozenset({GIVER}), fixed(NOTICE), web=False
    ),
    "POST /api/v1/cases/{case_id}/colleague-consultations": CaseEndpoint(
        "post",
        "in_examination",
        frozenset({GIVER}),
        lambda world, _side: {**CONSULT, "colleague_id": world.cast.colleague.pk},
        web=False,
    ),
    "POST /api/v1/cases/{case_id}/treatment-plans": CaseEndpoint(
        "post", "in_examination", frozenset({GIVER}), fixed(PLAN), web=False
    ),
    # Aftercare: messages with the coordinator, the evaluation (R27, refused with 409 before closure)
    # and complaints (R28), which only the handling organisation's complaints officer reads and decides.
    # The patient's letters to the own practitioner (R12, R16): the patient's side makes them.
    "letters:letters": CaseEndpoint("post", "report_final", PATIENT_SIDE, fixed({"kind": "inform"})),
    "aftercare:message-send": CaseEndpoint("post", "report_final", CONVERSATION, fixed(MESSAGE)),
    "GET /api/v1/cases/{case_id}/messages": CaseEndpoint("get", "report_final", CONVERSATION, web=False),
    "POST /api/v1/cases/{case_id}/messages": CaseEndpoint(
        "post", "report_final", CONVERSATION, fixed(MESSAGE), web=False
    ),
    "aftercare:evaluation": CaseEndpoint("post", "report_final", PATIENT_SIDE, fixed(EVALUATION)),
    "aftercare:complaint-file": CaseEndpoint("post", "report_final", PATIENT_SIDE, fixed(COMPLAINT)),
    # R10, R11: the eligible givers with every excluded candidate's reasons, for whoever assigns.
    "GET /api/v1/cases/{case_id}/eligible-givers": CaseEndpoint(
        "get", "report_final", frozenset({COORDINATOR}), web=False
    ),
    "appointments:case": CaseEndpoint("get", "report_final", APPOINTMENT_READERS),
    "appointments:ics": CaseEndpoint("get", "report_final", APPOINTMENT_READERS),
    "appointments:slot-offer": CaseEndpoint("post", "report_final", APPOINTMENT_PRACTICE, _slot_offer),
    "appointments:slot-withdraw": CaseEndpoint("post", "report_final", APPOINTMENT_PRACTICE, fixed({})),
    "appointments:book": CaseEndpoint("post", "report_final", PATIENT_SIDE, fixed({})),
    "appointments:move": CaseEndpoint("post", "report_final", PATIENT_SIDE, _move),
    "appointments:cancel": CaseEndpoint(
        "post", "report_final", PATIENT_SIDE, fixed({"reason": "Ik ben ziek."})
    ),
    "appointments:outcome": CaseEndpoint(
        "post", "report_final", APPOINTMENT_PRACTICE, fixed({"outcome": "attended"})
    ),
    "aftercare:complaint": CaseEndpoint("get", "report_final", frozenset({OFFICER})),
    # The Wkkgz steps of a complaint are its officer's; a fresh complaint is "received", so a step the
    # table does not allow from there answers 409, which is neither 403 nor 404.
    "aftercare:complaint-acknowledge": CaseEndpoint("post", "report_final", frozenset({OFFICER}), fixed({})),
    "aftercare:complaint-handle": CaseEndpoint("post", "report_final", frozenset({OFFICER}), fixed({})),
    "aftercare:complaint-extend": CaseEndpoint("post", "report_final", frozenset({OFFICER}), _extension),
    "aftercare:complaint-decide": CaseEndpoint(
        "post",
        "report_final",
        frozenset({OFFICER}),
        fixed({"judgment": "not_well_founded", "decision": "Ongegrond."}),
    ),
    # The decision letter: the complainant's side and the officer (before the decision: 409).
    "aftercare:complaint-letter": CaseEndpoint(
        "get", "report_final", frozenset({PATIENT, REPRESENTATIVE, OFFICER})
    ),
    # What the opinion did to the diagnosis and treatment: the giver records it.
    "aftercare:outcome-record": CaseEndpoint(
        "post", "report_final", frozenset({GIVER}), fixed({"diagnosis": "confirmed", "treatment": "refined"})
    ),
}

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


# Expected outcomes --------------------------------------------------------------------------
HIDDEN, READS, REFUSED, PERMITTED = "404", "200", "403", "allowed"


def expected(key: str, row: Row, whose: str) -> str:
    endpoint = CASE_ENDPOINTS[key]
    if not related(row, whose, endpoint.state):
        return HIDDEN
    if endpoint.allowed is READ:
        return READS
    return PERMITTED if row.role in endpoint.allowed else REFUSED


def assert_outcome(response, outcome: str, *, api_call: bool) -> None:
    status = response.status_code
    if outcome == PERMITTED:
        assert status not in (403, 404), (status, response.content[:500])
        assert status < 500, (status, response.content[:500])
        return
    assert status == int(outcome), (status, response.content[:500])
    if outcome == HIDDEN:
        body = response.content.decode(errors="replace")
        assert not any(name in body for name in PATIENT_NAMES)
    if api_call and outcome in (HIDDEN, REFUSED):
        assert response["Content-Type"] == "application/problem+json"


# Calling an endpoint ------------------------------------------------------------------------


def web_client(world: World, row: Row) -> Client:
    client = Client(secure=True)
    client.force_login(world.users[row.user])
    return client


def api_call(world: World, row: Row, method: str, path: str, body: dict | None = None):
    headers = {"HTTP_AUTHORIZATION": f"Bearer {world.tokens[row.user]}", "HTTP_ACCEPT_LANGUAGE": "nl"}
    client = Client(secure=True)
    if method == "get":
        return client.get(path, **headers)
    if method == "post" and any(hasattr(value, "read") for value in (body or {}).values()):
        return client.post(path, body, **headers)  # multipart, for a file
    data = json.dumps(body or {})
    return getattr(client, method)(path, data, content_type="application/json", **headers)


def call_case_endpoint(world: World, key: str, row: Row, whose: str):
    endpoint = CASE_ENDPOINTS[key]
    side = world.side_of(row, whose)
    case = world.case(side, endpoint.state)
    ids = {"case_id": case.pk, "consent_id": world.consents[side], "document_id": world.documents[side]}
    if "data-request" in key:
        with_request = "request_id" in key or (endpoint.web and "<int:request_id>" in _route(key))
        ids["request_id"] = _data_request(world, side, with_request) or 0
    if key in COMPLAINT_PAGES:
        ids["complaint_id"] = _complaint(case)
    if key.startswith("appointments:"):
        from tests.appointments.sweep import appointment_ids

        ids |= appointment_ids(case, key)
    body = endpoint.body(world, side) if endpoint.body else None
    if endpoint.web:
        kwargs = {name: ids[name] for name in ids if f"<int:{name}>" in _route(key)}
        url = reverse(key, kwargs=kwargs)
        client = web_client(world, row)
        return client.get(url) if endpoint.method == "get" else client.post(url, body or {})
    path = key.split(" ")[1].format(**ids)
    return api_call(world, row, endpoint.method, path, body)


def _route(name: str) -> str:
    return next(route for route, pattern_name in url_patterns() if pattern_name == name)


def cells(keys) -> list:
    return [
        pytest.param(key, row_name, whose, id=f"{key}|{row_name}|{whose}")
        for key in keys
        for row_name in ROWS
        for whose in WHOSE
    ]


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


# "Who looked at my file": a patient's access log is read by the patient and by a representative
# whose consent is in force (R8), nobody else; for anyone else the patient's log does not exist.
ACCESS_LOG_FOR = ("web:access-log-for", "GET /api/v1/patients/{patient_id}/access-log")
ACCESS_LOG_MINE = ("web:access-log", "GET /api/v1/patients/me/access-log")
LOG_READERS = frozenset({"patient", "representative"})


def get(world: World, key: str, row: Row, **kwargs):
    if key.startswith("web:"):
        return web_client(world, row).get(reverse(key, kwargs=kwargs))
    return api_call(world, row, "get", key.split(" ")[1].format(**kwargs))


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


# The guard: nothing the resolver or the API knows goes unclassified ------------------------


def url_patterns(patterns=None, prefix: str = "", namespace: str = "") -> list[tuple[str, str]]:
    """(route, name) of every URL pattern Django resolves, names with their namespaces."""
    found: list[tuple[str, str]] = []
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(pattern, URLResolver):
            inner = namespace + (f"{pattern.namespace}:" if pattern.namespace else "")
            found += url_patterns(pattern.url_patterns, prefix + str(pattern.pattern), inner)
        elif isinstance(pattern, URLPattern):
            found.append((prefix + str(pattern.pattern), namespace + (pattern.name or "")))
    return found


def api_operations() -> set[str]:
    schema = api.get_openapi_schema()
    return {f"{method.upper()} {path}" for path, ops in schema["paths"].items() for method in ops}


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


# The request wizard (secondopinion/journey): it names no patient but the user's own, or one the user
# represents (R8), and its one write goes through case_submit, which `CREATE_ENDPOINTS` cover.
JOURNEY_WIZARD = (
    "journey:request",
    "journey:request-guidance",
    *(f"journey:request-{step}" for step in ("who", "practitioner", "question", "situation")),
    *(f"journey:request-{step}" for step in ("referral", "place", "consents", "documents", "summary")),
)


# Files brought at intake (documents/intake.py): a draft file opens to, and is removed by, its uploader
# only; anyone else (staff of the practice included: no case exists yet) gets 404.
INTAKE_FILES = ("journey:intake-preview", "journey:intake-delete")


@pytest.mark.parametrize(
    ("key", "row_name"),
    [pytest.param(key, row_name, id=f"{key}|{row_name}") for key in INTAKE_FILES for row_name in ROWS],
)
def test_a_file_brought_at_intake_is_its_uploaders_alone(world, key, row_name):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from secondopinion.documents.intake import intake_add
    from secondopinion.documents.models import IntakeFile
    from tests.documents.files import png

    photo = intake_add(
        actor=world.users["patient"],
        patient_id=world.cast.patient.pk,
        upload=SimpleUploadedFile("kies.png", png()),
        source="web",
    )
    url = reverse(key, kwargs={"file_id": photo.pk})
    client = web_client(world, ROWS[row_name])

    response = client.get(url) if key.endswith("preview") else client.post(url)

    mine = row_name == "patient"
    assert response.status_code == ((200 if key.endswith("preview") else 302) if mine else 404)
    assert IntakeFile.objects.filter(pk=photo.pk).exists() is not (mine and key.endswith("delete"))


# A request whose practitioner the patient named in free text (journey/unlisted.py): seen and linked by
# a coordinator of the practice the patient chose only; a coordinator elsewhere sees a list without it.
UNLISTED_REQUESTS = ("journey:unlisted", "journey:unlisted-link")


@pytest.mark.parametrize(
    ("key", "row_name"),
    [pytest.param(key, row_name, id=f"{key}|{row_name}") for key in UNLISTED_REQUESTS for row_name in ROWS],
)
def test_a_request_with_an_unlisted_practitioner_is_the_chosen_practices_coordinators(world, key, row_name):
    from secondopinion.journey.models import UnlistedRequest

    waiting = UnlistedRequest.objects.create(
        requester=world.users["patient"],
        patient=world.cast.patient,
        organisation=world.cast.giving_practice,
        protocol="dental-knmt",
        practitioner_name="J. de Boer",
        practice_name="Tandartspraktijk Het Anker",
        place="Zwolle",
        answers={"care_question": "Moet kies 36 eruit?"},
    )
    listing = key == "journey:unlisted"
    url = reverse(key) if listing else reverse(key, kwargs={"unlisted_id": waiting.pk})

    response = web_client(world, ROWS[row_name]).get(url)

    coordinators = {"coordinator": 200, "coordinator-other-organisation": 200 if listing else 404}
    assert response.status_code == coordinators.get(row_name, 404)
    body = response.content.decode()
    assert ("J. de Boer" in body) is (row_name == "coordinator")
    assert not any(name in body for name in PATIENT_NAMES if not (row_name == "coordinator" and not listing))


@pytest.mark.parametrize(
    ("key", "row_name"),
    [pytest.param(key, row_name, id=f"{key}|{row_name}") for key in JOURNEY_WIZARD for row_name in ROWS],
)
def test_the_request_wizard_names_no_patient_but_the_users_own(world, key, row_name):
    from secondopinion.directory.models import Patient

    row = ROWS[row_name]
    user = world.users[row.user]
    own = set(Patient.objects.filter(user=user).values_list("name", flat=True)) | set(
        Patient.objects.filter(
            representatives__user=user, representatives__consent_revoked_at__isnull=True
        ).values_list("name", flat=True)
    )

    response = web_client(world, row).get(reverse(key), follow=True)

    assert response.status_code in (200, 404)
    body = response.content.decode()
    assert not any(name in body for name in PATIENT_NAMES if name not in own)


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
FHIR_ENDPOINTS = ("fhir-base", "fhir:system", "fhir:type", "fhir:instance", "fhir:unsupported")
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
