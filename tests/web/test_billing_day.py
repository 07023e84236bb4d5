"""R25 on the web: the date of service of a billing line is a day of the calendar, not in the future
and not before any request could exist; the refusal names the field, in Dutch by default and in
English, and no line is billed. A day between 2000 and the request is the service's to refuse, with
the request's own day."""

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from secondopinion.audit.models import AccessEvent
from secondopinion.billing.models import BillingLine
from tests.reading import visible_text

pytestmark = pytest.mark.django_db

SAID = {
    ("no_such_day", "nl"): "Datum van de verrichting: Deze datum bestaat niet.",
    ("no_such_day", "en"): "Date of service: This date does not exist.",
    ("future", "nl"): "Datum van de verrichting: De datum van de verrichting kan niet in de toekomst liggen.",
    ("future", "en"): "Date of service: The date of service cannot be in the future.",
    ("long_ago", "nl"): (
        "Datum van de verrichting: De datum van de verrichting kan niet vóór de aanvraag liggen: "
        "controleer het jaartal."
    ),
    ("long_ago", "en"): "Date of service: The date of service cannot be before the request: check the year.",
}


@pytest.fixture
def examining(a_case, advance):
    return advance(a_case, "in_examination")


def bill(cast, case, day: str, language: str = "nl"):
    client = Client(HTTP_ACCEPT_LANGUAGE=language)
    client.force_login(cast.giver_user)
    return client.post(
        reverse("web:billing-add", args=[case.pk]), {"code": "X10", "quantity": 1, "date": day}
    )


@pytest.mark.parametrize("language", ["nl", "en"])
@pytest.mark.parametrize(
    ("day", "problem"),
    [
        ("2026-02-31", "no_such_day"),
        ("31-02-2026", "no_such_day"),
        ("9999-12-31", "future"),
        ("tomorrow", "future"),
        ("1999-12-31", "long_ago"),
        ("0001-01-01", "long_ago"),
    ],
)
def test_an_impossible_date_of_service_is_refused_on_the_field_and_nothing_is_billed(
    cast, examining, day, problem, language
):
    if day == "tomorrow":
        day = (timezone.localdate() + dt.timedelta(days=1)).isoformat()
    events = AccessEvent.objects.filter(data="billing-line").count()

    response = bill(cast, examining, day, language)

    page = response.content.decode()
    panel = page.split('id="billing"')[1].split("</section>")[0]
    assert response.status_code == 422
    assert 'href="#billing-date"' in panel
    assert SAID[problem, language] in visible_text(panel)
    assert not BillingLine.objects.filter(case=examining).exists()
    assert AccessEvent.objects.filter(data="billing-line").count() == events


def test_a_day_after_2000_but_before_the_request_is_refused_by_the_service_with_the_request_day(
    cast, examining
):
    requested = timezone.localdate(examining.created_at)

    response = bill(cast, examining, (requested - dt.timedelta(days=1)).isoformat(), "en")

    assert response.status_code == 422
    assert f"The date lies between the request ({requested:%d-%m-%Y}) and today." in visible_text(
        response.content.decode()
    )
    assert not BillingLine.objects.filter(case=examining).exists()


def test_today_is_billed(cast, examining):
    response = bill(cast, examining, timezone.localdate().isoformat())

    assert response.status_code == 302
    assert BillingLine.objects.get(case=examining).service_date == timezone.localdate()
