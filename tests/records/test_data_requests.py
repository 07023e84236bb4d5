"""R16, R17, R18: records are requested from the treating practitioner only under the patient's consent,
through a link that works for one request, once, until it expires, and only while that consent holds."""

import pytest
from django.db import transaction

from secondopinion.audit.models import AccessEvent
from secondopinion.consent.models import Consent
from secondopinion.consent.services import consent_revoke
from secondopinion.core.errors import InvalidInput, NotFound, NotPermitted, RuleBlocked
from secondopinion.documents.models import Document
from secondopinion.notifications.models import Notification
from secondopinion.records.data_requests import (
    data_request_decline,
    data_request_fulfil,
    data_request_fulfil_by_link,
    token_hash,
)
from secondopinion.records.models import DataRequest
from tests.access.complaints import _complaint
from tests.conftest import give_records_consent
from tests.records.conftest import TREATING_EMAIL, letter, request_records, token_of, xray

pytestmark = pytest.mark.django_db


def test_it_refuses_to_request_records_without_the_patients_consent(cast, examining):
    with pytest.raises(RuleBlocked) as refused:
        request_records(cast, examining)

    assert refused.value.rule_ids == ["R16"]
    assert DataRequest.objects.count() == 0
    assert Notification.objects.filter(kind__startswith="records").count() == 0  # the steps' notices aside


def test_after_a_revocation_a_new_request_is_blocked_by_r16_and_r18(cast, consented):
    consent = Consent.objects.get(case=consented, purpose="request_records")
    consent_revoke(actor=cast.patient_user, case_id=consented.pk, consent_id=consent.pk, source="web")

    with pytest.raises(RuleBlocked) as refused:
        request_records(cast, consented)

    assert set(refused.value.rule_ids) == {"R16", "R18"}
    assert "ingetrokken" in str(refused.value.violations[0].detail.nl + refused.value.violations[1].detail.nl)


def test_under_consent_it_sends_one_link_without_medical_content_and_keeps_only_its_hash(cast, consented):
    created = request_records(cast, consented)

    request = created.request
    token = token_of(created.link)
    assert (request.state, request.kinds, request.addressed_to) == (
        "requested",
        ["xrays", "treatment_plan"],
        cast.treating,
    )
    assert request.consent == Consent.objects.get(case=consented, purpose="request_records")
    assert request.token_hash == token_hash(token) != token
    assert len(token) >= 43  # 32 random bytes
    assert not DataRequest.objects.filter(token_hash=token).exists()
    [notice] = Notification.objects.filter(kind="records_requested")
    assert notice.email == TREATING_EMAIL
    assert notice.link == f"https://tweedemening.example/aanlevering/{token}/"
    assert consented.care_question not in notice.link
    event = AccessEvent.objects.order_by("-id").first()
    assert (event.action, event.data, event.basis, event.case_id) == (
        "send",
        "records_request",
        "consent:request_records",
        consented.pk,
    )


def test_the_delivered_e_mail_names_the_reference_and_nothing_medical(
    cast, consented, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        request_records(cast, consented)

    [mail] = mailoutbox
    assert consented.reference in mail.subject
    assert "/aanlevering/" in mail.body
    for medical in (consented.care_question, "Diepe cariës", "röntgenfoto", cast.patient.name):
        assert medical not in mail.body
        assert medical not in mail.subject


@pytest.mark.parametrize(
    ("who", "error"),
    [
        ("patient_user", NotPermitted),
        ("treating_user", NotPermitted),
        ("complaints_officer", NotPermitted),
        ("stranger", NotFound),
        ("other_coordinator", NotFound),
    ],
)
def test_only_the_giver_or_the_coordinator_requests_records(cast, consented, who, error):
    if who == "complaints_officer":
        _complaint(consented)  # need to know: the officer is related while a complaint is handled
    with pytest.raises(error):
        request_records(cast, consented, actor=getattr(cast, who))

    assert DataRequest.objects.count() == 0


def test_the_coordinator_requests_records_for_the_giver(cast, consented):
    assert request_records(cast, consented, actor=cast.coordinator).request.requested_by == cast.coordinator


def test_it_asks_only_for_records_the_protocol_knows(cast, consented):
    with pytest.raises(InvalidInput) as unknown:
        request_records(cast, consented, kinds=["xrays", "horoscope"])
    with pytest.raises(InvalidInput) as none:
        request_records(cast, consented, kinds=[])

    assert (unknown.value.field, none.value.field) == ("kinds", "kinds")
    assert "horoscope" in unknown.value.detail.en


def test_the_link_works_once_and_stores_the_records_as_supplied_by_the_treating_dentist(cast, consented):
    token = token_of(request_records(cast, consented).link)

    fulfilled = data_request_fulfil_by_link(token=token, uploads=[xray(), letter()], source="web")

    assert fulfilled.state == "fulfilled"
    assert fulfilled.closed_at is not None
    documents = list(fulfilled.documents.order_by("id"))
    assert [(d.purpose, d.uploaded_via, d.uploaded_by, d.uploader_name) for d in documents] == [
        ("record", "upload_link", None, cast.treating.name)
    ] * 2
    assert Notification.objects.filter(kind="records_received").count() == 1
    with pytest.raises(NotFound) as again:
        data_request_fulfil_by_link(token=token, uploads=[xray()], source="web")
    assert again.value.detail.en == "This link is not valid (any more)."
    assert Document.objects.count() == 2


def test_the_link_opens_only_its_own_request(cast, consented):
    first = request_records(cast, consented, kinds=["xrays"])
    second = request_records(cast, consented, kinds=["care_plan"])

    data_request_fulfil_by_link(token=token_of(first.link), uploads=[xray()], source="web")

    second.request.refresh_from_db()
    assert second.request.state == "requested"
    assert list(second.request.documents.all()) == []


def test_an_expired_link_stores_nothing(cast, consented):
    created = request_records(cast, consented)
    DataRequest.objects.filter(pk=created.request.pk).update(expires_at=created.request.created_at)

    with pytest.raises(NotFound):
        data_request_fulfil_by_link(token=token_of(created.link), uploads=[xray()], source="web")

    assert Document.objects.count() == 0


def test_a_revocation_stops_the_link_and_shows_the_request_as_expired(cast, consented):
    created = request_records(cast, consented)
    consent = created.request.consent

    consent_revoke(actor=cast.patient_user, case_id=consented.pk, consent_id=consent.pk, source="web")

    with pytest.raises(NotFound):
        data_request_fulfil_by_link(token=token_of(created.link), uploads=[xray()], source="web")
    created.request.refresh_from_db()
    assert created.request.state == "expired"
    assert Document.objects.count() == 0


def test_a_consent_revoked_however_stops_the_login_path_with_r18(cast, consented):
    created = request_records(cast, consented)
    Consent.objects.filter(pk=created.request.consent_id).update(revoked_at=created.request.expires_at)

    with pytest.raises(RuleBlocked) as refused:
        data_request_fulfil(
            actor=cast.treating_user, request_id=created.request.pk, uploads=[xray()], source="web"
        )

    assert refused.value.rule_ids == ["R18"]
    assert Document.objects.count() == 0


def test_a_new_consent_does_not_revive_a_request_that_rested_on_a_revoked_one(cast, consented):
    created = request_records(cast, consented)
    consent_revoke(
        actor=cast.patient_user, case_id=consented.pk, consent_id=created.request.consent_id, source="web"
    )
    give_records_consent(cast, consented)

    with pytest.raises(NotFound):
        data_request_fulfil_by_link(token=token_of(created.link), uploads=[xray()], source="web")
    assert Document.objects.count() == 0


def test_a_file_of_the_wrong_kind_is_refused_and_nothing_is_stored(cast, consented):
    from django.core.files.uploadedfile import SimpleUploadedFile

    created = request_records(cast, consented)
    fake = SimpleUploadedFile("foto.png", b"MZ\x90\x00 not an image", content_type="image/png")

    with pytest.raises(InvalidInput) as refused, transaction.atomic():
        data_request_fulfil_by_link(token=token_of(created.link), uploads=[xray(), fake], source="web")

    assert refused.value.field == "file"
    created.request.refresh_from_db()
    assert created.request.state == "requested"
    assert Document.objects.count() == 0


def test_the_treating_dentist_answers_through_his_own_login(cast, consented):
    created = request_records(cast, consented)

    fulfilled = data_request_fulfil(
        actor=cast.treating_user, request_id=created.request.pk, uploads=[letter()], source="api"
    )

    [document] = fulfilled.documents.all()
    assert (document.uploaded_by, document.uploaded_via) == (cast.treating_user, "login")


@pytest.mark.parametrize(
    ("who", "error"),
    [
        ("giver_user", NotPermitted),
        ("patient_user", NotPermitted),
        ("stranger", NotFound),
        ("colleague_user", NotFound),
    ],
)
def test_only_the_addressed_practitioner_answers_a_request(cast, consented, who, error):
    created = request_records(cast, consented)

    with pytest.raises(error):
        data_request_fulfil(
            actor=getattr(cast, who), request_id=created.request.pk, uploads=[xray()], source="web"
        )
    with pytest.raises(error):
        data_request_decline(
            actor=getattr(cast, who), request_id=created.request.pk, reason="Nee.", source="web"
        )

    created.request.refresh_from_db()
    assert created.request.state == "requested"


def test_declining_needs_a_reason_and_tells_the_giver(cast, consented):
    by_link = request_records(cast, consented)
    by_login = request_records(cast, consented, kinds=["models"])

    with pytest.raises(InvalidInput) as unexplained:
        data_request_decline(token=token_of(by_link.link), reason="  ", source="web")
    declined = data_request_decline(
        token=token_of(by_link.link), reason="Patiënt is hier nooit geweest.", source="web"
    )
    data_request_decline(
        actor=cast.treating_user, request_id=by_login.request.pk, reason="Geen modellen.", source="web"
    )

    assert unexplained.value.field == "reason"
    assert (declined.state, declined.decline_reason) == ("declined", "Patiënt is hier nooit geweest.")
    assert DataRequest.objects.filter(state="declined").count() == 2
    assert Notification.objects.filter(kind="records_request_declined").count() == 2
    with pytest.raises(NotFound):
        data_request_fulfil_by_link(token=token_of(by_link.link), uploads=[xray()], source="web")
