""" "Who looked at my file" in words: after a realistic life of a case (submitted, explained, consents
given and one revoked, records requested and supplied, a document opened, the report sent and
corrected) the patient's page, the API and the complaints officer's review show what was accessed,
of which case, and on what basis, in plain Dutch or English: no machine name, rule id, consent
number or hash. The page's queries do not grow with the number of events."""

import html
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from secondopinion.audit.models import AccessEvent
from secondopinion.audit.services import access_record
from secondopinion.cases.editing import case_add_addendum
from secondopinion.cases.selectors import case_get, case_list
from secondopinion.consent.models import Consent
from secondopinion.consent.services import consent_revoke
from secondopinion.documents.services import document_list, document_open
from secondopinion.records.data_requests import data_request_create, data_request_fulfil
from tests.api.conftest import ApiClient
from tests.audit.test_access_review import verified_client
from tests.conftest import give_records_consent
from tests.documents.files import pdf
from tests.reading import says

pytestmark = pytest.mark.django_db

PAGE = reverse("web:access-log") + "?mine=on"  # her own looks too: every row of her case's life
# A machine name ("case:inform", "records_request"), a rule id (R1 to R28), a consent's number ("#3"),
# or a SHA-256: none of these is for a patient's eyes.
MACHINE_NAME = re.compile(r"[a-z][a-z_-]*:[a-z_]|\w_\w|\bR\d+\b|#\d|\b[0-9a-f]{64}\b")
NO_CASE = "—"


def table_rows(page: str) -> list[list[str]]:
    """The cells of each row of the access table, as text."""
    body = re.search(r"<tbody>(.*?)</tbody>", page, re.S)
    assert body is not None, "the page shows no table"
    rows = []
    for row in re.findall(r"<tr>(.*?)</tr>", body.group(1), re.S):
        cells = re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.S)
        rows.append([" ".join(html.unescape(re.sub(r"<[^>]+>", " ", c)).split()) for c in cells])
    return rows


def newest_first(**filters) -> list[AccessEvent]:
    return list(AccessEvent.objects.filter(**filters).select_related("case").order_by("-at", "-id"))


@pytest.fixture
def lived(cast, submit, advance):
    """Petra's case through a realistic life, every access logged on the way."""
    cast.treating_user.email = "tandarts@molen.example"
    cast.treating_user.save(update_fields=["email"])
    case = advance(submit(), "in_examination")  # explained, with her consent to inform her dentist
    give_records_consent(cast, case)
    created = data_request_create(
        actor=cast.giver_user, case_id=case.pk, kinds=["xrays"], note="Graag de foto's.", source="web"
    )
    letter = SimpleUploadedFile("behandelplan.pdf", pdf(), content_type="application/pdf")
    data_request_fulfil(
        actor=cast.treating_user, request_id=created.request.pk, uploads=[letter], source="web"
    )
    [document] = document_list(actor=cast.giver_user, case_id=case.pk, source="web")
    document_open(actor=cast.giver_user, document_id=document.pk, source="web")[1].close()
    case = advance(case, "report_final")  # sealed and sent to Petra and, on her consent, to her dentist
    case_add_addendum(
        actor=cast.giver_user, case_id=case.pk, text="Correctie: het gaat om kies 36, niet 37.", source="web"
    )
    informing = Consent.objects.get(case=case, purpose="inform_own_practitioner")
    consent_revoke(actor=cast.patient_user, case_id=case.pk, consent_id=informing.pk, source="web")
    case_get(user=cast.patient_user, case_id=case.pk, source="web")
    case_list(user=cast.patient_user, source="web")
    return case


def test_the_life_of_the_case_wrote_the_machine_names_the_page_must_translate(cast, lived):
    data = set(AccessEvent.objects.filter(patient=cast.patient).values_list("data", flat=True))
    bases = set(AccessEvent.objects.filter(patient=cast.patient).values_list("basis", flat=True))

    assert {"case", "case:inform", "records_request", "document:pdf", "report", "report:addendum"} <= data
    assert {"consent:request_records", "consent:inform_own_practitioner:revoked", "case-list"} <= data
    assert "consent:request_records" in bases
    assert any(re.fullmatch(r"R23 consent:inform_own_practitioner#\d+", basis) for basis in bases)
    assert "R23 role:requester" in bases


@pytest.mark.parametrize("language", ["nl", "en"])
def test_the_patients_page_shows_words_and_the_case_of_every_row_never_a_machine_name(
    client, cast, lived, language
):
    client.force_login(cast.patient_user)
    client.post("/i18n/setlang/", {"language": language, "next": "/"})

    page = client.get(PAGE).content.decode()

    rows = table_rows(page)
    events = newest_first(patient=cast.patient)
    assert len(rows) == len(events) > 20
    for row, event in zip(rows, events, strict=True):
        case_cell = row[1]
        assert case_cell == (lived.reference if event.case_id is not None else NO_CASE), (row, event.data)
        for cell in row:
            assert not MACHINE_NAME.search(cell), (cell, event.data, event.basis)
        assert event.data not in row[5:]
    assert sum(row[1] == lived.reference for row in rows) == sum(e.case_id is not None for e in events)


def test_the_patients_page_in_dutch_names_what_was_accessed_and_why(client, cast, lived):
    client.force_login(cast.patient_user)

    text = " ".join(" ".join(row) for row in table_rows(client.get(PAGE).content.decode()))

    assert "uw toestemming om gegevens op te vragen bij uw eigen behandelaar" in text
    assert "het opvragen van uw gegevens bij uw eigen behandelaar" in text
    assert "een bestand in uw dossier: een document (PDF)" in text
    assert "een aanvulling of correctie op het rapport" in text
    assert "het intrekken van uw toestemming om uw eigen behandelaar te informeren over de uitkomst" in text
    # The report sent on her consent, and to her as the one who asked: the basis in words.
    assert "uw toestemming om uw eigen behandelaar te informeren over de uitkomst" in text
    assert "rol: aanvrager van de second opinion" in text
    assert "rol: second opinion-gever" in text
    assert "de lijst met aanvragen" in text


def test_the_patients_page_in_english_names_what_was_accessed_and_why(client, cast, lived):
    client.force_login(cast.patient_user)
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})

    text = " ".join(" ".join(row) for row in table_rows(client.get(PAGE).content.decode()))

    assert "your consent to ask your own practitioner for your records" in text
    assert "a file in your record: a document (PDF)" in text
    assert "an addition or correction to the report" in text
    assert "withdrawing your consent to inform your own practitioner of the outcome" in text
    assert "role: requester of the second opinion" in text
    assert not says(text, "uw")


def test_the_api_gives_words_and_the_case_beside_the_stored_names(cast, lived):
    for language in ("nl", "en"):
        body = ApiClient(cast.patient_user, language).get("/patients/me/access-log?limit=100").json()

        items = body["items"]
        assert len(items) == body["count"] > 20
        for item in items:
            for field in ("data_label", "basis_label", "role_label", "action_label"):
                assert item[field].strip()
                assert not MACHINE_NAME.search(item[field]), (field, item)
            assert item["case_reference"] in (lived.reference, None)
        # The stored names stay in the API, for those who process it.
        sent = [i for i in items if i["data"] == "report" and i["action"] == "send"]
        assert sent
        assert all(i["case_reference"] == lived.reference for i in sent)
        assert {i["data"] for i in items} >= {"records_request", "document:pdf"}
        assert next(i for i in items if i["data"] == "access_log")["case_reference"] is None


@pytest.mark.second_factor
def test_the_officers_review_shows_words_and_the_case_of_every_row(cast, lived):
    client = verified_client("klachten", cast.complaints_officer)

    page = client.get(reverse("web:access-review"), {"case": lived.reference}).content.decode()

    rows = table_rows(page)
    events = newest_first(case=lived)
    assert len(rows) == len(events) > 20
    for row, event in zip(rows, events, strict=True):
        assert row[1] == lived.reference
        assert row[2] == "Petra de Vries"
        for cell in row:
            assert not MACHINE_NAME.search(cell), (cell, event.data, event.basis)
    assert any("uw toestemming om uw eigen behandelaar te informeren" in " ".join(r) for r in rows)


# -- the number of queries does not grow with the events ----------------------------------------------

KINDS = [
    ("read", "case", "giver"),
    ("update", "case:inform", "giver"),
    ("create", "document:pdf", "treating"),
    ("send", "records_request", "giver"),
    ("read", "consents", "coordinator"),
    ("send", "report", "R23 consent:inform_own_practitioner#7"),
    ("update", "consent:request_records:revoked", "patient"),
    ("read", "documents", "consent:request_records"),
]


def write_events(cast, cases, count: int, start: int = 0) -> None:
    actors = [(cast.giver_user, "giver"), (cast.coordinator, "coordinator"), (cast.treating_user, "treating")]
    for i in range(start, start + count):
        action, data, basis = KINDS[i % len(KINDS)]
        actor, role = actors[i % len(actors)]
        access_record(
            actor=actor,
            action=action,
            data=data,
            source="web",
            role=role,
            basis=basis,
            case=cases[i % len(cases)],
        )


def test_the_page_takes_as_many_queries_for_fifty_events_as_for_five(client, cast, submit):
    cases = [submit(), submit()]
    client.force_login(cast.patient_user)
    client.get(PAGE)  # the session and the language settle on the first request
    write_events(cast, cases, 5)

    with CaptureQueriesContext(connection) as five:
        few = client.get(PAGE).content.decode()
    write_events(cast, cases, 45, start=5)
    with CaptureQueriesContext(connection) as fifty:
        many = client.get(PAGE).content.decode()

    assert len(table_rows(many)) == 50  # one full page
    assert len(table_rows(few)) < 15
    assert len(fifty.captured_queries) == len(five.captured_queries)
    references = {row[1] for row in table_rows(many)}
    assert {cases[0].reference, cases[1].reference} <= references
