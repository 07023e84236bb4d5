"""The wizard's check page sent twice (two tabs, a double click, a network retry) is one request: the
second sending lands on the case the first made, one after the other and at the same moment
(journey/once.py). A refused sending uses up nothing, and a changed answer gives a new key."""

import re
import threading
from typing import Any

import pytest
from django.contrib.messages import get_messages
from django.db import connections
from django.test import Client
from django.urls import reverse

from secondopinion.cases.models import SecondOpinionCase
from secondopinion.journey.models import UnlistedRequest, WizardSubmission
from tests.cases.test_concurrency import shared_database  # noqa: F401  (a fixture, used by name)
from tests.journey.test_wizard import url, walk
from tests.journey.test_wizard_audit_fixes import _walk_unlisted


def key_on(page) -> str:
    found = re.search(r'name="submit_key" value="([0-9a-f]{32})"', page.content.decode())
    assert found, "the check page carries no one-time key"
    return found.group(1)


@pytest.fixture
def patient(client, cast):
    client.force_login(cast.patient_user)
    return client


@pytest.mark.django_db
def test_the_same_check_page_sent_twice_gives_one_case_and_the_second_lands_on_it(patient, cast):
    walk(patient, cast)
    key = key_on(patient.get(url("summary")))

    first = patient.post(url("summary"), {"submit_key": key})
    again = patient.post(url("summary"), {"submit_key": key})

    case = SecondOpinionCase.objects.get()
    assert case.status == "submitted"
    assert first.status_code == again.status_code == 302
    assert first["Location"] == again["Location"] == reverse("web:case", args=[case.pk])
    said = [str(m) for m in get_messages(again.wsgi_request)]
    assert f"Deze aanvraag was al ingediend als {case.reference}." in said


@pytest.mark.django_db
def test_two_tabs_show_the_same_key_and_their_sendings_give_one_case(patient, cast):
    walk(patient, cast)
    first_tab, second_tab = key_on(patient.get(url("summary"))), key_on(patient.get(url("summary")))

    patient.post(url("summary"), {"submit_key": first_tab})
    patient.post(url("summary"), {"submit_key": second_tab})

    assert first_tab == second_tab
    assert SecondOpinionCase.objects.count() == 1


@pytest.mark.django_db
def test_a_sending_that_meets_the_first_one_halfway_lands_on_its_case(patient, cast, monkeypatch):
    """Both arrived before either was stored: the second finds the key taken when it writes it."""
    from secondopinion.journey import views

    walk(patient, cast)
    key = key_on(patient.get(url("summary")))
    answers = dict(patient.session["journey"])
    patient.post(url("summary"), {"submit_key": key})
    session = patient.session
    session["journey"] = answers  # the second request read the answers before the first removed them
    session.save()
    monkeypatch.setattr(views, "sent_before", lambda request: None)

    again = patient.post(url("summary"), {"submit_key": key})

    case = SecondOpinionCase.objects.get()
    assert again.status_code == 302
    assert again["Location"] == reverse("web:case", args=[case.pk])
    assert WizardSubmission.objects.get().case == case
    assert "journey" not in patient.session


@pytest.mark.django_db
def test_a_changed_answer_gives_the_check_page_a_new_key(patient, cast):
    walk(patient, cast)
    before = key_on(patient.get(url("summary")))

    patient.post(url("question"), {"care_question": "Is een kroon op 36 echt nodig, of kan een vulling?"})

    assert key_on(patient.get(url("summary"))) != before


@pytest.mark.django_db
def test_a_refused_sending_uses_up_nothing(client, cast):
    """A representative without the patient's consent (R8) is refused; nothing of the key is kept."""
    from secondopinion.directory.models import Representative

    Representative.objects.create(user=cast.representative, patient=cast.patient, relation="partner")
    client.force_login(cast.representative)
    walk(
        client,
        cast,
        who={"requester_kind": "representative", "represented": cast.patient.pk},
        consents={"own_practitioner_informed": "no", "patient_agrees": "on"},
    )
    key = key_on(client.get(url("summary")))

    refused = client.post(url("summary"), {"submit_key": key})

    assert refused.status_code == 422
    assert key_on(refused) == key
    assert not WizardSubmission.objects.exists()
    assert not SecondOpinionCase.objects.exists()


@pytest.mark.django_db
def test_a_key_of_someone_else_is_not_followed(patient, cast, client):
    walk(patient, cast)
    key = key_on(patient.get(url("summary")))
    patient.post(url("summary"), {"submit_key": key})
    other = Client()
    other.force_login(cast.stranger)

    response = other.post(url("summary"), {"submit_key": key})

    assert response.status_code == 302
    assert response["Location"] == url("who")  # his own (empty) wizard, not the patient's case


@pytest.mark.django_db
def test_a_request_with_a_practitioner_not_listed_is_sent_once_too(client, cast):
    client.force_login(cast.patient_user)
    _walk_unlisted(client, cast)
    key = key_on(client.get(url("summary")))

    first = client.post(url("summary"), {"submit_key": key})
    again = client.post(url("summary"), {"submit_key": key})

    assert UnlistedRequest.objects.count() == 1
    assert first["Location"] == again["Location"] == reverse("web:home")
    said = [str(m) for m in get_messages(again.wsgi_request)]
    assert any("al verstuurd" in text for text in said)


def _send(session: str, key: str, start: threading.Barrier, answers: list) -> None:
    try:
        client = Client()
        client.cookies["sessionid"] = session
        start.wait()
        answers.append(client.post(url("summary"), {"submit_key": key}))
    except BaseException as exc:
        answers.append(exc)
    finally:
        connections.close_all()


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("shared_database")
def test_the_same_check_page_sent_twice_at_once_gives_one_case(cast):
    patient = Client()
    patient.force_login(cast.patient_user)
    walk(patient, cast)
    key = key_on(patient.get(url("summary")))
    session = patient.cookies["sessionid"].value
    start, answers = threading.Barrier(2, timeout=60), list[Any]()
    threads = [
        threading.Thread(target=_send, args=(session, key, start, answers), daemon=True) for _ in range(2)
    ]

    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
        assert not thread.is_alive(), "a racing thread did not end within 2 minutes"

    case = SecondOpinionCase.objects.get()
    assert [getattr(answer, "status_code", answer) for answer in answers] == [302, 302]
    assert {answer["Location"] for answer in answers} == {reverse("web:case", args=[case.pk])}
    assert WizardSubmission.objects.get().case == case


@pytest.mark.django_db
def test_the_key_costs_the_check_page_one_session_write_and_a_repeat_sending_few_queries(patient, cast):
    """The key is made once per check (one write of the session, when it is first shown); showing the
    page again costs nothing more; a repeat sending is one look-up and the landing."""
    from tests.performance.counting import measured

    walk(patient, cast)
    patient.get(url("summary"))  # warm: the tariffs and planned days are read once per process
    walk(patient, cast)  # an answer given again: the key is made anew
    first, page, first_sql = measured(lambda: patient.get(url("summary")))
    shown, _page, shown_sql = measured(lambda: patient.get(url("summary")))
    key = key_on(page)
    patient.post(url("summary"), {"submit_key": key})
    again, answer, again_sql = measured(lambda: patient.post(url("summary"), {"submit_key": key}))

    assert answer.status_code == 302
    assert first == shown + 1, first_sql
    assert 'UPDATE "django_session"' in first_sql
    assert "django_session" not in shown_sql.split("\n", 1)[1], shown_sql
    assert again <= 5, again_sql
