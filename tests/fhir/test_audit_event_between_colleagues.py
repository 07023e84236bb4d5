"""R6 over FHIR: a collegial notice stays between the giver and the own practitioner. The patient (and her
representative) reading her AuditEvents still finds every access to her data (when, who, from which
organisation), but the giver's sending and her own dentist's reading of a notice read as information
about her second opinion, on the basis of the reader's role: the same row as her web page and the API
(audit/selectors.py `access_rows`), so no `addressee` and no collegial-notice name. The log itself keeps
the exact values (the complaints officer's review reads them, tests/audit). The search's queries do not
grow with such events."""

import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from fhir.resources.R4B.auditevent import AuditEvent
from fhir.resources.R4B.bundle import Bundle

from secondopinion.audit.models import AccessEvent
from tests.api.conftest import ApiClient
from tests.audit.colleagues import NEUTRAL, NOTICE, OWN_ROLE, notices_read
from tests.conftest import representation_in_force, walk

pytestmark = pytest.mark.django_db

GIVER_ROLE = {"nl": "rol: second opinion-gever", "en": "role: second-opinion giver"}
# What would tell her that a message to her own practitioner exists.
TELLING = {
    "nl": ("addressee", "collegial", "aan uw eigen behandelaar", "ontvanger van het bericht", "collegia"),
    "en": ("addressee", "collegial", "to your own practitioner", "recipient of the message"),
}


@pytest.fixture
def noticed(cast, submit):
    """The giver sends a notice on Petra's case, her own dentist reads his notices (both over the API)."""
    case = walk(cast, submit(), "in_examination")
    sent = ApiClient(cast.giver_user).post(f"/cases/{case.pk}/collegial-notices", {"text": NOTICE})
    assert sent.status_code == 201, sent.content
    inbox = ApiClient(cast.treating_user).get("/collegial-notices")
    assert [n["text"] for n in inbox.json()] == [NOTICE]
    read = AccessEvent.objects.filter(actor=cast.treating_user).order_by("-pk").first()
    sending = AccessEvent.objects.filter(actor=cast.giver_user, data="collegial-notice").get()
    # Stored exactly: the log keeps the kind and the basis for staff's review.
    assert (read.data, read.basis, read.role, read.patient_id) == (
        "collegial-notices",
        "addressee",
        "treating",
        cast.patient.pk,
    )
    return case, read, sending


def _reader(cast, fhir_as, reader: str, language: str):
    if reader == "representative":
        representation_in_force(cast)
    return fhir_as("representative" if reader == "representative" else "patient_user", language=language)


def _her_events(client, cast) -> tuple[dict, dict[str, AuditEvent]]:
    response = client.get(f"/AuditEvent?patient=Patient/{cast.patient.pk}&_count=100")
    assert response.status_code == 200, response.content[:300]
    body = response.json()
    bundle = Bundle.model_validate(body)
    assert bundle.total is not None
    assert bundle.total <= 100, "all on one page"
    events = {e.resource.id: AuditEvent.model_validate(e.resource.model_dump()) for e in bundle.entry or []}
    return body, events


def _organisations(event: AuditEvent) -> list[str]:
    return [a.who.display for a in event.agent if a.who is not None and a.who.type == "Organization"]


@pytest.mark.parametrize("language", ["nl", "en"])
@pytest.mark.parametrize("reader", ["patient", "representative"])
def test_her_audit_events_show_who_accessed_her_data_but_not_that_a_message_exists(
    cast, fhir_as, noticed, reader, language
):
    case, read, sending = noticed
    client = _reader(cast, fhir_as, reader, language)

    body, events = _her_events(client, cast)

    # Nothing was hidden: every access to her data is there, the search's own included.
    assert body["total"] == AccessEvent.objects.filter(patient=cast.patient).count() == len(events)
    dentist = events[str(read.pk)]
    giver = events[str(sending.pk)]
    # Her own dentist's reading: when, from which organisation, on which case, in his role.
    assert dentist.recorded == read.at
    assert _organisations(dentist) == ["Tandartspraktijk De Molen"]
    assert dentist.entity[0].description == NEUTRAL[language]
    assert [(d.type, d.valueString) for d in dentist.entity[0].detail] == [("data", "second-opinion")]
    assert dentist.entity[1].what.reference == f"ServiceRequest/{case.pk}"
    assert dentist.entity[1].description == case.reference
    [basis] = dentist.purposeOfEvent
    assert (basis.coding[0].code, basis.text) == ("treating", OWN_ROLE[language])
    assert dentist.agent[0].role[0].coding[0].code == "treating"
    # The giver's sending, from her organisation, on the basis of her role.
    assert giver.recorded == sending.at
    assert _organisations(giver) == ["Mondzorg Centrum Oost"]
    assert giver.entity[0].description == NEUTRAL[language]
    assert (giver.purposeOfEvent[0].coding[0].code, giver.purposeOfEvent[0].text) == (
        "giver",
        GIVER_ROLE[language],
    )
    text = json.dumps(body, ensure_ascii=False).casefold()
    for words in TELLING[language]:
        assert words not in text, words
    assert NOTICE.casefold() not in text


@pytest.mark.parametrize("language", ["nl", "en"])
def test_one_audit_event_read_by_id_reads_the_same(cast, fhir_as, noticed, language):
    _case, read, _sending = noticed
    client = fhir_as("patient_user", language=language)

    response = client.get(f"/AuditEvent/{read.pk}")

    assert response.status_code == 200
    event = AuditEvent.model_validate(response.json())
    assert event.recorded == read.at
    assert _organisations(event) == ["Tandartspraktijk De Molen"]
    assert event.entity[0].description == NEUTRAL[language]
    assert event.purposeOfEvent[0].coding[0].code == "treating"
    body = response.content.decode().casefold()
    for words in TELLING[language]:
        assert words not in body, words


def test_other_events_keep_their_own_data_and_basis(cast, fhir_as, noticed):
    """Only what stays between colleagues reads neutrally: her own reading of her log is named as it is."""
    client = fhir_as("patient_user", language="en")
    client.get(f"/AuditEvent?patient=Patient/{cast.patient.pk}&_count=1")
    own = AccessEvent.objects.filter(actor=cast.patient_user, data="access_log").order_by("-pk").first()

    event = AuditEvent.model_validate(client.get(f"/AuditEvent/{own.pk}").json())

    assert event.entity[0].detail[0].valueString == "access_log"
    assert event.entity[0].description == "who looked at your file"
    assert event.purposeOfEvent[0].coding[0].code == own.basis == "patient"


def test_the_search_costs_the_same_for_3_and_30_such_events(cast, fhir_as, submit):
    case = submit()
    notices_read(cast, case, 3, source="api")
    client = fhir_as("patient_user")
    url = f"/AuditEvent?patient=Patient/{cast.patient.pk}&_count=100"
    client.get(url)  # the token's first use is recorded once
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    notices_read(cast, case, 27, source="api")

    with CaptureQueriesContext(connection) as many:
        body = client.get(url).json()

    assert len(many) == len(few), [q["sql"][:120] for q in many.captured_queries]
    neutral = [e for e in body["entry"] if e["resource"]["entity"][0]["description"] == NEUTRAL["nl"]]
    assert len(neutral) == 30
    assert {e["resource"]["purposeOfEvent"][0]["coding"][0]["code"] for e in neutral} == {"treating"}
