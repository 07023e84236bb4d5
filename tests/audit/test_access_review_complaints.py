"""R28, need to know, in the access-log review: a complaint went to the giver's organisation (Kaakchirurgie
Noord), not to the organisation handling the case (the cast's Mondzorg Centrum Oost). Noord's complaints
officer reads the complaint and the case. Reviewing the access log, the handling organisation's officer
still sees every other access to the case, but not the filing nor anything Noord's officer did for the
complaint: that would tell him a complaint was made to Noord. Noord's officer sees them; the patient sees
every access to her data. A complaint to the handling organisation stays the handling officer's. The
review's queries do not grow with the events."""

import pytest
from django.urls import reverse

from secondopinion.aftercare.complaints import complaint_file
from secondopinion.aftercare.selectors import complaint_get
from secondopinion.audit.models import AccessEvent
from secondopinion.audit.selectors import access_events_for_patient, access_events_for_review
from secondopinion.cases.selectors import case_get
from tests.aftercare.test_complaint_scheme import (  # noqa: F401 (elsewhere is a fixture)
    GRIEF,
    elsewhere,
    given_by,
)
from tests.audit.test_access_review import verified_client
from tests.audit.test_who_looked_labels import table_rows
from tests.performance.counting import measured

pytestmark = pytest.mark.django_db

TO_HANDLING = "Ik wachtte drie weken op een antwoord van de praktijk."
# The review page: the session, the user, the second-factor device, the menu's two role checks, the
# officer's organisations, the review's own event, the count and the page of events (each one query,
# the complaint's subqueries inside it), the page's practitioners and staff. It must not grow with the
# events.
REVIEW_PAGE = 11


def _newest(**filters) -> AccessEvent:
    """The newest event of these (max pk)."""
    return AccessEvent.objects.filter(**filters).order_by("-pk")[:1].get()


@pytest.fixture
def to_north(cast, submit, elsewhere):  # noqa: F811 (the imported fixture)
    """The case handled by Oost, given by Noord's giver; the patient's complaint goes to Noord, whose
    officer reads it and the case; Oost's coordinator reads the case too."""
    north, giver, north_officer, uninvolved = elsewhere
    case = given_by(cast, submit(), giver, "in_examination")
    complaint = complaint_file(actor=cast.patient_user, case_id=case.pk, text=GRIEF, source="web")
    assert (complaint.organisation, case.organisation) == (north, cast.giving_practice)
    case_get(user=cast.coordinator, case_id=case.pk, source="web")
    complaint_get(user=north_officer, complaint_id=complaint.pk, source="web")
    case_get(user=north_officer, case_id=case.pk, source="web")
    events = {
        "filing": _newest(actor=cast.patient_user, data="complaint", action="create"),
        "officer_read": _newest(actor=north_officer, data="complaint", action="read"),
        "officer_case": _newest(actor=north_officer, data="case", role="complaints_officer"),
        "coordinator_case": _newest(actor=cast.coordinator, data="case", action="read"),
    }
    assert all(events.values()), events
    return case, north_officer, uninvolved, events


def _reviewed(user, case) -> set[int]:
    return {e.pk for e in access_events_for_review(user=user, verified=True, case_reference=case.reference)}


def test_the_handling_officer_does_not_see_what_concerns_a_complaint_to_the_givers_organisation(
    cast, to_north
):
    case, _north_officer, _uninvolved, events = to_north

    seen = _reviewed(cast.complaints_officer, case)

    assert events["coordinator_case"].pk in seen  # the rest of the case's log stays his to review
    for hidden in ("filing", "officer_read", "officer_case"):
        assert events[hidden].pk not in seen, hidden


def test_the_givers_organisations_officer_sees_the_complaints_events_and_not_the_rest(cast, to_north):
    case, north_officer, _uninvolved, events = to_north

    seen = _reviewed(north_officer, case)

    for shown in ("filing", "officer_read", "officer_case"):
        assert events[shown].pk in seen, shown
    assert events["coordinator_case"].pk not in seen  # Noord does not handle the case


def test_an_uninvolved_officer_sees_none_and_the_patient_sees_every_access(cast, to_north):
    case, _north_officer, uninvolved, events = to_north
    ids = {e.pk for e in events.values()}

    assert not _reviewed(uninvolved, case) & ids
    hers = access_events_for_patient(user=cast.patient_user, patient_id=cast.patient.pk)
    assert set(hers.filter(pk__in=ids).values_list("pk", flat=True)) == ids


def test_a_complaint_to_the_handling_organisation_stays_its_officers_and_not_noords(cast, submit, elsewhere):  # noqa: F811
    _north, giver, north_officer, _uninvolved = elsewhere
    case = submit()
    to_oost = complaint_file(actor=cast.patient_user, case_id=case.pk, text=TO_HANDLING, source="web")
    oost_filing = _newest(actor=cast.patient_user, data="complaint", action="create")
    complaint_get(user=cast.complaints_officer, complaint_id=to_oost.pk, source="web")
    oost_read = _newest(actor=cast.complaints_officer, data="complaint", action="read")
    case = given_by(cast, case, giver, "in_examination")
    to_noord = complaint_file(actor=cast.patient_user, case_id=case.pk, text=GRIEF, source="web")
    noord_filing = _newest(actor=cast.patient_user, data="complaint", action="create")
    complaint_get(user=north_officer, complaint_id=to_noord.pk, source="web")
    noord_read = _newest(actor=north_officer, data="complaint", action="read")
    assert (to_oost.organisation, to_noord.organisation) == (cast.giving_practice, _north)

    oost = _reviewed(cast.complaints_officer, case)
    noord = _reviewed(north_officer, case)

    assert {oost_filing.pk, oost_read.pk} <= oost
    assert not {noord_filing.pk, noord_read.pk} & oost
    assert {noord_filing.pk, noord_read.pk} <= noord
    assert not {oost_filing.pk, oost_read.pk} & noord


@pytest.mark.second_factor
def test_the_handling_officers_review_page_shows_no_complaint_to_noord(cast, to_north):
    case, north_officer, _uninvolved, events = to_north
    client = verified_client("klachten", cast.complaints_officer)

    page = client.get(reverse("web:access-review"), {"case": case.reference}).content.decode()

    rows = [" | ".join(r) for r in table_rows(page)]
    assert any(events["coordinator_case"].actor_name in r for r in rows)
    assert not any(north_officer.username in r or str(north_officer) in r for r in rows), rows
    assert not any("uw klacht" in r or "klachtenfunctionaris" in r for r in rows), rows


@pytest.mark.second_factor
def test_noords_officer_reviews_the_complaints_events_on_the_page(cast, to_north):
    case, north_officer, _uninvolved, _events = to_north
    client = verified_client("klachtennoord", north_officer)

    page = client.get(reverse("web:access-review"), {"case": case.reference}, HTTP_ACCEPT_LANGUAGE="en")

    assert page.status_code == 200
    rows = [" | ".join(r) for r in table_rows(page.content.decode())]
    assert any("your complaint" in r and "created" in r and "Petra de Vries" in r for r in rows), rows
    assert any("your complaint" in r and "read" in r and "Kaakchirurgie Noord" in r for r in rows), rows


@pytest.mark.second_factor
def test_the_review_page_costs_the_same_for_few_and_many_events(cast, to_north):
    case, north_officer, _uninvolved, _events = to_north
    client = verified_client("klachten", cast.complaints_officer)
    url = reverse("web:access-review")
    client.get(url)  # the session settles

    def more(n: int) -> None:
        complaint = case.complaints.get()
        for _ in range(n):
            complaint_get(user=north_officer, complaint_id=complaint.pk, source="web")
            case_get(user=cast.coordinator, case_id=case.pk, source="web")

    few, _response, _sql = measured(lambda: client.get(url))
    more(27)
    many, response, queries = measured(lambda: client.get(url))

    assert response.status_code == 200
    assert many == few == REVIEW_PAGE, queries
