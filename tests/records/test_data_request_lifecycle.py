"""R16, R18: reminders after three and seven days with a fresh link, expiry, the request's states, and
the property that no record is stored without the consent in force at that moment."""

import datetime as dt

import pytest
from django.core.management import call_command
from django.db import transaction
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from secondopinion.consent.models import Consent
from secondopinion.consent.services import consent_revoke
from secondopinion.core.errors import InvalidInput, NotFound, RuleBlocked, TransitionNotAllowed
from secondopinion.documents.models import Document
from secondopinion.notifications.models import Notification
from secondopinion.records.data_requests import (
    data_request_decline,
    data_request_fulfil,
    data_request_fulfil_by_link,
    data_requests_expire_and_remind,
)
from secondopinion.records.models import DataRequest
from secondopinion.records.tasks import remind_data_requests
from tests.conftest import give_records_consent
from tests.records.conftest import TREATING_EMAIL, request_records, token_of, xray

pytestmark = pytest.mark.django_db


def test_reminders_go_after_three_and_seven_days_with_a_fresh_link_and_then_it_expires(cast, consented):
    created = request_records(cast, consented)
    start = created.request.created_at

    early = data_requests_expire_and_remind(now=start + dt.timedelta(days=2))
    first = data_requests_expire_and_remind(now=start + dt.timedelta(days=3, hours=1))
    same_day = data_requests_expire_and_remind(now=start + dt.timedelta(days=3, hours=2))
    second = data_requests_expire_and_remind(now=start + dt.timedelta(days=7, hours=1))
    no_third = data_requests_expire_and_remind(now=start + dt.timedelta(days=10))
    expired = data_requests_expire_and_remind(now=start + dt.timedelta(days=15))

    assert [early, first, same_day, second, no_third, expired] == [
        {"expired": 0, "reminded": 0},
        {"expired": 0, "reminded": 1},
        {"expired": 0, "reminded": 0},
        {"expired": 0, "reminded": 1},
        {"expired": 0, "reminded": 0},
        {"expired": 1, "reminded": 0},
    ]
    request = DataRequest.objects.get()
    assert (request.state, request.reminders_sent) == ("expired", 2)
    reminders = list(Notification.objects.filter(kind="records_reminder").order_by("id"))
    links = [created.link, *(n.link for n in reminders)]
    assert len(set(links)) == 3  # each reminder carries a fresh link; the earlier one stops
    assert all(n.email == TREATING_EMAIL and consented.care_question not in n.link for n in reminders)
    assert (
        Notification.objects.filter(kind="records_request_expired", email="gever@oost.example").count() == 1
    )


def test_after_a_reminder_only_its_fresh_link_opens_the_request(cast, consented):
    created = request_records(cast, consented)
    data_requests_expire_and_remind(now=created.request.created_at + dt.timedelta(days=3))
    fresh = Notification.objects.get(kind="records_reminder").link

    with pytest.raises(NotFound):
        data_request_fulfil_by_link(token=token_of(created.link), uploads=[xray()], source="web")
    assert (
        data_request_fulfil_by_link(token=token_of(fresh), uploads=[xray()], source="web").state
        == "fulfilled"
    )


def test_the_task_and_the_command_expire_overdue_requests(cast, consented):
    one = request_records(cast, consented).request
    two = request_records(cast, consented, kinds=["models"]).request
    DataRequest.objects.filter(pk__in=[one.pk, two.pk]).update(expires_at=one.created_at)

    result = remind_data_requests.enqueue()
    call_command("remind_data_requests")

    assert result.return_value == {"expired": 2, "reminded": 0}
    assert set(DataRequest.objects.values_list("state", flat=True)) == {"expired"}


def test_the_state_only_moves_from_requested(cast, consented):
    created = request_records(cast, consented)
    data_request_decline(token=token_of(created.link), reason="Niet bij ons bekend.", source="web")

    with pytest.raises(TransitionNotAllowed) as again:  # the request's state, not the input: 409
        data_request_fulfil(
            actor=cast.treating_user, request_id=created.request.pk, uploads=[xray()], source="web"
        )

    assert again.value.field == "state"


# The property of the issue: a revocation stops the next disclosure. Any interleaving of giving and
# revoking consent with requesting and supplying records stores a record only while a consent to
# request records is in force at that moment, and only under a request that rested on it.
OPERATIONS = st.lists(
    st.sampled_from(["give", "revoke", "request", "fulfil_link", "fulfil_login", "decline"]), max_size=10
)


@hypothesis_settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(operations=OPERATIONS)
def test_no_record_is_stored_without_consent_in_force_at_that_moment(cast, examining, operations):
    with transaction.atomic():
        links: list[str] = []
        requests: list[int] = []
        for operation in operations:
            in_force = Consent.objects.filter(
                case=examining, purpose="request_records", revoked_at__isnull=True
            ).exists()
            before = Document.objects.count()
            try:
                if operation == "give":
                    give_records_consent(cast, examining)
                elif operation == "revoke":
                    consent = Consent.objects.filter(
                        case=examining, purpose="request_records", revoked_at__isnull=True
                    ).first()
                    if consent is not None:
                        consent_revoke(
                            actor=cast.patient_user, case_id=examining.pk, consent_id=consent.pk, source="web"
                        )
                elif operation == "request":
                    created = request_records(cast, examining)
                    assert in_force, "a request was made without consent in force"
                    links.append(created.link)
                    requests.append(created.request.pk)
                elif operation == "fulfil_link" and links:
                    data_request_fulfil_by_link(token=token_of(links[-1]), uploads=[xray()], source="web")
                elif operation == "fulfil_login" and requests:
                    data_request_fulfil(
                        actor=cast.treating_user, request_id=requests[-1], uploads=[xray()], source="web"
                    )
                elif operation == "decline" and links:
                    data_request_decline(token=token_of(links[-1]), reason="Geen gegevens.", source="web")
            except (RuleBlocked, NotFound, InvalidInput, TransitionNotAllowed):
                pass
            stored = Document.objects.count() - before
            if stored:
                assert operation.startswith("fulfil")
                assert in_force
                supplied = DataRequest.objects.filter(state="fulfilled").order_by("-closed_at", "-id").first()
                assert supplied is not None
                assert supplied.consent.revoked_at is None
        for request in DataRequest.objects.filter(state="fulfilled").select_related("consent"):
            assert request.consent.revoked_at is None or request.consent.revoked_at >= request.closed_at
        transaction.set_rollback(True)
