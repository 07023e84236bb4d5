"""A message form sent twice (a double click, a retry, a second tab) is one message; the same words
written again in a fresh form are a second one. Each form the case page shows carries its own
one-time key (aftercare/forms.py MessageForm.form_key), and the service keeps the first message sent
with it (aftercare/services.py message_send), on the case it locks."""

import re
import threading

import pytest
from django.db import connections
from django.test import Client
from django.urls import reverse

from secondopinion.aftercare.models import Message
from secondopinion.aftercare.services import message_send
from secondopinion.audit.models import AccessEvent
from tests.cases.test_concurrency import shared_database  # noqa: F401  (a fixture, used by name)

BODY = "Kan de afspraak een week later?"


def client_for(user, language: str = "nl") -> Client:
    client = Client(secure=True, HTTP_ACCEPT_LANGUAGE=language)
    client.force_login(user)
    return client


def form_key(client: Client, case_id: int) -> str:
    """The key of the message form on the case page, as the browser would send it back."""
    page = client.get(reverse("web:case", args=[case_id])).content.decode()
    form = page[page.index(reverse("aftercare:message-send", args=[case_id])) :]
    found = re.search(r'name="form_key" value="([0-9a-f]{32})"', form[: form.index("</form>")])
    assert found, "the message form carries no one-time key"
    return found.group(1)


@pytest.mark.django_db
def test_the_same_form_posted_twice_gives_one_message(cast, a_case):
    patient = client_for(cast.patient_user)
    sent = {"body": BODY, "form_key": form_key(patient, a_case.pk)}
    url = reverse("aftercare:message-send", args=[a_case.pk])

    first = patient.post(url, sent)
    again = patient.post(url, sent)

    assert (first.status_code, again.status_code) == (302, 302)
    assert again["Location"] == first["Location"]
    assert list(Message.objects.values_list("body", flat=True)) == [BODY]
    assert AccessEvent.objects.filter(data="message", action="create").count() == 1


@pytest.mark.django_db
def test_the_same_words_in_a_fresh_form_are_a_second_message(cast, a_case):
    patient = client_for(cast.patient_user)
    url = reverse("aftercare:message-send", args=[a_case.pk])

    patient.post(url, {"body": BODY, "form_key": form_key(patient, a_case.pk)})
    patient.post(url, {"body": BODY, "form_key": form_key(patient, a_case.pk)})

    assert list(Message.objects.values_list("body", flat=True)) == [BODY, BODY]


@pytest.mark.django_db
def test_each_showing_of_the_page_has_a_new_key_and_the_key_is_not_visible_text(cast, a_case):
    patient = client_for(cast.patient_user)

    first, second = form_key(patient, a_case.pk), form_key(patient, a_case.pk)

    assert first != second
    page = patient.get(reverse("web:case", args=[a_case.pk])).content.decode()
    assert 'type="hidden" name="form_key"' in page
    assert '<label for="id_form_key"' not in page


@pytest.mark.django_db
def test_a_refused_form_keeps_its_key_so_the_corrected_send_is_the_only_message(cast, a_case):
    patient = client_for(cast.patient_user)
    key = form_key(patient, a_case.pk)
    url = reverse("aftercare:message-send", args=[a_case.pk])

    refused = patient.post(url, {"body": "", "form_key": key})

    assert refused.status_code == 422
    assert f'name="form_key" value="{key}"' in refused.content.decode()
    assert patient.post(url, {"body": BODY, "form_key": key}).status_code == 302
    assert Message.objects.count() == 1


@pytest.mark.django_db
def test_without_a_key_or_with_a_malformed_one_each_post_is_a_message_as_before(cast, a_case):
    """A client that sends no key (an old page, the API) is not held to one message per form."""
    for key in ("", "not-a-key"):
        message_send(actor=cast.patient_user, case_id=a_case.pk, body=BODY, source="web", form_key=key)
        message_send(actor=cast.patient_user, case_id=a_case.pk, body=BODY, source="web", form_key=key)

    assert Message.objects.count() == 4
    assert set(Message.objects.values_list("form_key", flat=True)) == {""}


@pytest.mark.django_db
def test_another_author_with_the_same_key_is_not_taken_for_the_first(cast, a_case):
    key = "0" * 32
    message_send(actor=cast.patient_user, case_id=a_case.pk, body=BODY, source="web", form_key=key)
    message_send(actor=cast.coordinator, case_id=a_case.pk, body="Dat kan.", source="web", form_key=key)

    assert Message.objects.count() == 2


def _send(url: str, session: str, data: dict, start: threading.Barrier, answers: list) -> None:
    try:
        client = Client(secure=True, HTTP_ACCEPT_LANGUAGE="nl")
        client.cookies["sessionid"] = session
        start.wait()
        answers.append(client.post(url, data).status_code)
    except BaseException as exc:
        answers.append(exc)
    finally:
        connections.close_all()


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("shared_database")
def test_the_same_form_posted_twice_at_once_gives_one_message(cast, a_case):
    patient = client_for(cast.patient_user)
    data = {"body": BODY, "form_key": form_key(patient, a_case.pk)}
    url = reverse("aftercare:message-send", args=[a_case.pk])
    session = patient.cookies["sessionid"].value
    start, answers = threading.Barrier(2, timeout=60), list[object]()
    threads = [
        threading.Thread(target=_send, args=(url, session, data, start, answers), daemon=True)
        for _ in range(2)
    ]

    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
        assert not thread.is_alive(), "a racing thread did not end within 2 minutes"

    assert answers == [302, 302]
    assert Message.objects.filter(case_id=a_case.pk).count() == 1
