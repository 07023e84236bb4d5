"""Language per reader (issue 12): every page a patient or a representative can reach, and the report
they download, is read in Dutch and in English and holds no rule id (R1 to R28), no hash (SHA-256 or
SHA-1), no internal key (a snake_case or kebab-case value, a state or vocabulary key shown as a
word), no words of the other language and no date in another format than the language's one.
Rule ids stay where professionals need them.

The pages are not a hand list: every URL pattern of Django's resolver outside the admin and the API
is read by both, with the ids filled from one world of cases in several states; what answers with a
page (a 200, or the refusal or "not found" page) is read. A new page is swept without a change here;
a page with a new kind of id fails until `IDS` says how to fill it. The access matrix's classification
(tests/access/test_matrix.py and the modules beside it) says which pages must answer 200, and which
writes a patient or a representative may send; their answers (a form with errors, a refusal) are
read too."""

import io
import re

import pytest
from django.conf import settings
from django.db import transaction
from django.test import Client, override_settings
from django.urls import reverse

from secondopinion.accounts.models import User
from secondopinion.core.roles import Role
from secondopinion.notifications.messages import NOTICES, compose
from secondopinion.protocols import vocabulary
from secondopinion.protocols.lifecycle import Status
from secondopinion.protocols.registry import discover
from tests.access.case_endpoints import CASE_ENDPOINTS, READ
from tests.access.matrix_calls import _route, url_patterns
from tests.access.test_matrix_people import NOTIFICATION_PAGES
from tests.journey.reader_world import Sweep, build
from tests.reading import visible_text

pytestmark = pytest.mark.django_db

LANGUAGES = ("nl", "en")
READERS = ("patient", "representative")
PATIENT_SIDE = frozenset({Role.PATIENT, Role.REPRESENTATIVE})

RULE_ID = re.compile(r"\bR\d{1,2}\b")
HASH = re.compile(r"\b(?:[0-9a-f]{64}|[0-9a-f]{40})\b", re.I)
SNAKE_CASE = re.compile(r"\b[a-z]+(?:_[a-z0-9]+)+\b")
# One date format per language: "3 december 2026", "3 December 2026"; not "3 dec 2026", 03-12-2026 or
# 2026-12-03 beside it.
OTHER_DATE = re.compile(
    r"\b\d{1,2} (?!(?:mei|juni|juli|May|June|July)\b)[A-Za-z]{3,4}\.? \d{4}\b|\b\d{1,2}-\d{1,2}-\d{4}\b|\b\d{4}-\d{2}-\d{2}\b"
)
# Words of the other language, as whole words of the visible text (lower case: names are data).
OTHER_LANGUAGE = {
    "nl": re.compile(r"\b(?:the|and|your|you|request|case|report|with|this|please|been|will)\b"),
    "en": re.compile(r"\b(?:de|het|een|uw|aanvraag|van|en|niet|voor|wordt|zijn|bij)\b"),
}
# Staff words a B1 reader does not know: "casus" (the patient reads "aanvraag" or "uw second opinion").
STAFF_WORDS: dict[str, re.Pattern[str] | None] = {"nl": re.compile(r"\bcasus\w*", re.I), "en": None}


def _keys() -> set[str]:
    """The values of the code's vocabularies: states, roles, protocols and every vocabulary's keys."""
    keys = {str(status) for status in Status} | {str(role) for role in Role} | set(discover())
    for name in dir(vocabulary):
        table = getattr(vocabulary, name)
        if isinstance(table, dict):
            keys |= set(table)
    return keys


KEYS = _keys()
# A key with a dash or an underscore is never a word of either language; a one-word key (`complaint`,
# `requester`, `submitted`) is an English word, so on an English page it may be the word itself.
COMPOUND_KEY = re.compile(
    r"\b(?:" + "|".join(sorted((re.escape(k) for k in KEYS if "-" in k), key=len)) + r")\b"
)
# Keys that are Dutch words as well ("Dagen open").
DUTCH_TOO = {"open", "type"}
WORD_KEY = re.compile(
    r"\b(?:" + "|".join(sorted((k for k in KEYS if k.isalpha() and k not in DUTCH_TOO), key=len)) + r")\b"
)


def problems(text: str, language: str, data: list[str], *, rule_ids: bool = True) -> list[str]:
    """What a patient should not read in `text`, each with the words around it."""
    for value in data:  # what people wrote (a care question, a name) is in their language, not ours
        text = text.replace(value, " ")
    checks = [HASH, SNAKE_CASE, COMPOUND_KEY, OTHER_LANGUAGE[language], OTHER_DATE]
    checks += [RULE_ID] if rule_ids else []
    if language == "nl":
        checks.append(WORD_KEY)
    staff_words = STAFF_WORDS[language]
    if staff_words is not None:
        checks.append(staff_words)
    found = []
    for pattern in checks:
        for match in pattern.finditer(text):
            found.append(f"{match.group(0)!r} in …{text[max(0, match.start() - 70) : match.end() + 70]}…")
    return found


@pytest.fixture(scope="module")
def sweep(django_db_setup, django_db_blocker) -> Sweep:
    """Built once for the module inside a transaction rolled back at its end; every test runs in a
    savepoint of it (as tests/access/conftest.py does for the access matrix's world)."""
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            with override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]):
                built = build()
            yield built
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


def reader(sweep: Sweep, who: str, language: str) -> Client:
    client = Client()
    client.force_login(sweep.readers[who])
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    return client


def ids_of(sweep: Sweep, user: User) -> dict[str, list[int | str]]:
    """The ids to fill a route with: the world's, and the reader's own notifications and sendings."""
    from secondopinion.distribution.models import Sending
    from secondopinion.notifications.models import Alert

    own = {
        "alert_id": list(Alert.objects.filter(recipient=user).values_list("pk", flat=True)[:3]) or [0],
        "sending_id": list(Sending.objects.filter(recipient_user=user).values_list("pk", flat=True)[:2])
        or [0],
    }
    return {**sweep.ids, **own}


def urls_of(name: str, ids: dict[str, list[int | str]]) -> list[str]:
    """Every URL of the pattern `name` over the ids the world holds for each of its parameters."""
    route = _route(name)
    params = re.findall(r"<(?:\w+:)?(\w+)>|\(\?P<(\w+)>", route)
    names = [a or b for a, b in params]
    missing = [param for param in names if param not in ids]
    assert not missing, f"{name}: say in IDS how to fill {missing}"
    if not names:
        return [reverse(name)]
    first, *rest = names
    return [reverse(name, kwargs={first: value, **{p: ids[p][0] for p in rest}}) for value in ids[first]]


def assert_plain(response, language: str, data: list[str]) -> bool:
    """Reads an answer that is a page; False for a redirect or a file, which are read elsewhere."""
    if response.status_code in (301, 302, 405) or "text/html" not in response.get("Content-Type", ""):
        return False
    found = problems(visible_text(response.content.decode(), "body"), language, data)
    assert not found, (response.request["PATH_INFO"], response.status_code, found)
    return True


# The web's pages: every named pattern outside the admin and the APIs (JSON and FHIR, for machines;
# `fhir-outside` answers any other path under /fhir/ with a FHIR 404).
PAGES = sorted(
    name
    for _route, name in url_patterns()
    if name and not name.startswith(("admin:", "api:", "fhir:")) and name != "fhir-outside"
)
# What the matrix says a patient or a representative reads (200): these must be read, not skipped.
READS = {
    *(key for key, endpoint in CASE_ENDPOINTS.items() if endpoint.web and endpoint.allowed is READ),
    "web:home",
    "web:access-log",
    "web:access-log-for",
    "web:representatives",
    "web:report-inbox",
    *NOTIFICATION_PAGES,
    "journey:request-who",
    "journey:decide",
    "journey:reimbursement",
    "journey:givers",
}
# A patient's own, not a representative's: the access log of her file and her representatives.
PATIENTS_OWN = {"web:access-log", "web:representatives"}
NOT_PAGES = {
    "application/pdf",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "application/json",
    "text/javascript",
    "image/png",
    "text/plain",
    "text/calendar",
}


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("who", READERS)
@pytest.mark.parametrize("name", PAGES)
def test_every_page_a_patient_or_representative_reaches_is_in_their_language_without_codes(
    sweep, name, who, language
):
    client = reader(sweep, who, language)
    user = sweep.readers[who]

    answers = [client.get(url) for url in urls_of(name, ids_of(sweep, user))]

    read = [assert_plain(answer, language, sweep.data) for answer in answers]
    statuses = {answer.status_code for answer in answers}
    if name in READS and not (who == "representative" and name in PATIENTS_OWN):
        assert 200 in statuses, (name, statuses)
    for answer, page in zip(answers, read, strict=True):
        # What is not a page is a redirect, a method the URL does not answer, or a file or data (the
        # report is read by the tests below; JSON and scripts are for the browser, not the reader).
        kind = answer.get("Content-Type", "").split(";")[0]
        assert page or answer.status_code in (301, 302, 405) or kind in NOT_PAGES, (
            name,
            answer.status_code,
            kind,
        )


# The writes the matrix lets a patient or a representative send from the case page.
WRITES = sorted(
    key
    for key, endpoint in CASE_ENDPOINTS.items()
    if endpoint.web and endpoint.method == "post" and endpoint.allowed and endpoint.allowed & PATIENT_SIDE
)


class AsWorld:
    """What the matrix's request bodies ask of its world (the case a slot is free on), from this one."""

    def __init__(self, sweep: Sweep) -> None:
        self.sweep = sweep

    def case(self, _side: str, _state: str):
        return self.sweep.cases["in-examination"]  # the case with an appointment and a free time


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("who", READERS)
@pytest.mark.parametrize("name", WRITES)
def test_what_a_patients_write_answers_in_every_state_is_plain(sweep, name, who, language):
    """Sent empty (a form with errors) and as the matrix sends it (on a closed or refused case: a
    refusal, on an open one perhaps done), on every case of the world."""
    client = reader(sweep, who, language)
    body = CASE_ENDPOINTS[name].body
    urls = urls_of(name, ids_of(sweep, sweep.readers[who]))

    pages = 0
    for url in urls:
        pages += assert_plain(client.post(url, {}), language, sweep.data)
        with transaction.atomic():
            pages += assert_plain(client.post(url, body(AsWorld(sweep), "own")), language, sweep.data)
            transaction.set_rollback(True)

    assert pages > 0, name


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_conformance_page_is_plain_for_the_patient(sweep, language):
    client = reader(sweep, "patient", language)
    url = reverse("web:conformance", kwargs={"case_id": sweep.cases["report-final"].pk})

    page = client.get(url)

    assert page.status_code == 200
    assert assert_plain(page, language, sweep.data)


def report_text(content: bytes, kind: str) -> str:
    if kind == "pdf":
        from pypdf import PdfReader

        return " ".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)
    from docx import Document

    return " ".join(paragraph.text for paragraph in Document(io.BytesIO(content)).paragraphs)


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("kind", ["pdf", "docx"])
def test_the_report_a_patient_downloads_holds_no_hash_key_or_other_language(sweep, kind, language):
    client = reader(sweep, "patient", language)
    case = sweep.cases["report-final"]

    answer = client.get(reverse(f"web:report-{kind}", kwargs={"case_id": case.pk}))

    assert answer.status_code == 200
    text = " ".join(report_text(answer.content, kind).split())
    assert case.reference in text
    found = problems(text, language, sweep.data, rule_ids=False)
    assert found == [], "\n".join(found)
    # F7: the seal is a check code in plain words, not a SHA-256 fingerprint.
    assert re.findall(r"SHA-?256|vingerafdruk|fingerprint", text, re.I) == []


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("kind", ["pdf", "docx"])
def test_the_report_a_patient_downloads_shows_no_rule_ids(sweep, kind, language):
    client = reader(sweep, "patient", language)
    case = sweep.cases["report-final"]

    answer = client.get(reverse(f"web:report-{kind}", kwargs={"case_id": case.pk}))

    text = " ".join(report_text(answer.content, kind).split())
    assert answer.status_code == 200
    assert RULE_ID.findall(text) == []


@pytest.mark.parametrize(
    ("language", "term", "explained"),
    [
        ("nl", "Second opinion-gever", "De arts, tandarts of tandprotheticus die uw second opinion geeft."),
        ("en", "Second-opinion giver", "The doctor, dentist or denturist who gives your second opinion."),
    ],
)
def test_the_giver_is_explained_where_the_patient_reads_the_term(sweep, language, term, explained):
    client = reader(sweep, "patient", language)

    page = client.get(reverse("web:case", kwargs={"case_id": sweep.cases["report-final"].pk}))

    text = visible_text(page.content.decode(), "body")
    assert f"{term} " in text
    assert explained in text[text.index(term) :][:200]


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("kind", sorted(NOTICES))
def test_every_notification_e_mail_is_in_its_readers_language_without_codes(kind, language):
    link = "https://tweedemening.example.nl/cases/7/"
    subject, body = compose(
        kind, language=language, name="Petra de Vries", reference="TM-2026-00007", link=link
    )

    found = problems(f"{subject} {body}", language, [link, "Petra de Vries"])
    assert found == [], "\n".join(found)
