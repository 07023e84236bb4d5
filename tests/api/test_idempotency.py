"""POST /cases with an Idempotency-Key: a system that sends its request again, because the answer never
reached it, gets the case the first request made, never a second one; the same key with other fields
is refused and changes nothing (api/idempotency.py)."""

import threading
from datetime import timedelta

import pytest
from django.db import connection, connections
from django.utils import timezone

from secondopinion.api.models import IdempotentRequest
from secondopinion.audit.models import AccessEvent
from secondopinion.cases.models import SecondOpinionCase
from tests.api.conftest import ApiClient, case_body
from tests.performance.counting import measured
from tests.performance.test_query_counts import CASE_CREATE_MAX

pytestmark = pytest.mark.django_db

KEY = "5f0c2a8e-3b7d-4c1e-9a55-0d2b6f1e7c44"


def send(client: ApiClient, body: dict, key: str | None = KEY):
    extra = {} if key is None else {"HTTP_IDEMPOTENCY_KEY": key}
    return client.post("/cases", body, **extra)


def test_the_same_request_sent_again_answers_with_the_first_case(cast, api_as):
    client = api_as("patient_user")
    body = case_body(cast)

    first = send(client, body)
    again = send(client, body)

    assert first.status_code == 201, first.content
    assert again.status_code == 201, again.content
    assert again.json()["id"] == first.json()["id"]
    assert again.json()["reference"] == first.json()["reference"]
    assert again["Idempotent-Replayed"] == "true"
    assert "Idempotent-Replayed" not in first
    assert SecondOpinionCase.objects.filter(patient=cast.patient).count() == 1


def test_the_answer_sent_again_is_read_like_any_read_and_logged(cast, api_as):
    client = api_as("patient_user")
    body = case_body(cast)
    case_id = send(client, body).json()["id"]
    before = set(AccessEvent.objects.values_list("pk", flat=True))

    send(client, body)

    new = AccessEvent.objects.exclude(pk__in=before)
    assert [(e.actor_id, e.case_id, e.action, e.source) for e in new] == [
        (cast.patient_user.pk, case_id, "read", "api")
    ]


def test_the_answer_sent_again_shows_the_case_as_it_stands_now(cast, api_as, advance):
    client = api_as("patient_user")
    body = case_body(cast)
    case = SecondOpinionCase.objects.get(pk=send(client, body).json()["id"])
    advance(case, "accepted")

    again = send(client, body)

    assert again.json()["status"] == "accepted"


@pytest.mark.parametrize("language", ["nl", "en"])
def test_the_same_key_with_other_fields_is_refused_and_changes_nothing(cast, api_as, language):
    client = api_as("patient_user", language)
    send(client, case_body(cast))
    cases = SecondOpinionCase.objects.count()
    events = AccessEvent.objects.count()

    refused = send(client, case_body(cast, care_question="Een heel andere vraag over kroon 36?"))

    assert refused.status_code == 422
    problem = refused.json()
    assert problem["field"] == "Idempotency-Key"
    expected = {
        "nl": "Deze Idempotency-Key is al gebruikt voor een ander verzoek.",
        "en": "This Idempotency-Key was already used for a different request.",
    }[language]
    assert problem["detail"].startswith(expected)
    assert SecondOpinionCase.objects.count() == cases
    assert AccessEvent.objects.count() == events


def test_keys_are_each_users_own(cast, api_as):
    """Another patient's system choosing the same key makes its own case and learns nothing of Petra's."""
    petra = send(api_as("patient_user"), case_body(cast))
    otto = send(api_as("other_patient_user"), _otto_body(cast))

    assert otto.status_code == 201, otto.content
    assert otto.json()["id"] != petra.json()["id"]
    assert "Idempotent-Replayed" not in otto


def _otto_body(cast) -> dict:
    body = case_body(cast)
    body.pop("patient_id")  # a patient asking for herself need not name herself
    return body


def test_without_a_key_each_request_is_a_new_case(cast, api_as):
    client = api_as("patient_user")

    first = send(client, case_body(cast), key=None)
    second = send(client, case_body(cast), key=None)

    assert {first.status_code, second.status_code} == {201}
    assert first.json()["id"] != second.json()["id"]
    assert not IdempotentRequest.objects.exists()


def test_a_refused_request_holds_no_key(cast, api_as):
    """A first request refused for its input made nothing: the corrected request may use the same key."""
    client = api_as("patient_user")

    refused = send(client, case_body(cast, care_question=""))
    corrected = send(client, case_body(cast))

    assert refused.status_code == 422
    assert corrected.status_code == 201, corrected.content
    assert "Idempotent-Replayed" not in corrected
    assert IdempotentRequest.objects.get().case_id == corrected.json()["id"]


def test_a_key_is_kept_for_a_day(cast, api_as):
    client = api_as("patient_user")
    body = case_body(cast)
    first = send(client, body)
    IdempotentRequest.objects.update(created_at=timezone.now() - timedelta(hours=24, minutes=1))

    later = send(client, body)

    assert later.status_code == 201
    assert later.json()["id"] != first.json()["id"]
    assert "Idempotent-Replayed" not in later
    assert IdempotentRequest.objects.count() == 1  # the day-old key was forgotten


@pytest.mark.parametrize("key", ["", " ", "x" * 256, "sleutel\u00e9", "tab\tkey"])
def test_a_malformed_key_is_refused_by_name(cast, api_as, key):
    client = api_as("patient_user", "en")

    refused = send(client, case_body(cast), key=key)

    assert refused.status_code == 422, refused.content
    assert "Idempotency-Key" in refused.content.decode()
    assert not SecondOpinionCase.objects.exists()


def test_the_header_is_documented_on_the_create(client):
    document = client.get("/api/v1/openapi.json").json()
    create = document["paths"]["/api/v1/cases"]["post"]

    header = next(p for p in create["parameters"] if p["name"] == "Idempotency-Key")
    assert header["in"] == "header"
    assert not header.get("required", False)


def test_a_create_with_a_key_stays_within_its_query_ceiling(cast, api_as):
    """The key costs its own statements (forget day-old keys, hold this one, record the case) on top of
    the create's; far within the issue's ceiling of 12."""
    client = api_as("patient_user")
    send(client, case_body(cast), key="warm-up")  # the token's first use is recorded once

    count, response, queries = measured(
        lambda: send(client, case_body(cast, care_question="Is kroon 36 nodig?"))
    )

    assert response.status_code == 201, response.content
    assert count <= CASE_CREATE_MAX + 3, queries


@pytest.mark.django_db(transaction=True)
def test_two_requests_with_one_key_at_the_same_moment_make_one_case(cast):
    """On PostgreSQL two workers may take the same request at once: the second waits for the first's
    key and answers with its case."""
    if connection.vendor != "postgresql":
        pytest.skip("a real race needs PostgreSQL's concurrent transactions")
    clients = [ApiClient(cast.patient_user), ApiClient(cast.patient_user)]
    body = case_body(cast)
    start = threading.Barrier(2)
    answers: list = [None, None]

    def run(index: int) -> None:
        try:
            start.wait(timeout=10)
            answers[index] = send(clients[index], body)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert [a.status_code for a in answers] == [201, 201], [a.content for a in answers]
    assert answers[0].json()["id"] == answers[1].json()["id"]
    assert SecondOpinionCase.objects.filter(patient=cast.patient).count() == 1
    assert sum("Idempotent-Replayed" in a for a in answers) == 1
