"""Expected durations per step: the protocol's defaults, an organisation's own days over them, and the
expected date of each next step from the case's timeline, overdue once past; shown on the patient's and
the staff's case page."""

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from secondopinion.cases.models import StatusChange
from secondopinion.planning.models import StepDuration
from secondopinion.planning.selectors import case_expected_steps, step_days
from secondopinion.protocols.durations import DEFAULT_DAYS, expected_steps, total_days
from secondopinion.protocols.lifecycle import Status

pytestmark = pytest.mark.django_db

D = dt.date
DAYS = DEFAULT_DAYS["dental-knmt"]


def test_a_submitted_case_expects_each_step_after_the_one_before():
    steps = expected_steps(status="submitted", entered_on=D(2026, 3, 2), days=DAYS, today=D(2026, 3, 2))

    assert [s.status for s in steps] == [
        Status.ACCEPTED,
        Status.ASSIGNED,
        Status.INFORMED,
        Status.IN_EXAMINATION,
        Status.REPORT_DRAFT,
        Status.REPORT_FINAL,
        Status.CLOSED,
    ]
    assert steps[0].due == D(2026, 3, 7)  # 5 days
    assert steps[1].due == D(2026, 3, 14)  # 7 more
    assert not any(s.overdue for s in steps)


def test_the_next_step_is_due_on_its_last_day_and_overdue_the_day_after():
    on_time = expected_steps(status="submitted", entered_on=D(2026, 3, 2), days=DAYS, today=D(2026, 3, 7))
    late = expected_steps(status="submitted", entered_on=D(2026, 3, 2), days=DAYS, today=D(2026, 3, 8))

    assert not on_time[0].overdue
    assert late[0].overdue
    # The steps after a late one are counted from today, and are not late themselves.
    assert late[1].due == D(2026, 3, 15)
    assert not late[1].overdue


def test_gathering_records_waits_for_the_examination():
    steps = expected_steps(
        status="gathering_records", entered_on=D(2026, 1, 1), days=DAYS, today=D(2026, 1, 1)
    )

    assert steps[0].status == Status.IN_EXAMINATION
    assert steps[0].due == D(2026, 1, 15)


@pytest.mark.parametrize("status", ["closed", "redirected", "refused", "withdrawn", "no-such-state"])
def test_an_ended_case_expects_nothing(status):
    assert expected_steps(status=status, entered_on=D(2026, 1, 1), days=DAYS, today=D(2026, 1, 1)) == []


def test_a_hospital_plans_further_ahead_than_a_dental_practice():
    assert total_days(DEFAULT_DAYS["medical-specialist"]) > total_days(DEFAULT_DAYS["dental-knmt"])
    assert total_days(DAYS) == 5 + 7 + 14 + 7 + 14 + 7


def test_an_organisation_sets_its_own_days_for_a_protocol_only(cast):
    StepDuration.objects.create(
        organisation=cast.giving_practice, protocol="dental-knmt", status="submitted", days=2
    )

    own = step_days(organisation_id=cast.giving_practice.pk, protocol="dental-knmt")
    other_protocol = step_days(organisation_id=cast.giving_practice.pk, protocol="medical-specialist")
    other_practice = step_days(organisation_id=cast.other_practice.pk, protocol="dental-knmt")

    assert own[Status.SUBMITTED] == 2
    assert own[Status.ACCEPTED] == DAYS[Status.ACCEPTED]
    assert other_protocol[Status.SUBMITTED] == DEFAULT_DAYS["medical-specialist"][Status.SUBMITTED]
    assert other_practice[Status.SUBMITTED] == DAYS[Status.SUBMITTED]


def test_days_out_of_range_are_refused_on_their_field(cast):
    from django.core.exceptions import ValidationError

    row = StepDuration(organisation=cast.giving_practice, protocol="dental-knmt", status="submitted", days=0)

    with pytest.raises(ValidationError) as caught:
        row.full_clean()

    assert list(caught.value.message_dict) == ["days"]


def _entered(case, days_ago: int) -> None:
    """Move the case's last status change (its entry into the state it is in) back in time."""
    at = timezone.now() - dt.timedelta(days=days_ago)
    last = StatusChange.objects.filter(case=case).order_by("-at", "-id").first()
    StatusChange.objects.filter(pk=last.pk).update(at=at)
    type(case).objects.filter(pk=case.pk).update(created_at=at)


def test_the_case_timeline_gives_the_next_steps_date(cast, a_case, advance):
    case = advance(a_case, "assigned")
    _entered(case, 3)
    case.refresh_from_db()

    steps = case_expected_steps(case)

    assert steps[0].status == Status.INFORMED
    assert steps[0].due == timezone.localdate() - dt.timedelta(days=3) + dt.timedelta(
        days=DAYS[Status.ASSIGNED]
    )
    assert not steps[0].overdue


def page(user, case, language: str) -> str:
    client = Client()
    client.force_login(user)
    response = client.get(reverse("web:case", args=[case.pk]), HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 200
    return response.content.decode()


def test_the_patient_reads_the_next_steps_date_and_that_it_is_late(cast, a_case):
    _entered(a_case, 30)
    due = timezone.localdate() - dt.timedelta(days=30) + dt.timedelta(days=DAYS[Status.SUBMITTED])

    dutch = page(cast.patient_user, a_case, "nl")
    english = page(cast.patient_user, a_case, "en")

    assert f"Volgende stap: de praktijk beoordeelt uw aanvraag. Verwacht uiterlijk {due.day} " in dutch
    assert "Dit duurt langer dan verwacht." in dutch
    assert f"Next step: the practice reviews your request. Expected by {due.day} " in english
    assert "This is taking longer than expected." in english
    assert "Your advice is ready: expected by" in english


def test_the_patient_reads_no_lateness_when_on_time(cast, a_case):
    assert "Dit duurt langer dan verwacht." not in page(cast.patient_user, a_case, "nl")


def test_the_coordinator_reads_the_next_step_and_overdue_beside_the_status(cast, a_case):
    _entered(a_case, 30)

    dutch = page(cast.coordinator, a_case, "nl")
    english = page(cast.coordinator, a_case, "en")

    assert "Volgende stap: geaccepteerd, verwacht uiterlijk" in dutch
    assert "<strong>Te laat</strong>" in dutch
    assert "Next step: accepted, expected by" in english
    assert "<strong>Overdue</strong>" in english


def test_a_closed_case_shows_no_next_step(cast, a_case, advance):
    case = advance(a_case, "closed")

    assert "next-step-due" not in page(cast.coordinator, case, "en")
    assert "Your request has ended: there are no next steps." in page(cast.patient_user, case, "en")
