"""A closed second opinion asks the own practitioner for nothing more (R18, seed 000 "na toestemming van
de patiënt!"): a records request still open when the case closes ends with it. His link opens nothing,
he cannot send them logged in either, no reminder goes out, the closure is logged, and the patient is
not told her records did not come."""

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from secondopinion.audit.models import AccessEvent
from secondopinion.core.errors import DomainError
from secondopinion.documents.models import Document
from secondopinion.notifications.models import Notification
from secondopinion.records.data_requests import data_request_fulfil
from secondopinion.records.models import DataRequest
from tests.reading import visible_text
from tests.records.conftest import request_records, token_of, xray

pytestmark = pytest.mark.django_db


def test_an_open_records_request_ends_when_the_case_closes(cast, consented, advance):
    created = request_records(cast, consented)
    told_before = set(Notification.objects.values_list("pk", flat=True))

    closed = advance(consented, "closed")

    created.request.refresh_from_db()
    assert created.request.state == DataRequest.State.EXPIRED
    assert created.request.closed_at is not None
    assert Client().get(reverse("web:upload-link", args=[token_of(created.link)])).status_code == 404
    with pytest.raises(DomainError):
        data_request_fulfil(
            actor=cast.treating_user, request_id=created.request.pk, uploads=[xray()], source="web"
        )
    assert not Document.objects.filter(case=closed, purpose="record").exists()
    closing = AccessEvent.objects.filter(case=closed, action="update", data="records_request")
    assert closing.count() == 1
    # Nobody is told that the records did not come: the case they were for has ended.
    new_kinds = set(Notification.objects.exclude(pk__in=told_before).values_list("kind", flat=True))
    assert not new_kinds & {"records_not_supplied", "records_request_expired", "records_request_withdrawn"}


@pytest.mark.parametrize("language", ["nl", "en"])
def test_the_patients_closed_case_does_not_say_her_records_failed_to_come(cast, consented, advance, language):
    request_records(cast, consented)
    closed = advance(consented, "closed")

    client = Client(HTTP_ACCEPT_LANGUAGE=language)
    client.force_login(cast.patient_user)
    text = visible_text(client.get(reverse("web:case", args=[closed.pk])).content.decode())

    assert "Uw gegevens zijn niet gestuurd" not in text
    assert "Your records were not sent" not in text


def test_a_request_already_answered_stays_answered(cast, consented, advance):
    created = request_records(cast, consented)
    data_request_fulfil(
        actor=cast.treating_user, request_id=created.request.pk, uploads=[xray()], source="web"
    )
    mail.outbox.clear()

    advance(consented, "closed")

    created.request.refresh_from_db()
    assert created.request.state == DataRequest.State.FULFILLED
