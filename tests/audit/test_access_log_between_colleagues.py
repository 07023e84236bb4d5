"""R6: a collegial notice stays between the giver and the own practitioner. The patient (and her
representative) still reads every access to her data in "who looked at my file" (who, when, which
organisation), but the giver's sending and the own practitioner's reading of a notice read as
"information about your second opinion", on the basis of the reader's role: nothing on her page or in
her API says that a message to her own practitioner exists. The complaints officer's review keeps the
exact kind. The page's queries do not grow with such events."""

import pytest
from django.test import Client
from django.urls import reverse

from secondopinion.audit.kinds import SECOND_OPINION_DATA, label
from secondopinion.audit.models import AccessEvent
from secondopinion.audit.selectors import data_label
from secondopinion.reports.notices import collegial_notice_send, collegial_notices_for
from tests.api.conftest import ApiClient
from tests.audit.colleagues import NEUTRAL, NOTICE, OWN_ROLE, notices_read
from tests.audit.test_access_review import verified_client
from tests.audit.test_who_looked_labels import table_rows
from tests.conftest import representation_in_force, walk
from tests.performance.counting import measured
from tests.reading import visible_text

pytestmark = pytest.mark.django_db

# Words that would tell her a message to her own practitioner exists.
TELLING = {
    "nl": ("aan uw eigen behandelaar", "ontvanger van het bericht", "collegia"),
    "en": ("to your own practitioner", "recipient of the message", "collegial"),
}


@pytest.fixture
def noticed(cast, submit):
    """The giver sends a notice on Petra's case, her own dentist reads his notices (his inbox)."""
    case = walk(cast, submit(), "in_examination")
    collegial_notice_send(actor=cast.giver_user, case_id=case.pk, text=NOTICE, source="web")
    assert [n.text for n in collegial_notices_for(user=cast.treating_user, source="web")] == [NOTICE]
    read = AccessEvent.objects.filter(actor=cast.treating_user, data="collegial-notices").get()
    sent = AccessEvent.objects.filter(actor=cast.giver_user, data="collegial-notice").get()
    assert (read.patient_id, sent.patient_id) == (cast.patient.pk, cast.patient.pk)
    return case, read, sent


def _her_page(cast, reader: str, language: str) -> str:
    client = Client(HTTP_ACCEPT_LANGUAGE=language)
    if reader == "representative":
        representation_in_force(cast)
        client.force_login(cast.representative)
        response = client.get(reverse("web:access-log-for", args=[cast.patient.pk]))
    else:
        client.force_login(cast.patient_user)
        response = client.get(reverse("web:access-log"))
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.parametrize("language", ["nl", "en"])
@pytest.mark.parametrize("reader", ["patient", "representative"])
def test_she_sees_her_dentist_and_the_giver_accessed_her_data_but_not_that_a_message_exists(
    cast, noticed, reader, language
):
    case, _read, _sent = noticed

    page = _her_page(cast, reader, language)

    rows = table_rows(page)
    dentist = [r for r in rows if r[4] == "Tandarts"]
    assert dentist, rows
    # Her own dentist's reading: the time, the case, his organisation, his role, what he did.
    [reading] = [r for r in dentist if r[5] == NEUTRAL[language]]
    assert reading[0]  # when
    assert reading[1] == case.reference
    assert reading[2] == "Tandartspraktijk De Molen"
    assert reading[7] == OWN_ROLE[language]
    # The giver's sending, from her organisation.
    giver_rows = [r for r in rows if r[4] == "Gever" and r[5] == NEUTRAL[language]]
    assert [r[2] for r in giver_rows] == ["Mondzorg Centrum Oost"]
    text = visible_text(page).casefold()
    for words in TELLING[language]:
        assert words not in text, words
    assert NOTICE not in page


@pytest.mark.parametrize("language", ["nl", "en"])
def test_her_api_names_the_access_neutrally_too(cast, noticed, language):
    _case, read, sent = noticed

    response = ApiClient(cast.patient_user, language).get("/patients/me/access-log?limit=100")

    assert response.status_code == 200
    items = response.json()["items"]
    ours = [i for i in items if i["person"] in ("Tandarts", "Gever") and i["data"] == "second-opinion"]
    assert {(i["person"], i["action"], i["basis"]) for i in ours} == {
        ("Tandarts", "read", "treating"),
        ("Gever", "send", "giver"),
    }
    assert {i["data_label"] for i in ours} == {NEUTRAL[language]}
    assert all(i["organisation"] and i["at"] for i in ours)
    body = response.content.decode().casefold()
    for words in (*TELLING[language], "addressee", "collegial-notice"):
        assert words not in body, words
    # Nothing was hidden: every event on her data is in the answer.
    assert response.json()["count"] == AccessEvent.objects.filter(patient=cast.patient).count()
    assert {read.pk, sent.pk} <= set(
        AccessEvent.objects.filter(patient=cast.patient).values_list("pk", flat=True)
    )


def test_the_words_the_patients_ledgers_use_are_neutral_and_the_exact_kind_stays_for_staff():
    for name in ("collegial-notice", "collegial-notices"):
        assert data_label(name) == SECOND_OPINION_DATA  # the patient's view (also FHIR's AuditEvent)
        assert "eigen behandelaar" in label(name).nl  # the exact kind
    assert data_label("report") == label("report")


@pytest.mark.second_factor
def test_the_complaints_officers_review_keeps_the_exact_kind(cast, noticed):
    case, _read, _sent = noticed
    client = verified_client("klachten", cast.complaints_officer)

    page = client.get(reverse("web:access-review"), {"case": case.reference}).content.decode()

    cells = [" | ".join(r) for r in table_rows(page)]
    assert any(
        "Tandarts" in c
        and "de berichten van de second opinion-gever aan uw eigen behandelaar" in c
        and "ontvanger van het bericht" in c
        for c in cells
    ), cells
    assert any(
        "Gever" in c and "een bericht van de second opinion-gever aan uw eigen behandelaar" in c
        for c in cells
    )
    assert "gegevens over uw second opinion" not in page


def test_her_page_costs_the_same_for_3_and_30_such_events(cast, submit):
    case = submit()
    notices_read(cast, case, 3, source="web")
    client = Client(HTTP_ACCEPT_LANGUAGE="nl")
    client.force_login(cast.patient_user)
    client.get(reverse("web:access-log"))  # the session and the language settle

    few, response, _sql = measured(lambda: client.get(reverse("web:access-log")))
    notices_read(cast, case, 27, source="web")
    many, response, queries = measured(lambda: client.get(reverse("web:access-log")))

    assert response.status_code == 200
    assert many == few, queries
    assert len([r for r in table_rows(response.content.decode()) if r[5] == NEUTRAL["nl"]]) == 30
