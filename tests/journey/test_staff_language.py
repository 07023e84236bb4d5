"""Language for staff: "user-facing text is Dutch by default and complete in English". Every page a
coordinator, a second-opinion giver, a referring GP, a treating dentist, a complaints officer and an
administrator reaches is read in Dutch and in English, and holds no words of the other language.

As in the patient sweep (test_reader_language.py), the pages are not a hand list: every URL pattern
outside the admin and the API is read with the ids filled from one world of cases in several states
(tests/journey/staff_world.py), and what answers with a page (a 200, a refusal, "not found") is read.
The forms staff send are sent empty too, and their errors read. Rule ids, which staff need, are
allowed; what people wrote (names, care questions, findings) is theirs and is taken out first."""

import re

import pytest
from django.conf import settings
from django.db import transaction
from django.test import Client, override_settings

from tests.journey.staff_world import STAFF, StaffSweep, build_staff
from tests.journey.test_reader_language import NOT_PAGES, PAGES, urls_of
from tests.reading import visible_text

pytestmark = pytest.mark.django_db

LANGUAGES = ("nl", "en")
ROLES = tuple(STAFF)

# Words of the other language, as whole words of the visible text (lower case: names are data). On
# an English page: Dutch function words and the staff's Dutch nouns, none an English word. On a Dutch
# page: English function words and nouns that are not Dutch words too ("is", "in", "of" are both).
OTHER_LANGUAGE = {
    "nl": re.compile(
        r"\b(?:the|and|your|you|request|case|cases|report|with|this|please|been|will|for|not|are|has|"
        r"from|which|should|must|cannot|there|when|who|what|been|patient's|giver|complaint|records)\b"
    ),
    "en": re.compile(
        r"\b(?:de|het|een|uw|u|aanvraag|van|en|niet|voor|wordt|worden|zijn|bij|naar|geen|nog|deze|"
        r"dit|heeft|moet|ook|kunt|casus\w*|verslag|klacht\w*|gegevens|toestemming|behandelaar|"
        r"verwijzer|patiënt\w*|zorgverlener\w*|tandarts\w*|afspraak\w*|brief|opgeslagen|terug)\b"
    ),
}


RECORDED = re.compile(r"(?<![\w.])/[\w/.-]*|(?<=username: )\S+|(?<=gebruikersnaam: )\S+")


def problems(text: str, language: str, data: list[str]) -> list[str]:
    """The other language's words in `text`, each with the words around it."""
    for value in data:  # what people wrote (a care question, a name) is in their language, not ours
        text = text.replace(value, " ")
    # An address (/mijn-gegevens/) and a username the security log recorded are data too.
    text = RECORDED.sub(" ", text)
    return [
        f"{match.group(0)!r} in …{text[max(0, match.start() - 70) : match.end() + 70]}…"
        for match in OTHER_LANGUAGE[language].finditer(text)
    ]


@pytest.fixture(scope="module")
def sweep(django_db_setup, django_db_blocker) -> StaffSweep:
    """Built once for the module inside a transaction rolled back at its end; every test runs in a
    savepoint of it (as the patient sweep and tests/access/conftest.py do)."""
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            with override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]):
                built = build_staff()
            yield built
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


def staff(sweep: StaffSweep, role: str, language: str) -> Client:
    """Logged in with the second factor given (as staff always are), in `language`."""
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    user = sweep.readers[role]
    client = Client()
    client.force_login(user)
    device, _ = TOTPDevice.objects.get_or_create(
        user=user, name="authenticator", defaults={"confirmed": True}
    )
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    return client


def ids_of(sweep: StaffSweep, role: str) -> dict[str, list[int | str]]:
    from secondopinion.distribution.models import Sending
    from secondopinion.notifications.models import Alert

    user = sweep.readers[role]
    own = {
        "alert_id": list(Alert.objects.filter(recipient=user).values_list("pk", flat=True)[:2]) or [0],
        "sending_id": list(Sending.objects.filter(recipient_user=user).values_list("pk", flat=True)[:2])
        or [0],
    }
    return {**sweep.ids, **own}


def in_the_pages_language(page: str, language: str) -> str:
    """The page without the parts it marks as written in the other language (`lang="en"` on a Dutch
    page: the rule catalogue shows each rule in both languages side by side, on purpose)."""
    other = "en" if language == "nl" else "nl"
    return re.sub(rf'<(\w+)\b[^>]*\blang="{other}"[^>]*>.*?</\1>', " ", page, flags=re.S)


# What a person reads in a problem (RFC 9457) and its field errors, or a FHIR OperationOutcome.
PROSE = {"title", "detail", "msg", "message", "diagnostics", "text"}


def words_of(answer) -> list[str]:
    if isinstance(answer, dict):
        return [
            word
            for key, value in answer.items()
            for word in ([value] if key in PROSE and isinstance(value, str) else words_of(value))
        ]
    if isinstance(answer, list):
        return [word for value in answer for word in words_of(value)]
    return []


def read(response, language: str, data: list[str], found: list[str]) -> bool:
    """Reads an answer that is a page (or a CSV's header row) into `found`; False for a redirect, a
    file or data."""
    kind = response.get("Content-Type", "").split(";")[0]
    where = f"{response.request['REQUEST_METHOD']} {response.request['PATH_INFO']} {response.status_code}"
    if kind == "text/csv":
        header = response.content.decode().splitlines()[0].replace(",", " ").replace(";", " ")
        found += [f"{where}: {problem}" for problem in problems(header, language, data)]
        return True
    if kind in ("application/problem+json", "application/fhir+json"):
        text = " ".join(words_of(response.json()))
        found += [f"{where}: {problem}" for problem in problems(text, language, data)]
        return True
    if response.status_code in (301, 302, 405) or kind != "text/html":
        assert response.status_code in (301, 302, 405) or kind in NOT_PAGES, (response.status_code, kind)
        return False
    text = visible_text(in_the_pages_language(response.content.decode(), language), "body")
    found += [f"{where}: {problem}" for problem in problems(text, language, data)]
    return True


# What each role must find as a page (200), not only a refusal: its home and the pages of its work.
READS: dict[str, set[str]] = {
    "coordinator": {
        "web:home",
        "web:case",
        "web:staff",
        "planning:turnaround",
    },
    "giver": {"web:home", "web:case", "web:notices", "appointments:agenda"},
    "referrer": {"web:home", "web:case", "web:report-inbox"},
    "treating": {"web:home", "web:case", "web:report-inbox"},
    "complaints-officer": {"web:home", "aftercare:complaints", "aftercare:complaint", "web:access-review"},
    "administrator": {"web:home"},
}


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("role", ROLES)
def test_every_page_a_staff_member_reaches_is_in_their_language(sweep, role, language):
    client = staff(sweep, role, language)
    ids = ids_of(sweep, role)
    found: list[str] = []
    answered: dict[str, set[int]] = {}

    for name in PAGES:
        for url in urls_of(name, ids):
            answer = client.get(url)
            answered.setdefault(name, set()).add(answer.status_code)
            read(answer, language, sweep.data, found)

    missing = {name: answered[name] for name in READS[role] if 200 not in answered[name]}
    assert missing == {}
    assert found == [], "\n".join(found)


# Writes that end the session or answer only a browser's script: not forms a reader fills in.
NOT_FORMS = ("web:logout", "account_logout", "set_language", "otp_webauthn:", "health-", "fhir")


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("role", ROLES)
def test_every_form_a_staff_member_sends_empty_answers_in_their_language(sweep, role, language):
    """Each page's form sent empty, on every case of the world: the form with its errors, a refusal
    or the step's "this is not allowed now" page, in the reader's language. Each write is rolled back
    (an empty accept is a whole step), so every page is tried on the world as built."""
    client = staff(sweep, role, language)
    # A case in each state a form answers differently in: to accept, in the report draft, final, refused.
    cases = [sweep.cases[name].pk for name in ("submitted", "referred-draft", "report-final", "refused")]
    ids = {**ids_of(sweep, role), "case_id": cases}
    found: list[str] = []
    pages = 0

    for name in PAGES:
        if name.startswith(NOT_FORMS):
            continue
        for url in urls_of(name, ids):
            with transaction.atomic():
                pages += read(client.post(url, {}), language, sweep.data, found)
                transaction.set_rollback(True)

    assert pages > 100
    assert found == [], "\n".join(found)


# The API's and FHIR's refusals and field errors a staff member's system shows, asked in a language.
SYSTEM_CALLS = [
    ("post", "/api/v1/cases", {}),
    ("post", "/api/v1/cases/{submitted}/transitions", {}),
    ("post", "/api/v1/cases/{submitted}/transitions", {"to": "closed"}),
    ("post", "/api/v1/cases/{final}/billing-lines", {"code": ""}),
    ("post", "/api/v1/cases/{final}/collegial-notices", {}),
    ("post", "/api/v1/staff/invitations", {"email": "geen-adres", "name": "", "function": "?"}),
    ("get", "/api/v1/cases/0", None),
    ("get", "/api/v1/nergens", None),
    ("get", "/fhir/R4/Patient/0", None),
    ("get", "/fhir/R4/Onbekend", None),
    ("post", "/fhir/R4/Task", {}),
]


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("role", ["coordinator", "giver"])
def test_the_api_and_fhir_answer_a_staff_members_system_in_the_language_asked(sweep, role, language):
    from secondopinion.api.models import ApiToken

    token = ApiToken.issue(user=sweep.readers[role], name="taal")[1]
    headers = {"HTTP_AUTHORIZATION": f"Bearer {token}", "HTTP_ACCEPT_LANGUAGE": language}
    ids = {"submitted": sweep.cases["submitted"].pk, "final": sweep.cases["report-final"].pk}
    client = Client()
    found: list[str] = []
    read_answers = 0

    for method, path, body in SYSTEM_CALLS:
        url = path.format(**ids)
        if method == "get":
            answer = client.get(url, **headers)
        else:
            answer = client.post(url, body, content_type="application/json", **headers)
        assert answer.status_code >= 400, (url, answer.status_code)
        read_answers += read(answer, language, sweep.data, found)

    assert read_answers == len(SYSTEM_CALLS)
    assert found == [], "\n".join(found)


@pytest.mark.parametrize("language", LANGUAGES)
def test_staff_are_e_mailed_in_their_own_language(sweep, language):
    """A step tells the case's staff by e-mail, each in the language of their account; what the
    e-mail says holds no word of the other language."""
    from secondopinion.cases.inputs import StepInput
    from secondopinion.cases.services import case_transition
    from secondopinion.notifications.messages import compose
    from secondopinion.notifications.models import Notification

    readers = sweep.readers
    for role in ("coordinator", "giver", "treating", "referrer"):
        readers[role].preferred_language = language
        readers[role].email = f"{readers[role].username}@example.nl"
        readers[role].save(update_fields=["preferred_language", "email"])
    case = sweep.cases["referred-draft"]
    before = set(Notification.objects.values_list("pk", flat=True))

    case_transition(
        actor=readers["giver"],
        case_id=case.pk,
        to="report_final",
        data=StepInput(report={"deviations": "Geen.", "consequences": "Geen.", "advice": "Behouden."}),
        source="web",
    )

    sent = Notification.objects.exclude(pk__in=before).filter(recipient__in=readers.values())
    told = {row.recipient.username: row.language for row in sent}
    assert told.get(readers["coordinator"].username) == language, told
    found: list[str] = []
    for row in sent:
        subject, body = compose(
            row.kind, language=row.language, name=row.name, reference=row.reference, link=row.link
        )
        found += problems(f"{subject} {body}", language, [*sweep.data, row.name, row.link])
    assert found == [], "\n".join(found)


@pytest.mark.parametrize(("language", "marked"), [("nl", True), ("en", False)])
def test_the_security_logs_recorded_detail_is_marked_english_on_a_dutch_page(sweep, language, marked):
    """A refusal's detail is recorded in English (it is a log line, kept as it was written); on a Dutch
    page its cell says so (lang="en"), so it reads as a quotation, not as a page half in English."""
    gp = Client()
    gp.force_login(sweep.readers["referrer"])
    gp.get("/mijn-gegevens/vertegenwoordigers/")  # a patient's page: "This page does not exist."
    client = staff(sweep, "administrator", language)

    page = client.get("/beveiligingslog/").content.decode()

    cells = re.findall(r'<td data-label="(?:Toelichting|Detail)"([^>]*)>([^<]+)</td>', page)
    recorded = [(attributes, text) for attributes, text in cells if text.strip() not in ("—", "")]
    assert recorded, "no refusal with a detail listed"
    assert all(('lang="en"' in attributes) is marked for attributes, _text in recorded), recorded


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_records_e_mails_between_giver_and_dentist_are_in_each_ones_language(sweep, language):
    """R16: the treating dentist is asked for records, and the giver told of the answer, each by e-mail
    in the language of their own account; these used to go out in Dutch whatever the account said."""
    from secondopinion.notifications.messages import compose
    from secondopinion.notifications.models import Notification
    from secondopinion.records.data_requests import data_request_decline
    from secondopinion.records.requesting import data_request_create

    giver, dentist = sweep.readers["giver"], sweep.readers["treating"]
    other = "nl" if language == "en" else "en"
    for user, spoken in ((giver, other), (dentist, language)):
        user.preferred_language, user.email = spoken, f"{user.username}@example.nl"
        user.save(update_fields=["preferred_language", "email"])
    case = sweep.cases["in-examination"]

    asked = data_request_create(actor=giver, case_id=case.pk, kinds=["xrays"], note="", source="web")
    data_request_decline(actor=dentist, request_id=asked.request.pk, reason="Geen foto's.", source="web")

    rows = {row.kind: row for row in Notification.objects.filter(reference=case.reference)}
    assert (rows["records_requested"].language, rows["records_request_declined"].language) == (
        language,
        other,
    )
    for row in (rows["records_requested"], rows["records_request_declined"]):
        subject, body = compose(
            row.kind, language=row.language, name=row.name, reference=row.reference, link=row.link
        )
        assert problems(f"{subject} {body}", row.language, [*sweep.data, row.name, row.link]) == []


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_patients_request_to_delete_her_account_reaches_the_coordinator_in_his_language(
    sweep, language, django_capture_on_commit_callbacks, mailoutbox
):
    from secondopinion.accounts.models import User
    from secondopinion.accounts.patients import account_deletion_request

    coordinator = sweep.readers["coordinator"]
    coordinator.preferred_language, coordinator.email = language, "coordinator@example.nl"
    coordinator.save(update_fields=["preferred_language", "email"])

    with django_capture_on_commit_callbacks(execute=True):
        account_deletion_request(user=User.objects.get(username="petra"), reason="")

    (mail,) = [message for message in mailoutbox if "coordinator@example.nl" in message.to]
    assert problems(f"{mail.subject} {mail.body}", language, ["petra"]) == []
    assert {"nl": "verwijderen", "en": "delete"}[language] in mail.subject
