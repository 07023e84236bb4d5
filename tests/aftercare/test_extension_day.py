"""The new date of an extended complaint decision (Wkkgz art. 17, aftercare/deadlines.py): a day of the
calendar, not in the past, and not beyond the furthest any complaint may be put off (six weeks and
four from a complaint that came in today). The form refuses it naming the field, in Dutch by default
and in English, and the complaint keeps its term; between the bounds the service holds the date to
this complaint's own terms."""

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from secondopinion.aftercare import deadlines
from secondopinion.aftercare.complaints import complaint_acknowledge, complaint_file
from secondopinion.aftercare.models import Complaint
from secondopinion.audit.models import AccessEvent
from tests.reading import visible_text

pytestmark = pytest.mark.django_db

SAID = {
    ("no_such_day", "nl"): "Nieuwe datum voor de beslissing: Deze datum bestaat niet.",
    ("no_such_day", "en"): "New date for the decision: This date does not exist.",
    ("past", "nl"): "Nieuwe datum voor de beslissing: De nieuwe datum kan niet in het verleden liggen.",
    ("past", "en"): "New date for the decision: The new date cannot be in the past.",
    ("too_far", "nl"): (
        "Nieuwe datum voor de beslissing: De nieuwe datum ligt te ver weg: de beslissing kan één keer "
        "worden uitgesteld, met hooguit vier weken na de zes weken."
    ),
    ("too_far", "en"): (
        "New date for the decision: The new date is too far ahead: the decision can be put off once, by "
        "at most four weeks after the six weeks."
    ),
}


@pytest.fixture
def acknowledged(cast, a_case) -> Complaint:
    complaint = complaint_file(
        actor=cast.patient_user, case_id=a_case.pk, text="De uitleg over de kosten ontbrak.", source="web"
    )
    return complaint_acknowledge(actor=cast.complaints_officer, complaint_id=complaint.pk, source="web")


def extend(cast, complaint: Complaint, until: str, language: str = "nl"):
    client = Client(HTTP_ACCEPT_LANGUAGE=language)
    client.force_login(cast.complaints_officer)
    return client.post(
        reverse("aftercare:complaint-extend", args=[complaint.pk]), {"until": until, "reason": "Drukte."}
    )


def day_after_the_furthest() -> str:
    return (deadlines.latest_extension(timezone.localdate()) + dt.timedelta(days=1)).isoformat()


@pytest.mark.parametrize("language", ["nl", "en"])
@pytest.mark.parametrize(
    ("until", "problem"),
    [
        ("2027-02-31", "no_such_day"),
        ("31-02-2027", "no_such_day"),
        ("yesterday", "past"),
        ("2000-01-01", "past"),
        ("9999-12-31", "too_far"),
        ("furthest+1", "too_far"),
    ],
)
def test_an_impossible_new_date_is_refused_naming_the_field_and_the_term_stays(
    cast, acknowledged, until, problem, language
):
    until = {
        "yesterday": (timezone.localdate() - dt.timedelta(days=1)).isoformat(),
        "furthest+1": day_after_the_furthest(),
    }.get(until, until)
    updates = AccessEvent.objects.filter(data="complaint", action="update").count()

    response = extend(cast, acknowledged, until, language)

    page = response.content.decode()
    summary = page.split('class="error-summary"')[1].split("</div>")[0]
    assert response.status_code == 422
    assert 'href="#id_until"' in summary
    assert SAID[problem, language] in visible_text(page)
    after = Complaint.objects.get(pk=acknowledged.pk)
    assert (after.decide_by, after.extended_at, after.extension_reason) == (acknowledged.decide_by, None, "")
    assert AccessEvent.objects.filter(data="complaint", action="update").count() == updates


def test_within_the_bounds_the_service_holds_the_date_to_this_complaints_terms(cast, acknowledged):
    """The form lets through a day the form cannot judge; the service names this complaint's latest day."""
    latest = deadlines.latest_extension(timezone.localdate(acknowledged.filed_at))

    refused = extend(cast, acknowledged, (acknowledged.decide_by - dt.timedelta(days=1)).isoformat(), "en")
    taken = extend(cast, acknowledged, latest.isoformat(), "en")

    assert refused.status_code == 422
    assert "New date: choose a day after the end of the six weeks." in visible_text(refused.content.decode())
    assert taken.status_code == 302
    assert Complaint.objects.get(pk=acknowledged.pk).decide_by == latest
