"""Two users writing one case at the same moment, on PostgreSQL with its real row locks: each racer in
its own thread and database connection, all released at once by a barrier.

Where the writes exclude each other (the same step twice, a step against the patient's withdrawal,
the report finalised from two tabs, a complaint decided while it is being extended) exactly one wins:
the other is answered with a clear refusal in its own language that names the reason, and nothing is
written twice (one status change, one access-log event per write that won, one billing line, one
sealed report). Where both may happen (two documents uploaded at once) both are there, each with its
event. Afterwards the access log's chains verify (`manage.py verify_audit`).

Double-submitted forms (the same POST twice at the same moment) are raced in tests/web/test_message_once.py
and tests/journey/test_submit_once.py; the API's case create has no idempotency key (see the report).

Runs only against PostgreSQL (`DATABASE_URL=postgres://… make test`): SQLite serialises every writer
on one database lock, which is no race at all."""

import io
import threading
from collections.abc import Callable
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import connection, connections
from django.test import Client
from django.urls import reverse

from secondopinion.aftercare.complaints import (
    complaint_acknowledge,
    complaint_decide,
    complaint_extend,
    complaint_file,
    complaint_start_handling,
)
from secondopinion.aftercare.models import Complaint
from secondopinion.api.models import ApiToken
from secondopinion.audit.models import AccessEvent
from secondopinion.billing.models import BillingLine
from secondopinion.cases.models import SecondOpinionCase, StatusChange
from secondopinion.core.errors import DomainError
from secondopinion.documents.models import Document
from secondopinion.reports.models import Report
from tests.api.conftest import ApiClient
from tests.conftest import HAPPY_PATH
from tests.documents.files import png
from tests.factories import StaffFactory, UserFactory
from tests.reading import visible_text

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL (DATABASE_URL)"),
    pytest.mark.usefixtures("transactional_db"),
]


def race(*attempts: Callable[[], object]) -> list[object]:
    """Run each attempt in its own thread (its own connection), all released at once; what each
    returned, or the exception it raised."""
    start = threading.Barrier(len(attempts), timeout=60)
    outcomes: list[object] = [None] * len(attempts)

    def run(i: int, attempt: Callable[[], object]) -> None:
        try:
            start.wait()
            outcomes[i] = attempt()
        except Exception as exc:
            outcomes[i] = exc
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i, a), daemon=True) for i, a in enumerate(attempts)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
        assert not thread.is_alive(), "a racing thread did not end within 2 minutes"
    return outcomes


def assert_log_verifies() -> None:
    out = io.StringIO()
    call_command("verify_audit", "--workers", "1", stdout=out)
    assert any(line.startswith("OK: ") for line in out.getvalue().splitlines()), out.getvalue()


def one_winner(answers: list, winning: int = 200) -> tuple[int, object]:
    """The index of the one answer with `winning` status, and the other (a 409 problem)."""
    statuses = [answer.status_code for answer in answers]
    assert sorted(statuses) == sorted([winning, 409]), [a.content[:300] for a in answers]
    won = statuses.index(winning)
    lost = answers[1 - won]
    assert lost["Content-Type"] == "application/problem+json"
    return won, lost.json()


def second_coordinator(cast):
    return StaffFactory(organisation=cast.giving_practice, user=UserFactory(username="coordinator2")).user


ACCEPT = {"to": "accepted", "classification": "second_opinion"}


def test_the_same_step_taken_twice_at_once_over_the_api_and_the_web_is_taken_once_the_loser_told_why(
    cast, submit
):
    api_same_step(cast, submit)
    web_same_step(cast, submit)


def api_same_step(cast, submit) -> None:
    case = submit()
    dutch, english = ApiClient(cast.coordinator, "nl"), ApiClient(second_coordinator(cast), "en")
    path = f"/cases/{case.pk}/transitions"

    answers = race(lambda: dutch.post(path, ACCEPT), lambda: english.post(path, ACCEPT))

    won, problem = one_winner(answers)
    # The loser reads, in his own language, that the step has been taken already.
    assert (
        problem["detail"]
        == [
            "This step has already been taken: the case is already 'accepted'.",
            "Deze stap is al gezet: de casus is al 'geaccepteerd'.",
        ][won]
    ), problem
    assert list(StatusChange.objects.filter(case=case).values_list("to_status", flat=True)) == [
        "submitted",
        "accepted",
    ]
    assert AccessEvent.objects.filter(case=case, action="update", data="case:accept").count() == 1
    assert SecondOpinionCase.objects.get(pk=case.pk).version == case.version + 1
    assert_log_verifies()


def web_same_step(cast, submit) -> None:
    """A double click on the web: one answer goes back to the case, the other shows the case page
    (409) saying in Dutch that the step has been taken already."""
    case = submit()
    tabs = []
    for _ in range(2):
        tab = Client(secure=True, HTTP_ACCEPT_LANGUAGE="nl")
        tab.force_login(cast.coordinator)
        tabs.append(tab)
    url = reverse("web:step-accept", args=[case.pk])
    form = {"note": "", "confirmed": "yes"}

    answers = race(lambda: tabs[0].post(url, form), lambda: tabs[1].post(url, form))

    assert sorted(a.status_code for a in answers) == [302, 409], [a.status_code for a in answers]
    refused = next(a for a in answers if a.status_code == 409)
    assert "Deze stap is al gezet: de casus is al 'geaccepteerd'." in visible_text(refused.content.decode())
    assert StatusChange.objects.filter(case=case, to_status="accepted").count() == 1
    assert AccessEvent.objects.filter(case=case, action="update", data="case:accept").count() == 1
    assert_log_verifies()


def test_a_step_and_the_patients_withdrawal_at_once_end_as_one_order_allows_the_loser_told_why(cast, submit):
    versioned_withdrawal(cast, submit)
    unversioned_withdrawal(cast, submit)


def versioned_withdrawal(cast, submit) -> None:
    """Both sent from the case as they saw it (`expected_version`): whichever commits first, the other
    was decided on a case that has since changed."""
    case = submit()
    patient, coordinator = ApiClient(cast.patient_user, "nl"), ApiClient(cast.coordinator, "en")
    path = f"/cases/{case.pk}/transitions"
    version = {"expected_version": case.version}

    answers = race(
        lambda: patient.post(path, {"to": "withdrawn", **version}),
        lambda: coordinator.post(path, {**ACCEPT, **version}),
    )

    won, problem = one_winner(answers)
    stored = SecondOpinionCase.objects.get(pk=case.pk)
    assert stored.status == ["withdrawn", "accepted"][won]
    # The loser is told, in his own language, that the case changed meanwhile (checked before its
    # turn came) or what it has become (its turn came after the other's commit).
    told = [
        ("Reload the case.", "Cannot go from 'withdrawn' to 'accepted'."),
        ("Laad de casus opnieuw.", "Van 'geaccepteerd' kan niet naar 'ingetrokken'."),
    ][won]
    assert any(part in problem["detail"] for part in told), problem
    changes = list(StatusChange.objects.filter(case=case).values_list("to_status", flat=True))
    assert changes == ["submitted", stored.status]
    steps = AccessEvent.objects.filter(case=case, action="update", data__startswith="case:")
    assert steps.count() == 1
    assert_log_verifies()


def unversioned_withdrawal(cast, submit) -> None:
    """Without a version each is judged on the case as it is when its turn comes: accepted then
    withdrawn are both kept; withdrawn first leaves the acceptance refused, saying why."""
    case = submit()
    patient, coordinator = ApiClient(cast.patient_user, "nl"), ApiClient(cast.coordinator, "en")
    path = f"/cases/{case.pk}/transitions"

    withdrawn, accepted = race(
        lambda: patient.post(path, {"to": "withdrawn"}), lambda: coordinator.post(path, ACCEPT)
    )

    assert withdrawn.status_code == 200, withdrawn.content[:300]  # she may withdraw before or after
    stored = SecondOpinionCase.objects.get(pk=case.pk)
    assert stored.status == "withdrawn"
    changes = list(StatusChange.objects.filter(case=case).values_list("to_status", flat=True))
    if accepted.status_code == 200:
        assert changes == ["submitted", "accepted", "withdrawn"]
    else:
        assert accepted.status_code == 409, accepted.content[:300]
        assert "withdrawn" in accepted.json()["detail"].lower(), accepted.json()
        assert changes == ["submitted", "withdrawn"]
    steps = AccessEvent.objects.filter(case=case, action="update", data__startswith="case:")
    assert steps.count() == len(changes) - 1
    assert_log_verifies()


def test_the_report_finalised_twice_at_once_is_sealed_billed_and_recorded_once(cast, submit, advance):
    case = advance(submit(), "report_draft")
    values = next(values for to, _actor, values in HAPPY_PATH if to == "report_final")
    first, second = ApiClient(cast.giver_user, "nl"), ApiClient(cast.giver_user, "en")
    path = f"/cases/{case.pk}/transitions"
    body = {"to": "report_final", **values}

    answers = race(lambda: first.post(path, body), lambda: second.post(path, body))

    won, problem = one_winner(answers)
    assert problem["detail"].startswith(["This step has already been taken", "Deze stap is al gezet"][won]), (
        problem
    )
    report = Report.objects.get(case=case)
    assert report.state == "final"
    assert report.content_hash
    assert StatusChange.objects.filter(case=case, to_status="report_final").count() == 1
    assert AccessEvent.objects.filter(case=case, action="update", data="case:finalise").count() == 1
    lines = list(BillingLine.objects.filter(case=case).values_list("tariff__code", flat=True))
    assert len(lines) == len(set(lines)), lines
    assert_log_verifies()


def test_two_documents_uploaded_at_once_are_both_kept_each_with_its_event(cast, submit):
    case = submit()
    _token, secret = ApiToken.issue(user=cast.patient_user, name="uploads")

    def upload(name: str):
        return Client().post(
            f"/api/v1/cases/{case.pk}/documents",
            {"purpose": "patient_brought", "file": SimpleUploadedFile(name, png(), "image/png")},
            HTTP_AUTHORIZATION=f"Bearer {secret}",
            HTTP_ACCEPT_LANGUAGE="nl",
        )

    answers = race(lambda: upload("links.png"), lambda: upload("rechts.png"))

    assert [a.status_code for a in answers] == [201, 201], [a.content[:300] for a in answers]
    ids = {a.json()["id"] for a in answers}
    assert set(Document.objects.filter(case=case).values_list("pk", flat=True)) == ids
    events = AccessEvent.objects.filter(case=case, action="create", data__startswith="document")
    assert events.count() == 2, list(events.values_list("data", flat=True))
    assert_log_verifies()


def test_a_complaint_decided_while_it_is_extended_ends_as_one_order_of_the_two_allows(cast, submit):
    case = submit()
    complaint = complaint_file(
        actor=cast.patient_user, case_id=case.pk, text="De kosten zijn nooit uitgelegd.", source="web"
    )
    officer = cast.complaints_officer
    complaint_acknowledge(actor=officer, complaint_id=complaint.pk, source="web")
    complaint = complaint_start_handling(actor=officer, complaint_id=complaint.pk, source="web")
    logged_before = AccessEvent.objects.filter(case=case, data="complaint", action="update").count()

    def decide() -> Complaint:
        return complaint_decide(
            actor=officer,
            complaint_id=complaint.pk,
            judgment="well_founded",
            decision="Gegrond: de uitleg over de kosten ontbrak.",
            source="web",
        )

    def extend() -> Complaint:
        until = complaint.decide_by + timedelta(weeks=4)
        return complaint_extend(
            actor=officer, complaint_id=complaint.pk, until=until, reason="Wacht op de gever.", source="web"
        )

    decided, extended = race(decide, extend)

    stored = Complaint.objects.get(pk=complaint.pk)
    assert isinstance(decided, Complaint), decided  # deciding is allowed before or after an extension
    assert stored.state == "decided"
    if isinstance(extended, Complaint):  # extended first, then decided: both kept
        assert stored.extended_at is not None
        won = 2
    else:  # decided first: extending a decided complaint is refused, in both languages, saying why
        assert isinstance(extended, DomainError), extended
        assert "beslist" in extended.detail.nl
        assert "decided" in extended.detail.en.lower()
        assert stored.extended_at is None
        won = 1
    logged = AccessEvent.objects.filter(case=case, data="complaint", action="update").count()
    assert logged - logged_before == won
    assert_log_verifies()
