"""NEN 7513, the patient's right: "who looked at my file", on the web and through the API."""

import datetime as dt
from unittest import mock
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from django.utils import timezone

from secondopinion.audit.models import AccessEvent
from secondopinion.audit.selectors import access_events_for_patient
from secondopinion.audit.services import access_record
from secondopinion.core.errors import InvalidInput, NotFound
from secondopinion.directory.models import Representative
from tests.api.conftest import ApiClient
from tests.performance.test_list_query_counts import giver_reads

pytestmark = pytest.mark.django_db

AMSTERDAM = ZoneInfo("Europe/Amsterdam")
PAGE = reverse("web:access-log")


def _html(response) -> str:
    return response.content.decode()


def _at(moment: dt.datetime, **fields) -> AccessEvent:
    """An access event written at `moment` (the log takes its time from the clock)."""
    with mock.patch("django.utils.timezone.now", return_value=moment):
        return access_record(**fields)


@pytest.fixture
def looked_at(cast, a_case, advance):
    """Petra's case, walked to the explanation: the coordinator and the giver have read and written it."""
    return advance(a_case, "informed")


def test_the_patient_sees_who_accessed_her_case_newest_first(client, cast, looked_at):
    client.force_login(cast.patient_user)

    page = _html(client.get(PAGE))

    assert "Wie heeft mijn dossier ingezien" in page
    assert "<caption>" in page
    assert 'scope="col"' in page
    assert "Mondzorg Centrum Oost" in page  # the coordinator's and the giver's organisation
    assert "Gever" in page  # the giver, by name
    assert "second opinion-gever" in page
    assert "coördinator" in page
    assert "uw aanvraag: uitleg en afspraken vastleggen" in page
    assert "gewijzigd" in page
    dates = [e.at for e in access_events_for_patient(user=cast.patient_user, patient_id=cast.patient.pk)]
    assert dates == sorted(dates, reverse=True)


def test_an_access_by_someone_without_an_organisation_shows_a_dash(cast, looked_at):
    items = ApiClient(cast.patient_user).get("/patients/me/access-log").json()["items"]

    submitted = next(i for i in items if (i["data"], i["action"]) == ("case", "create"))
    assert submitted["organisation"] == "—"
    assert submitted["role_label"] == "patiënt"


def test_viewing_the_page_writes_one_access_event_of_its_own(client, cast, looked_at):
    client.force_login(cast.patient_user)
    before = AccessEvent.objects.count()

    client.get(PAGE)

    assert AccessEvent.objects.count() == before + 1
    event = AccessEvent.objects.order_by("-id").first()
    assert (event.actor, event.patient, event.data, event.action) == (
        cast.patient_user,
        cast.patient,
        "access_log",
        "read",
    )
    assert (event.role, event.basis, event.source) == ("patient", "patient", "web")


def test_the_period_filter_uses_dutch_dates(client, cast):
    late_evening = dt.datetime(2025, 3, 14, 23, 30, tzinfo=dt.UTC)  # 15 March 00:30 in Amsterdam
    _at(
        late_evening,
        actor=cast.giver_user,
        action="read",
        data="report",
        source="web",
        role="giver",
        basis="giver",
        patient=cast.patient,
    )
    client.force_login(cast.patient_user)

    on_the_15th = _html(client.get(PAGE, {"start": "2025-03-15", "end": "2025-03-15"}))
    on_the_14th = _html(client.get(PAGE, {"start": "2025-03-14", "end": "2025-03-14"}))

    assert "het rapport" in on_the_15th
    assert "15 maart 2025 00:30" in on_the_15th
    assert "het rapport" not in on_the_14th
    assert "Niemand anders heeft in deze periode uw gegevens ingezien." in on_the_14th


def test_a_start_after_the_end_is_a_clear_form_error(client, cast):
    client.force_login(cast.patient_user)

    response = client.get(PAGE, {"start": "2025-04-01", "end": "2025-03-01"})

    assert response.status_code == 422
    assert "De einddatum ligt vóór de begindatum." in _html(response)


def test_a_date_that_is_no_date_is_a_clear_error(client, cast):
    client.force_login(cast.patient_user)

    response = client.get(PAGE, {"start": "31-02-2025"})

    assert response.status_code == 422
    assert "Deze datum bestaat niet." in _html(response)

    response = client.get(PAGE, {"start": "2025/02/03"})

    assert response.status_code == 422
    assert "Vul een datum in als dag-maand-jaar, bijvoorbeeld 14-03-2025." in _html(response)


def test_another_patient_sees_none_of_her_events(client, cast, looked_at):
    client.force_login(cast.other_patient_user)

    own = _html(client.get(PAGE))
    hers = client.get(reverse("web:access-log-for", args=[cast.patient.pk]))

    assert "uitleg en afspraken" not in own
    assert "Mondzorg Centrum Oost" not in own
    assert hers.status_code == 404


def test_someone_who_is_no_patient_gets_404(client, cast):
    client.force_login(cast.stranger)

    assert client.get(PAGE).status_code == 404


def test_a_representative_with_consent_reads_the_log_and_is_logged_on_behalf_of_the_patient(
    client, cast, looked_at
):
    representation = Representative.objects.create(
        user=cast.representative, patient=cast.patient, relation="partner", consent_given_at=timezone.now()
    )
    client.force_login(cast.representative)
    url = reverse("web:access-log-for", args=[cast.patient.pk])

    page = _html(client.get(url))
    assert "Mondzorg Centrum Oost" in page
    assert "Wie heeft het dossier van Petra de Vries ingezien" in page  # whose log, for the reader
    assert "wordt Petra de Vries bedoeld" in page
    event = AccessEvent.objects.order_by("-id").first()
    assert (event.role, event.basis, event.on_behalf_of) == ("representative", "consent", "Petra de Vries")

    representation.consent_revoked_at = timezone.now()
    representation.save()
    assert client.get(url).status_code == 404


def test_the_page_is_in_english_for_an_english_reader(client, cast, looked_at):
    client.force_login(cast.patient_user)
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})

    page = _html(client.get(PAGE))

    assert '<html lang="en">' in page
    assert "Who looked at my file" in page
    assert "second-opinion giver" in page
    assert "your request: record explanation and agreements" in page
    assert "Which data" in page
    assert ">Why<" in page  # the column of the reason, in plain words (not "Basis")


def test_the_patient_home_page_links_to_the_log(client, cast):
    client.force_login(cast.patient_user)

    assert f'href="{PAGE}"' in _html(client.get("/"))


def test_fifty_events_a_page_and_the_queries_do_not_grow_with_the_rows(
    client, cast, django_assert_max_num_queries
):
    giver_reads(cast, 60)
    client.force_login(cast.patient_user)
    client.get("/")  # the session's first request also checks the e-mail address once

    with django_assert_max_num_queries(14):
        first = _html(client.get(PAGE))
    second = _html(client.get(PAGE, {"page": 2}))

    assert first.count('<th scope="row"') == 50
    assert second.count('<th scope="row"') == 10  # her own two looks at the page are left out
    assert "Pagina 1 van 2" in first


def test_her_own_looks_are_left_out_unless_she_asks_for_them(client, cast):
    access_record(
        actor=cast.giver_user,
        action="read",
        data="case",
        source="api",
        role="giver",
        basis="giver",
        patient=cast.patient,
    )
    client.force_login(cast.patient_user)
    client.get(PAGE)
    client.get(PAGE)

    others = _html(client.get(PAGE))
    everyone = _html(client.get(PAGE, {"mine": "on"}))

    assert others.count('<th scope="row"') == 1  # the giver's read
    assert everyone.count('<th scope="row"') > 3  # and her own looks at this page
    own = str(cast.patient_user)
    assert own not in others.split("<tbody>")[1]
    assert own in everyone.split("<tbody>")[1]
    assert "Toon ook wanneer ik zelf keek" in others
    assert 'name="mine"' in others


def test_with_her_own_looks_left_out_an_empty_page_says_nobody_else_looked(client, cast):
    client.force_login(cast.patient_user)
    client.get(PAGE)

    assert "Niemand anders heeft in deze periode uw gegevens ingezien." in _html(client.get(PAGE))


def test_the_selector_refuses_a_start_after_the_end_naming_the_field(cast):
    with pytest.raises(InvalidInput) as raised:
        access_events_for_patient(
            user=cast.patient_user,
            patient_id=cast.patient.pk,
            start=dt.date(2025, 5, 1),
            end=dt.date(2025, 4, 1),
        )

    assert raised.value.field == "from"


def test_the_selector_gives_a_stranger_not_found(cast):
    with pytest.raises(NotFound):
        access_events_for_patient(user=cast.stranger, patient_id=cast.patient.pk)


# -- the API -------------------------------------------------------------------------------------


def test_the_api_lists_the_same_accesses_with_labels(cast, looked_at):
    body = ApiClient(cast.patient_user, "en").get("/patients/me/access-log").json()

    assert body["count"] >= 3
    first = body["items"][0]
    assert (first["data"], first["action"]) == ("access_log", "read")
    informed = next(i for i in body["items"] if i["data"] == "case:inform")
    assert informed["organisation"] == "Mondzorg Centrum Oost"
    assert informed["person"] == "Gever"
    assert informed["role_label"] == "second-opinion giver"
    assert informed["action_label"] == "updated"
    assert informed["basis_label"] == "role: second-opinion giver"
    assert informed["emergency"] is False
    assert informed["at"].endswith(("+01:00", "+02:00"))


def test_the_api_filters_by_period(cast):
    _at(
        dt.datetime(2025, 3, 14, 23, 30, tzinfo=dt.UTC),
        actor=cast.giver_user,
        action="print",
        data="report",
        source="web",
        role="giver",
        basis="giver",
        patient=cast.patient,
    )
    client = ApiClient(cast.patient_user)

    hit = client.get("/patients/me/access-log?from=2025-03-15&to=2025-03-15").json()
    miss = client.get("/patients/me/access-log?from=2025-03-13&to=2025-03-14").json()

    assert [i["action"] for i in hit["items"]] == ["print"]
    assert hit["items"][0]["action_label"] == "afgedrukt"
    assert miss == {"count": 0, "items": []}


def test_the_api_refuses_a_start_after_the_end_and_a_bad_date(cast):
    client = ApiClient(cast.patient_user, "en")

    reversed_period = client.get("/patients/me/access-log?from=2025-05-01&to=2025-04-01")
    bad_date = client.get("/patients/me/access-log?from=2025-02-31")

    assert reversed_period.status_code == 422
    assert reversed_period.json()["field"] == "from"
    assert "start date is after the end date" in reversed_period.json()["detail"]
    assert bad_date.status_code == 422


def test_a_stranger_and_another_patient_get_404_for_someone_elses_log(cast, looked_at):
    url = f"/patients/{cast.patient.pk}/access-log"

    assert ApiClient(cast.stranger).get(url).status_code == 404
    assert ApiClient(cast.other_patient_user).get(url).status_code == 404
    assert ApiClient(cast.giver_user).get(url).status_code == 404
    assert ApiClient(cast.stranger).get("/patients/me/access-log").status_code == 404
    assert ApiClient(cast.patient_user).get(url).status_code == 200


def test_another_patients_own_log_through_the_api_holds_none_of_hers(cast, looked_at):
    items = ApiClient(cast.other_patient_user).get("/patients/me/access-log").json()["items"]

    assert [i["data"] for i in items] == ["access_log"]


@pytest.mark.parametrize("query", ["from=0001-01-01", "to=0001-01-01", "to=9999-12-31", "from=9999-12-31"])
def test_dates_at_the_edge_of_the_calendar_are_answered_not_crashed_on(cast, query):
    response = ApiClient(cast.patient_user).get(f"/patients/me/access-log?{query}")

    assert response.status_code == 200
    assert response.json()["count"] == len(response.json()["items"])


def test_the_web_filter_takes_dates_at_the_edge_of_the_calendar(client, cast):
    client.force_login(cast.patient_user)

    assert client.get(PAGE, {"start": "0001-01-01", "end": "9999-12-31"}).status_code == 200
