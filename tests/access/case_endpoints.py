"""The authorisation matrix's case endpoints (tests/access/test_matrix.py): every web page and API
operation on one case, the state its case must be in, who may take it, and the valid body it sends;
and the lifecycle's step table, written out."""

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from django.utils import timezone

from secondopinion.core.roles import Role
from secondopinion.protocols.vocabulary import EXPLANATION_ITEMS
from tests.access.complaints import COMPLAINT
from tests.access.world import World

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
        "refusal_reason": "threat_or_violence",
        "refusal_note": "Bedreigend gedrag aan de balie.",
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
    # R9: the coordinator records a withdrawal only with how and when (the patient needs no note).
    "withdraw": {"confirm": "on", "note": "Telefonisch ingetrokken op 3 maart."},
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
    "withdraw": {"note": WEB_STEP_BODIES["withdraw"]["note"]},
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


def _outside_copy(_world: World, _side: str) -> dict:
    """R14: a copy of the final report that went to an agreed recipient outside the portal, today."""
    return {
        "recipient_name": "Dr. M. Bakker, huisarts",
        "channel": "post",
        "sent_on": timezone.localdate().isoformat(),
    }


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


# Aftercare (secondopinion/aftercare): who converses, who evaluates and complains, who handles complaints.
OFFICER = Role.COMPLAINTS_OFFICER
CONVERSATION = frozenset({PATIENT, REPRESENTATIVE, COORDINATOR})
PATIENT_SIDE = frozenset({PATIENT, REPRESENTATIVE})
MESSAGE = {"body": "Wanneer hoor ik iets?"}
EVALUATION = {"decision": "accept_opinion", "satisfaction": "4", "comment": ""}
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
    # R14: agreed not in writing, the patient's side asks for the report in writing after all.
    "web:report-in-writing": CaseEndpoint(
        "post", "report_final", frozenset({PATIENT, REPRESENTATIVE}), fixed({"confirmed": "yes"})
    ),
    "POST /api/v1/cases/{case_id}/report/in-writing": CaseEndpoint(
        "post", "report_final", frozenset({PATIENT, REPRESENTATIVE}), web=False
    ),
    "web:consult": CaseEndpoint(
        "post",
        "in_examination",
        frozenset({GIVER}),
        lambda world, _side: {**CONSULT, "colleague_id": world.cast.gp.pk},
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
    # R14: the coordinator records a copy agreed beforehand that went outside the portal.
    "web:outside-copy-add": CaseEndpoint("post", "report_final", frozenset({COORDINATOR}), _outside_copy),
    "GET /api/v1/cases/{case_id}/outside-copies": CaseEndpoint(
        "get", "report_final", frozenset({PATIENT, REPRESENTATIVE, GIVER, COORDINATOR}), web=False
    ),
    "POST /api/v1/cases/{case_id}/outside-copies": CaseEndpoint(
        "post", "report_final", frozenset({COORDINATOR}), _outside_copy, web=False
    ),
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
        lambda world, _side: {**CONSULT, "colleague_id": world.cast.gp.pk},
        web=False,
    ),
    "POST /api/v1/cases/{case_id}/treatment-plans": CaseEndpoint(
        "post", "in_examination", frozenset({GIVER}), fixed(PLAN), web=False
    ),
    # Aftercare: messages with the coordinator, the evaluation (R27, refused with 409 before closure)
    # and complaints (R28), which only the complaints officer of the giver's organisation reads and decides.
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
        fixed({"judgment": "not_well_founded", "decision": "Ongegrond.", "confirm_final": "on"}),
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
