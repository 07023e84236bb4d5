"""Defect 8 — revoking the records consent ends its open data requests the one way data requests end.

Before: consent_revoke set state="expired" with a raw queryset update and told nobody. Now it calls the
data requests' own close path: the request expires at the revocation, the upload link answers as
closed, the giver who asked is told (an outbox row) and the closure is in the access log."""

import datetime as dt
from urllib.parse import urlparse

import pytest
from django.test import Client

from secondopinion.audit.models import AccessEvent
from secondopinion.consent.models import Consent
from secondopinion.consent.services import consent_revoke
from secondopinion.core.errors import NotFound
from secondopinion.notifications.models import Notification
from secondopinion.records import data_requests
from secondopinion.records.data_requests import (
    data_request_by_link,
    data_request_create,
    data_request_decline,
    data_requests_expire_and_remind,
)
from secondopinion.records.models import DataRequest
from tests.conftest import give_records_consent

pytestmark = pytest.mark.django_db

GIVER_EMAIL = "gever@oost.example"


@pytest.fixture
def consented(cast, settings, submit, advance):
    """Petra's case in examination under her consent to request records; both dentists have an address."""
    settings.TM_SITE_URL = "https://tweedemening.example"
    for user, email in ((cast.treating_user, "tandarts@molen.example"), (cast.giver_user, GIVER_EMAIL)):
        user.email = email
        user.save(update_fields=["email"])
    case = advance(submit(), "in_examination")
    give_records_consent(cast, case)
    return case


def request_records(cast, case) -> data_requests.CreatedRequest:
    return data_request_create(
        actor=cast.giver_user, case_id=case.pk, kinds=["xrays"], note="Graag de foto's.", source="web"
    )


def token_of(link: str) -> str:
    return urlparse(link).path.rstrip("/").rsplit("/", 1)[-1]


@pytest.fixture
def closes(monkeypatch):
    """Every (request id, state) the data requests' one closing function was asked for."""
    calls: list[tuple[int, str]] = []
    original = data_requests._close

    def spy(request, to, now, reason=""):
        calls.append((request.pk, str(to)))
        return original(request, to, now, reason)

    monkeypatch.setattr(data_requests, "_close", spy)
    return calls


def test_revoking_the_consent_closes_the_open_request_tells_the_giver_and_logs_it(cast, consented, closes):
    created = request_records(cast, consented)
    consent = Consent.objects.get(case=consented, purpose="request_records")
    events_before = AccessEvent.objects.filter(data="records_request", action="update").count()

    consent_revoke(actor=cast.patient_user, case_id=consented.pk, consent_id=consent.pk, source="web")

    request = DataRequest.objects.get(pk=created.request.pk)
    consent.refresh_from_db()
    assert (request.state, request.closed_at) == ("expired", consent.revoked_at)
    assert closes == [(request.pk, "expired")]
    [told] = Notification.objects.filter(kind="records_request_withdrawn")
    assert (told.email, told.recipient, told.reference) == (GIVER_EMAIL, cast.giver_user, consented.reference)
    assert "/aanlevering/" not in told.link
    [event] = AccessEvent.objects.filter(data="records_request", action="update")[events_before:]
    assert (event.case_id, event.role, event.basis) == (consented.pk, "patient", "patient")


def test_after_the_revocation_the_upload_link_answers_as_closed(cast, consented):
    created = request_records(cast, consented)
    token = token_of(created.link)
    consent = Consent.objects.get(case=consented, purpose="request_records")

    consent_revoke(actor=cast.patient_user, case_id=consented.pk, consent_id=consent.pk, source="web")

    with pytest.raises(NotFound):
        data_request_by_link(token=token, source="web")
    assert Client().get(f"/aanlevering/{token}/").status_code == 404


def test_only_open_requests_on_that_consent_close_and_the_daily_run_tells_nobody_again(cast, consented):
    declined = request_records(cast, consented).request
    data_request_decline(
        token=None, actor=cast.treating_user, request_id=declined.pk, reason="Niet hier.", source="web"
    )
    open_one = request_records(cast, consented).request
    consent = Consent.objects.get(case=consented, purpose="request_records")

    consent_revoke(actor=cast.patient_user, case_id=consented.pk, consent_id=consent.pk, source="web")
    counts = data_requests_expire_and_remind(now=open_one.created_at + dt.timedelta(days=30))

    declined.refresh_from_db()
    open_one.refresh_from_db()
    assert (declined.state, open_one.state) == ("declined", "expired")
    assert counts == {"expired": 0, "reminded": 0}
    assert Notification.objects.filter(kind="records_request_withdrawn").count() == 1
    assert not Notification.objects.filter(kind="records_request_expired").exists()


def test_a_consent_revoked_outside_the_service_is_closed_by_the_daily_run_the_same_way(cast, consented):
    created = request_records(cast, consented)
    Consent.objects.filter(pk=created.request.consent_id).update(revoked_at=created.request.created_at)

    counts = data_requests_expire_and_remind(now=created.request.created_at + dt.timedelta(hours=1))

    assert counts == {"expired": 1, "reminded": 0}
    assert DataRequest.objects.get(pk=created.request.pk).state == "expired"
    assert Notification.objects.filter(kind="records_request_withdrawn", email=GIVER_EMAIL).count() == 1
