"""Outcomes: the giver records what the opinion did to the diagnosis and the treatment; the organisation's
coordinators and complaints officers read them in numbers beside the Mayo figures (Van Such et al. 2017),
as a page with a server-drawn chart and as CSV. Everyone else finds nothing."""

import csv
import io

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from secondopinion.aftercare.models import Outcome
from secondopinion.aftercare.outcomes import followed_advice, outcome_record, outcome_table
from secondopinion.aftercare.services import evaluation_record
from secondopinion.audit.models import AccessEvent
from secondopinion.cases.services import case_transition
from secondopinion.core.errors import InvalidInput, NotFound, NotPermitted, TransitionNotAllowed
from tests.conftest import step_input

pytestmark = pytest.mark.django_db


def client_for(user, language="nl") -> Client:
    client = Client(secure=True, HTTP_ACCEPT_LANGUAGE=language)
    client.force_login(user)
    return client


def record(cast, case, diagnosis, treatment):
    return outcome_record(
        actor=cast.giver_user, case_id=case.pk, diagnosis=diagnosis, treatment=treatment, source="web"
    )


@pytest.fixture
def built(cast, submit, advance):
    """Six second opinions built through the services, with the outcome the giver recorded, how each
    was closed (R27) and the patient's own evaluation where given:

    case  diagnosis  treatment  closed with          evaluation        followed advice
    1     confirmed  confirmed  accept_opinion       —                 yes
    2     refined    changed    continue_treatment   accept_opinion    yes (the evaluation counts)
    3     refined    refined    other_practitioner   —                 no
    4     changed    changed    undecided            —                 unknown
    5     refined    confirmed  (report final)       —                 unknown
    6     no outcome recorded (closed)                                 not counted
    """
    plan = [
        ("confirmed", "confirmed", "accept_opinion", None),
        ("refined", "changed", "continue_treatment", "accept_opinion"),
        ("refined", "refined", "other_practitioner", None),
        ("changed", "changed", "undecided", None),
        ("refined", "confirmed", None, None),
    ]
    for diagnosis, treatment, closure, evaluation in plan:
        case = advance(submit(), "report_final")
        record(cast, case, diagnosis, treatment)
        if closure:
            case_transition(
                actor=cast.coordinator,
                case_id=case.pk,
                to="closed",
                data=step_input(cast, {"closure_decision": closure}),
                source="web",
            )
        if evaluation:
            evaluation_record(
                actor=cast.patient_user,
                case_id=case.pk,
                decision=evaluation,
                satisfaction=4,
                comment="",
                source="web",
            )
    advance(submit(), "closed")


def test_the_table_matches_the_hand_count(cast, built):
    table = outcome_table(user=cast.coordinator, organisation_id=None, protocol="", source="web")

    assert table.organisation == cast.giving_practice
    assert table.overall.total == 5
    assert table.overall.diagnosis == {"confirmed": 1, "refined": 3, "changed": 1}
    assert table.overall.treatment == {"confirmed": 2, "refined": 1, "changed": 2}
    assert table.overall.followed == {"yes": 2, "no": 1, "unknown": 2}
    assert table.overall.percent("diagnosis", "refined") == 60.0
    assert list(table.per_protocol) == ["dental-knmt"]
    read = AccessEvent.objects.get(data="outcomes")
    assert (read.action, read.role, read.case_id, read.patient_id) == ("read", "coordinator", None, None)


def test_a_protocol_without_outcomes_shows_none(cast, built):
    table = outcome_table(
        user=cast.complaints_officer, organisation_id=None, protocol="denturist-ont", source="web"
    )

    assert table.overall.total == 0
    assert table.overall.percent("diagnosis", "confirmed") is None


@pytest.mark.parametrize(
    ("evaluation", "closure", "followed"),
    [
        ("accept_opinion", "stop_treatment", "yes"),
        (None, "accept_opinion", "yes"),
        (None, "stop_treatment", "no"),
        ("other_practitioner", "accept_opinion", "no"),
        (None, "undecided", "unknown"),
        (None, None, "unknown"),
        (None, "", "unknown"),
    ],
)
def test_followed_advice_comes_from_the_evaluation_first_then_the_closure(evaluation, closure, followed):
    assert followed_advice(evaluation, closure) == followed


def test_only_the_giver_records_an_outcome_once_from_the_report_on(cast, submit, advance):
    early = advance(submit(), "in_examination")
    case = advance(submit(), "report_draft")

    with pytest.raises(TransitionNotAllowed):
        record(cast, early, "confirmed", "confirmed")
    with pytest.raises(NotPermitted):
        outcome_record(
            actor=cast.coordinator,
            case_id=case.pk,
            diagnosis="confirmed",
            treatment="confirmed",
            source="web",
        )
    with pytest.raises(NotFound):
        outcome_record(
            actor=cast.stranger, case_id=case.pk, diagnosis="confirmed", treatment="confirmed", source="web"
        )
    with pytest.raises(InvalidInput) as refused:
        record(cast, case, "confirmed", "better")
    assert refused.value.field == "treatment"
    assert not Outcome.objects.exists()

    record(cast, case, "refined", "confirmed")
    with pytest.raises(TransitionNotAllowed):
        record(cast, case, "changed", "changed")
    assert list(Outcome.objects.values_list("diagnosis", "treatment")) == [("refined", "confirmed")]
    assert AccessEvent.objects.filter(case=case, data="outcome", action="create", role="giver").count() == 1


def test_the_giver_records_the_outcome_on_the_case_page(cast, submit, advance):
    case = advance(submit(), "report_final")
    giver = client_for(cast.giver_user)
    page = giver.get(reverse("web:case", args=[case.pk])).content.decode()
    assert 'id="outcome"' in page

    bad = giver.post(reverse("aftercare:outcome-record", args=[case.pk]), {"diagnosis": "confirmed"})
    done = giver.post(
        reverse("aftercare:outcome-record", args=[case.pk]), {"diagnosis": "changed", "treatment": "refined"}
    )

    assert bad.status_code == 422
    assert "Behandelplan na de second opinion" in bad.content.decode()
    assert done.status_code == 302
    assert Outcome.objects.get().diagnosis == "changed"
    shown = client_for(cast.coordinator).get(reverse("web:case", args=[case.pk])).content.decode()
    assert "Gewijzigd" in shown


def test_the_page_shows_the_table_beside_mayo_with_a_chart_drawn_on_the_server(cast, built):
    page = client_for(cast.complaints_officer).get(reverse("aftercare:outcomes")).content.decode()

    assert "Mayo" in page
    chart = page.split("<svg")[1].split("</svg>")[0]
    assert '<title id="outcome-chart-title">' in chart
    assert '<desc id="outcome-chart-desc">' in chart
    assert "<script" not in chart
    assert "60%" in page  # refined diagnosis here: 3 of 5
    for mayo in ("12%", "66%", "21%"):
        assert f">{mayo}</td>" in page
    english = client_for(cast.coordinator, "en").get(reverse("aftercare:outcomes")).content.decode()
    assert "Diagnosis, Mayo 2017" in english


def test_the_csv_holds_the_same_counts_and_its_export_is_logged(cast, built):
    response = client_for(cast.coordinator).get(reverse("aftercare:outcomes-csv"))

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    overall = {(r["measure"], r["category"]): r for r in rows if r["protocol"] == "all"}
    assert overall["diagnosis", "refined"]["count"] == "3"
    assert overall["diagnosis", "refined"]["percent"] == "60.0"
    assert overall["diagnosis", "refined"]["mayo_2017_percent"] == "66"
    assert overall["treatment", "changed"]["count"] == "2"
    assert overall["treatment", "changed"]["mayo_2017_percent"] == ""
    assert overall["followed_advice", "unknown"]["count"] == "2"
    assert {r["protocol"] for r in rows} == {"all", "dental-knmt"}
    exported = AccessEvent.objects.get(data="outcomes", action="export")
    assert (exported.role, exported.case_id) == ("coordinator", None)


@pytest.mark.parametrize("who", ["stranger", "giver_user", "patient_user", "treating_user"])
def test_anyone_but_the_organisations_coordinators_and_officers_finds_nothing(cast, built, who):
    client = client_for(getattr(cast, who))

    for name in ("aftercare:outcomes", "aftercare:outcomes-csv"):
        response = client.get(reverse(name))
        assert response.status_code == 404
        assert "Petra" not in response.content.decode()
    assert not AccessEvent.objects.filter(data="outcomes").exists()


def test_another_organisations_coordinator_sees_only_their_own_organisations_outcomes(cast, built):
    other = client_for(cast.other_coordinator)

    own = other.get(reverse("aftercare:outcomes"))
    theirs = other.get(reverse("aftercare:outcomes"), {"organisation": cast.giving_practice.pk})
    csv_theirs = other.get(reverse("aftercare:outcomes-csv"), {"organisation": cast.giving_practice.pk})
    mine = client_for(cast.coordinator).get(
        reverse("aftercare:outcomes"), {"organisation": cast.other_practice.pk}
    )

    assert own.status_code == 200
    assert cast.giving_practice.name not in own.content.decode()
    assert "0 second opinions met een vastgelegde uitkomst" in own.content.decode()
    assert (theirs.status_code, csv_theirs.status_code, mine.status_code) == (404, 404, 404)


def test_the_page_costs_the_same_queries_for_two_outcomes_or_eight(cast, submit, advance):
    client = client_for(cast.coordinator)
    for _ in range(2):
        record(cast, advance(submit(), "report_draft"), "refined", "confirmed")
    client.get(reverse("aftercare:outcomes"))
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("aftercare:outcomes"))
    for _ in range(6):
        record(cast, advance(submit(), "report_draft"), "changed", "changed")

    with CaptureQueriesContext(connection) as many:
        page = client.get(reverse("aftercare:outcomes")).content.decode()

    assert len(many) == len(few)
    assert (
        "8 second opinions" in page
        or "8 second opinions".replace("second opinions", "second opinions") in page
    )
