"""R18: consents are explicit, purpose-bound, recorded with who/when/how, and revocable."""

import pytest

from secondopinion.audit.models import AccessEvent
from secondopinion.cases.snapshot import snapshot_of
from secondopinion.consent.models import Consent
from tests.access.complaints import _complaint

pytestmark = pytest.mark.django_db


def test_the_patient_declares_consent_in_the_app(api_as, a_case, cast):
    response = api_as("patient_user").post(f"/cases/{a_case.pk}/consents", {"purpose": "request_records"})

    assert response.status_code == 201
    body = response.json()
    assert (body["method"], body["given_by_name"], body["revoked_at"]) == ("in_app", cast.patient.name, None)
    assert snapshot_of(a_case).records_consent


def test_staff_record_only_a_signed_declaration_and_name_who_gave_it(api_as, a_case):
    coordinator = api_as("coordinator")

    unnamed = coordinator.post(
        f"/cases/{a_case.pk}/consents", {"purpose": "consult_colleague", "method": "signed_upload"}
    )
    in_app = coordinator.post(
        f"/cases/{a_case.pk}/consents",
        {"purpose": "consult_colleague", "method": "in_app", "given_by_name": "P. de Vries"},
    )
    signed = coordinator.post(
        f"/cases/{a_case.pk}/consents",
        {
            "purpose": "consult_colleague",
            "method": "signed_upload",
            "given_by_name": "P. de Vries",
            "scope": "Dr. Smit",
        },
    )

    assert (unnamed.status_code, unnamed.json()["field"]) == (422, "given_by_name")
    assert (in_app.status_code, in_app.json()["field"]) == (422, "method")
    # R18: the signed form itself must come along (multipart, …/consents/signed-form:
    # tests/consent/test_signed_upload.py); without it nothing is recorded.
    assert (signed.status_code, signed.json()["field"]) == (422, "file")
    assert Consent.objects.count() == 0


def test_a_revocation_stops_what_the_consent_allowed_from_then_on(api_as, a_case):
    patient = api_as("patient_user")
    consent = patient.post(f"/cases/{a_case.pk}/consents", {"purpose": "request_records"}).json()

    revoked = patient.post(f"/cases/{a_case.pk}/consents/{consent['id']}/revoke")
    again = patient.post(f"/cases/{a_case.pk}/consents/{consent['id']}/revoke")

    assert revoked.status_code == 200
    assert revoked.json()["revoked_at"] is not None
    assert again.status_code == 409  # already revoked: the consent's state, not the input
    snapshot = snapshot_of(a_case)
    assert not snapshot.records_consent
    assert snapshot.revoked_consents == frozenset({"request_records"})
    assert [c["revoked_at"] is not None for c in patient.get(f"/cases/{a_case.pk}/consents").json()] == [True]


@pytest.mark.parametrize(
    ("who", "status"), [("treating_user", 404), ("stranger", 404), ("complaints_officer", 403)]
)
def test_nobody_else_records_or_revokes_consent(api_as, a_case, who, status):
    if who == "complaints_officer":
        _complaint(a_case)  # need to know: the officer is related while a complaint is handled
    assert (
        api_as(who).post(f"/cases/{a_case.pk}/consents", {"purpose": "request_records"}).status_code == status
    )
    assert Consent.objects.count() == 0


def test_recording_and_revoking_each_leave_one_access_event(api_as, a_case):
    patient = api_as("patient_user")
    before = AccessEvent.objects.count()

    consent = patient.post(f"/cases/{a_case.pk}/consents", {"purpose": "inform_own_practitioner"}).json()
    patient.post(f"/cases/{a_case.pk}/consents/{consent['id']}/revoke")

    assert list(AccessEvent.objects.order_by("id").values_list("data", flat=True)[before:]) == [
        "consent:inform_own_practitioner",
        "consent:inform_own_practitioner:revoked",
    ]
