"""The security log (audit/security.py): refused attempts on patient data are recorded on both faces,
a burst alerts the admins once per window, and the complaints officer and superusers read the log —
each reading itself recorded."""

import logging

import pytest
from django.core import mail
from django.test import Client, RequestFactory
from django.urls import reverse
from django.utils import translation

from secondopinion.api.models import ApiToken
from secondopinion.audit.models import SecurityEvent
from secondopinion.audit.security import security_record
from secondopinion.core.errors import InvalidInput, NotPermitted
from secondopinion.core.text import Text
from secondopinion.web.errors import SecurityLogMiddleware
from tests.accounts.conftest import authenticator, code
from tests.conftest import PASSWORD
from tests.factories import OrganisationFactory, StaffFactory, UserFactory

pytestmark = pytest.mark.django_db
AGENT = {"HTTP_USER_AGENT": "probe/1.0", "REMOTE_ADDR": "192.0.2.7"}


def api(user, scopes: list[str] | None = None) -> Client:
    token = ApiToken.issue(user=user, name="t", scopes=scopes)[1]
    return Client(secure=True, HTTP_AUTHORIZATION=f"Bearer {token}", **AGENT)


def logged_in(user) -> Client:
    client = Client(secure=True, **AGENT)
    client.force_login(user)
    return client


# --- recording ------------------------------------------------------------------------------------


def test_an_api_case_that_is_not_yours_is_recorded_as_not_found(cast, a_case):
    response = api(cast.stranger).get(f"/api/v1/cases/{a_case.pk}")

    assert response.status_code == 404
    event = SecurityEvent.objects.get()
    assert (event.kind, event.actor, event.actor_name, event.face) == (
        "not_found",
        cast.stranger,
        "vreemde",
        "api",
    )
    assert (event.method, event.path) == ("GET", f"/api/v1/cases/{a_case.pk}")
    assert (event.target_kind, event.target_id, event.target_organisation) == (
        "case",
        a_case.pk,
        a_case.organisation,
    )
    assert (event.ip, event.user_agent) == ("192.0.2.7", "probe/1.0")
    assert "Petra" not in event.detail


def test_a_missing_scope_is_recorded_as_not_permitted_with_the_tokens_user(cast, a_case):
    response = api(cast.coordinator, scopes=["billing:read"]).get(f"/api/v1/cases/{a_case.pk}")

    assert response.status_code == 403
    event = SecurityEvent.objects.get()
    assert (event.kind, event.actor) == ("not_permitted", cast.coordinator)
    assert "cases:read" in event.detail


def test_an_anonymous_unknown_url_is_noise_but_a_probed_patient_data_path_is_recorded(db):
    client = Client(secure=True, **AGENT)

    assert client.get("/api/v1/no-such-thing").status_code == 404
    assert client.get("/no-such-page/").status_code == 404
    assert not SecurityEvent.objects.exists()

    assert client.get("/api/v1/cases/1/no-such-part").status_code == 404
    event = SecurityEvent.objects.get()
    assert (event.kind, event.actor, event.ip, event.face) == ("not_found", None, "192.0.2.7", "api")


def test_a_web_view_that_finds_nothing_for_a_logged_in_user_is_recorded(cast):
    response = logged_in(cast.stranger).get(reverse("web:document-download", args=[987]))

    assert response.status_code == 404
    event = SecurityEvent.objects.get()
    assert (event.kind, event.actor, event.face, event.target_kind, event.target_id) == (
        "not_found",
        cast.stranger,
        "web",
        "document",
        987,
    )


def test_an_http404_raised_by_a_web_view_is_recorded_for_a_logged_in_user_only(cast):
    assert logged_in(cast.patient_user).get(reverse("web:representation-paper")).status_code == 404
    assert SecurityEvent.objects.filter(actor=cast.patient_user, kind="not_found").count() == 1

    anonymous = Client(secure=True).get(reverse("web:upload-link", kwargs={"token": "x" * 43}))
    assert anonymous.status_code == 404
    # A DomainError NotFound from a view is recorded whoever asked (here: an upload link guessed).
    assert SecurityEvent.objects.filter(actor=None, kind="not_found", face="web").count() == 1


def _run_middleware(error: Exception, language: str):
    request = RequestFactory().get("/cases/1/", **AGENT)
    request.user = UserFactory()
    middleware = SecurityLogMiddleware(lambda r: None)  # type: ignore[arg-type,return-value]
    with translation.override(language):
        return middleware.process_exception(request, error)


def test_the_web_maps_a_domain_error_to_its_page_in_the_users_language():
    invalid = InvalidInput(Text("Kies een datum.", "Choose a date."), field="date")

    english = _run_middleware(invalid, "en")
    dutch = _run_middleware(invalid, "nl")

    assert english.status_code == dutch.status_code == 422
    assert "Choose a date." in english.content.decode()
    assert "Kies een datum." in dutch.content.decode()
    assert not SecurityEvent.objects.exists()  # form trouble is no refused attempt


def test_the_web_maps_not_permitted_to_the_403_page_with_the_reason_and_records_it():
    refused = NotPermitted(Text("Alleen de gever schrijft het rapport.", "Only the giver writes the report."))

    response = _run_middleware(refused, "en")

    assert response.status_code == 403
    assert "Only the giver writes the report." in response.content.decode()
    event = SecurityEvent.objects.get()
    assert (event.kind, event.face, event.target_kind) == ("not_permitted", "web", "")


def test_recording_never_raises_into_the_request(cast, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("database gone")

    monkeypatch.setattr(SecurityEvent.objects, "bulk_create", broken)
    request = RequestFactory().get("/api/v1/cases/1")
    request.user = cast.stranger

    security_record(request, SecurityEvent.Kind.NOT_FOUND)  # logs, does not raise


# --- burst alerting -------------------------------------------------------------------------------


def test_a_burst_of_refusals_alerts_the_admins_once_per_window(cast, a_case, settings, caplog):
    settings.TM_SECURITY_BURST = 3
    settings.TM_SECURITY_BURST_WINDOW_SECONDS = 300
    settings.ADMINS = ["security@example.org"]
    client = api(cast.stranger)

    with caplog.at_level(logging.WARNING, logger="secondopinion.security"):
        statuses = [client.get(f"/api/v1/cases/{a_case.pk + n}").status_code for n in range(6)]

    assert statuses == [404] * 6
    assert SecurityEvent.objects.filter(actor=cast.stranger).count() == 6
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["security@example.org"]
    assert "vreemde" in message.body
    assert "Petra" not in message.body
    assert a_case.patient.bsn not in message.body
    alerts = [r for r in caplog.records if r.name == "secondopinion.security" and r.levelno >= logging.ERROR]
    assert len(alerts) == 1


def test_an_anonymous_burst_is_counted_by_address(db, settings):
    settings.TM_SECURITY_BURST = 2
    settings.ADMINS = ["security@example.org"]
    client = Client(secure=True, **AGENT)

    for n in range(4):
        client.get(f"/api/v1/cases/{n}/nothing-here")

    assert len(mail.outbox) == 1
    assert "192.0.2.7" in mail.outbox[0].body


def test_below_the_threshold_nobody_is_alerted(cast, a_case, settings):
    settings.TM_SECURITY_BURST = 20
    settings.ADMINS = ["security@example.org"]
    client = api(cast.stranger)

    for n in range(5):
        client.get(f"/api/v1/cases/{a_case.pk + n}")

    assert mail.outbox == []


# --- reading the log ------------------------------------------------------------------------------


@pytest.fixture
def events(cast, a_case):
    """A refusal of a stranger on the officer's organisation's case, one of the own coordinator, and
    one of another organisation's coordinator on another organisation's data."""
    api(cast.stranger).get(f"/api/v1/cases/{a_case.pk}")
    api(cast.coordinator).get("/api/v1/cases/999999")
    api(cast.other_coordinator).get(f"/api/v1/cases/{a_case.pk + 50}")
    assert SecurityEvent.objects.count() == 3


def test_the_officer_reads_the_events_of_their_organisation_over_the_api(cast, events):
    response = api(cast.complaints_officer).get("/api/v1/security-log")

    assert response.status_code == 200
    page = response.json()
    usernames = {item["username"] for item in page["items"]}
    # The stranger's attempt targeted the organisation's case; the coordinator is its own staff.
    assert usernames == {"vreemde", "coordinator"}
    assert page["count"] == 2
    read = SecurityEvent.objects.filter(kind="security_read", actor=cast.complaints_officer)
    assert read.count() == 1


def test_the_api_pages_and_filters(cast, events):
    client = api(cast.complaints_officer)

    # Each reading is itself in the log (the officer is staff of the organisation): page one kind.
    first = client.get("/api/v1/security-log", {"kind": "not_found", "limit": 1}).json()
    second = client.get("/api/v1/security-log", {"kind": "not_found", "limit": 1, "offset": 1}).json()
    by_user = client.get("/api/v1/security-log", {"user": "coordinator"}).json()
    by_kind = client.get("/api/v1/security-log", {"kind": "not_permitted"}).json()

    assert first["count"] == 2
    assert len(first["items"]) == 1
    assert second["count"] == 2
    assert first["items"][0]["id"] != second["items"][0]["id"]
    assert [item["username"] for item in by_user["items"]] == ["coordinator"]
    assert by_kind["items"] == []
    assert client.get("/api/v1/security-log", {"kind": "nonsense"}).status_code == 422


def test_a_superuser_reads_every_event(cast, events):
    superuser = UserFactory(username="beheer", is_staff=True, is_superuser=True)

    page = api(superuser).get("/api/v1/security-log", {"kind": "not_found"}).json()

    assert page["count"] == 3


@pytest.mark.parametrize("who", ["coordinator", "giver_user", "patient_user", "stranger"])
def test_nobody_else_finds_the_security_log(cast, events, who):
    assert api(getattr(cast, who)).get("/api/v1/security-log").status_code == 404


def test_an_officer_of_another_organisation_sees_none_of_these(cast, events):
    elsewhere = StaffFactory(
        organisation=OrganisationFactory(name="Elders"), function="complaints_officer", user=UserFactory()
    ).user

    assert api(elsewhere).get("/api/v1/security-log").json()["count"] == 0


def verified_client(username: str, user) -> Client:
    device = authenticator(user)
    client = Client()
    client.post(reverse("web:login"), {"username": username, "password": PASSWORD})
    client.post(reverse("web:otp-verify"), {"otp": code(device), "next": "/"})
    return client


@pytest.mark.second_factor
def test_the_officer_reads_the_log_on_the_web_after_the_second_factor_in_both_languages(cast, events):
    client = verified_client("klachten", cast.complaints_officer)

    dutch = client.get(reverse("web:security-log"), HTTP_ACCEPT_LANGUAGE="nl")
    english = client.get(
        reverse("web:security-log"), {"kind": "not_found", "user": "vreemde"}, HTTP_ACCEPT_LANGUAGE="en"
    )

    assert dutch.status_code == 200
    assert "Beveiligingslog" in dutch.content.decode()
    assert "niet gevonden" in dutch.content.decode()
    assert english.status_code == 200
    page = english.content.decode()
    assert "Security log" in page
    assert "vreemde" in page
    assert ">coordinator" not in page
    assert "anderepraktijk" not in page
    assert SecurityEvent.objects.filter(kind="security_read", face="web").count() == 2


@pytest.mark.second_factor
@pytest.mark.parametrize(
    ("language", "one", "two", "target", "everything", "filtered"),
    [
        (
            "nl",
            "1 gebeurtenis, nieuwste eerst",
            "2 gebeurtenissen, nieuwste eerst",
            "dit beveiligingslog",
            "zonder filter: alles",
            "soort beveiligingslog ingezien",
        ),
        (
            "en",
            "1 event, newest first",
            "2 events, newest first",
            "this security log",
            "no filter: everything",
            "kind security log read",
        ),
    ],
)
def test_the_web_log_speaks_in_words_with_the_right_number_and_no_seconds(
    cast, events, language, one, two, target, everything, filtered
):
    """Audit finding 12: "Doel: security_log", "Toelichting: all", "1 gebeurtenissen", 16:16:46."""
    import re

    from tests.reading import says, visible_text

    def rows(response) -> str:
        return visible_text(response.content.decode().split("<tbody>")[1].split("</tbody>")[0])

    client = verified_client("klachten", cast.complaints_officer)
    readings = {"kind": "security_read"}
    client.get(reverse("web:security-log"), HTTP_ACCEPT_LANGUAGE=language)  # a reading without filter

    first = client.get(reverse("web:security-log"), readings, HTTP_ACCEPT_LANGUAGE=language)
    second = client.get(reverse("web:security-log"), readings, HTTP_ACCEPT_LANGUAGE=language)

    assert one in visible_text(first.content.decode())
    assert two in visible_text(second.content.decode())
    shown = rows(second)
    assert target in shown
    assert everything in shown
    assert filtered in shown
    assert not says(shown, "security_log")
    assert not says(shown, "all")
    assert not re.search(r"\d{1,2}:\d{2}:\d{2}", visible_text(second.content.decode()))
    assert re.search(r"\d{4}, \d{2}:\d{2}", shown)


def test_without_the_second_factor_the_web_page_stays_closed(cast, events):
    client = Client(secure=True)
    client.force_login(cast.complaints_officer)

    response = client.get(reverse("web:security-log"))

    assert response.status_code == 403
    assert "vreemde" not in response.content.decode()
    assert not SecurityEvent.objects.filter(kind="security_read").exists()
