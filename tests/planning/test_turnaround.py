"""The organisation's turnaround (planning/turnaround.py): the median and 90th percentile of the days from
request to final report, per protocol and per month, for the organisation's coordinators only, in a
fixed number of queries, as a page and as CSV."""

import csv
import datetime as dt
import io
import zoneinfo

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from secondopinion.audit.models import AccessEvent
from secondopinion.cases.models import SecondOpinionCase, StatusChange
from secondopinion.planning.turnaround import turnaround_figures
from tests.conftest import submit_input

pytestmark = pytest.mark.django_db

AMSTERDAM = zoneinfo.ZoneInfo("Europe/Amsterdam")


def client_for(user, language: str = "nl") -> Client:
    client = Client(secure=True, HTTP_ACCEPT_LANGUAGE=language)
    client.force_login(user)
    return client


def reported(cast, submit, days: int, *, final_on: dt.date = dt.date(2026, 11, 20), **overrides):
    """A case whose report became final `days` calendar days after the request."""
    case = submit(**overrides)
    final = dt.datetime.combine(final_on, dt.time(14, 0), tzinfo=AMSTERDAM)
    SecondOpinionCase.objects.filter(pk=case.pk).update(created_at=final - dt.timedelta(days=days, hours=3))
    change = StatusChange.objects.create(
        case=case,
        from_status="report_draft",
        to_status="report_final",
        actor=cast.giver_user,
        actor_role="giver",
    )
    StatusChange.objects.filter(pk=change.pk).update(at=final)
    return case


def test_the_coordinator_reads_median_and_90th_percentile_per_protocol_and_month(cast, submit):
    for days in (10, 20, 40):
        reported(cast, submit, days)
    reported(cast, submit, 30, final_on=dt.date(2026, 10, 5))

    response = client_for(cast.coordinator).get(reverse("planning:turnaround"))

    assert response.status_code == 200
    page = response.content.decode()
    assert "Doorlooptijden" in page
    assert "Mondzorg Centrum Oost" in page
    assert "Tandarts (KNMT-praktijkrichtlijn)" in page  # the protocol by its name, never its code
    assert "dental-knmt" not in page
    assert "november 2026" in page
    assert "oktober 2026" in page
    # November: 10, 20, 40 days → median 20, 90th percentile 36; all months: 10, 20, 30, 40 → 25 and 37.
    assert "36,0" in page
    assert "25,0" in page
    assert "37,0" in page


def test_the_figures_group_by_organisation_protocol_and_month():
    at = dt.datetime(2026, 11, 20, 12, tzinfo=AMSTERDAM)
    rows = [
        (1, "dental-knmt", at - dt.timedelta(days=10), at),
        (1, "dental-knmt", at - dt.timedelta(days=30), at - dt.timedelta(days=30)),
        (1, "medical-specialist", at - dt.timedelta(days=50), at),
    ]

    (figures,) = turnaround_figures({1: "Praktijk"}, rows)

    assert [(r.protocol, r.count, r.median) for r in figures.by_protocol] == [
        ("dental-knmt", 2, 5.0),
        ("medical-specialist", 1, 50.0),
    ]
    assert [(r.month, r.protocol, r.count) for r in figures.by_month] == [
        (dt.date(2026, 10, 1), "dental-knmt", 1),
        (dt.date(2026, 11, 1), "dental-knmt", 1),
        (dt.date(2026, 11, 1), "medical-specialist", 1),
    ]


def test_the_page_costs_the_same_for_3_reports_or_30(cast, submit):
    client = client_for(cast.coordinator)
    for days in range(3):
        reported(cast, submit, 10 + days)
    client.get(reverse("planning:turnaround"))
    with CaptureQueriesContext(connection) as few:
        assert client.get(reverse("planning:turnaround")).status_code == 200
    for days in range(27):
        reported(cast, submit, 10 + days, final_on=dt.date(2026, 1 + days % 11, 3))
    with CaptureQueriesContext(connection) as many:
        assert client.get(reverse("planning:turnaround")).status_code == 200

    assert len(many.captured_queries) == len(few.captured_queries) <= 12


def test_reading_the_figures_is_logged_without_a_patient(cast, submit):
    reported(cast, submit, 12)

    client_for(cast.coordinator).get(reverse("planning:turnaround"))
    client_for(cast.coordinator).get(reverse("planning:turnaround-csv"))

    events = AccessEvent.objects.filter(data="turnaround").order_by("id")
    assert [(e.action, e.role, e.patient_id, e.case_id) for e in events] == [
        ("read", "coordinator", None, None),
        ("export", "coordinator", None, None),
    ]


def test_the_csv_holds_the_same_figures(cast, submit):
    for days in (10, 20, 40):
        reported(cast, submit, days)

    response = client_for(cast.coordinator, "en").get(reverse("planning:turnaround-csv"))

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0] == [
        "Organisation",
        "Protocol",
        "Month",
        "Reports",
        "Median (days)",
        "90th percentile (days)",
    ]
    assert rows[1][0] == "Mondzorg Centrum Oost"
    assert rows[1][2:] == ["all months", "3", "20.0", "36.0"]
    assert rows[2][2:] == ["2026-11", "3", "20.0", "36.0"]


def test_another_organisations_coordinator_sees_only_their_own(cast, submit):
    reported(cast, submit, 12)

    response = client_for(cast.other_coordinator).get(reverse("planning:turnaround"))

    assert response.status_code == 200
    page = response.content.decode()
    assert "Tandartsen aan de Gracht" in page
    assert "Mondzorg Centrum Oost" not in page
    assert "Er is nog geen rapport definitief." in page


@pytest.mark.parametrize(
    "who", ["patient_user", "giver_user", "treating_user", "complaints_officer", "stranger"]
)
def test_anyone_who_coordinates_nothing_finds_no_such_page(cast, submit, who):
    reported(cast, submit, 12)

    for name in ("planning:turnaround", "planning:turnaround-csv"):
        response = client_for(getattr(cast, who)).get(reverse(name))
        assert response.status_code == 404
        assert "Mondzorg Centrum Oost" not in response.content.decode()
    assert not AccessEvent.objects.filter(data="turnaround").exists()


def test_the_menu_offers_the_page_to_a_coordinator_only(cast):
    home = reverse("web:home")
    link = reverse("planning:turnaround")

    assert link in client_for(cast.coordinator).get(home).content.decode()
    assert link not in client_for(cast.patient_user).get(home).content.decode()


def test_reminders_of_overdue_steps_are_listed_for_the_coordinator(cast, submit):
    from django.utils import timezone

    from secondopinion.planning.reminders import overdue_steps_remind

    case = submit(**{"care_question": submit_input(cast).care_question})
    overdue_steps_remind(today=timezone.localdate() + dt.timedelta(days=9))

    page = client_for(cast.coordinator).get(reverse("planning:turnaround")).content.decode()

    assert case.reference in page
    assert "herinnerd op" in page
