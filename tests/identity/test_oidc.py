"""Identity verified through an OpenID Connect provider (DigiD through a broker), with a local test
provider: django-allauth's `openid_connect` provider configured for "testidp", and the token and
userinfo exchange mocked at the provider's `complete_login` — the SocialLogin it returns is built
by the real provider from the claims (`sociallogin_from_response`) and run through allauth's own
completion (`complete_social_login`), which sends `pre_social_login` to directory/oidc.py.

A BSN claim equal to the logged-in patient's verifies the identity (method oidc, logged); another is
refused with a plain page and recorded in the security log; no claim changes nothing."""

import pytest
from django.contrib.messages.storage.fallback import FallbackStorage
from django.contrib.sessions.backends.db import SessionStore
from django.test import RequestFactory

from secondopinion.audit.models import AccessEvent, SecurityEvent
from secondopinion.audit.security import collecting, flush
from secondopinion.directory.models import Patient

pytestmark = pytest.mark.django_db

PROVIDERS = {
    "openid_connect": {
        "APPS": [
            {
                "provider_id": "testidp",
                "name": "Test-DigiD",
                "client_id": "tweede-mening",
                "secret": "geheim",
                "settings": {"server_url": "https://idp.test", "fetch_userinfo": True},
            }
        ]
    }
}


@pytest.fixture
def oidc(settings):
    settings.SOCIALACCOUNT_PROVIDERS = PROVIDERS
    settings.TM_OIDC_BSN_CLAIM = "urn:nl:bsn"


def unverified(patient: Patient) -> Patient:
    Patient.objects.filter(pk=patient.pk).update(identity_verified_at=None, identity_verified_method="")
    patient.refresh_from_db()
    return patient


def complete(user, claims: dict, process: str = "connect"):
    """What the callback does after the provider's token and userinfo exchange (mocked: the claims)."""
    from allauth.socialaccount.adapter import get_adapter
    from allauth.socialaccount.helpers import complete_social_login

    request = RequestFactory().get("/accounts/oidc/testidp/login/callback/", secure=True)
    request.user = user
    request.session = SessionStore()
    request._messages = FallbackStorage(request)
    provider = get_adapter().get_provider(request, "testidp")
    login = provider.sociallogin_from_response(request, {"userinfo": claims, "id_token": claims})
    login.state = {"process": process}
    with collecting() as notes:
        response = complete_social_login(request, login)
    flush(request, notes, response)
    return response


def test_a_matching_bsn_claim_verifies_the_identity(cast, oidc):
    patient = unverified(cast.patient)

    complete(cast.patient_user, {"sub": "digid-1", "urn:nl:bsn": patient.bsn})

    patient.refresh_from_db()
    assert patient.identity_verified_at is not None
    assert patient.identity_verified_method == "oidc"
    assert patient.identity_verified_by is None
    event = AccessEvent.objects.get(data="identity", action="update")
    assert event.patient_id == patient.pk
    assert event.role == "patient"


def test_another_bsn_is_refused_with_a_clear_page_and_recorded(cast, oidc):
    patient = unverified(cast.patient)

    response = complete(cast.patient_user, {"sub": "digid-2", "urn:nl:bsn": "100000022"})

    assert response.status_code == 403
    page = response.content.decode()
    assert "hoort niet bij dit account" in page
    patient.refresh_from_db()
    assert patient.identity_verified_at is None
    refused = SecurityEvent.objects.get(kind="identification_failed", actor=cast.patient_user)
    assert "oidc mismatch" in refused.detail
    assert "100000022" not in refused.detail
    assert not AccessEvent.objects.filter(data="identity").exists()


def test_a_login_without_the_bsn_claim_changes_nothing(cast, oidc):
    patient = unverified(cast.patient)

    complete(cast.patient_user, {"sub": "digid-3", "bsn": patient.bsn})  # not the configured claim

    patient.refresh_from_db()
    assert patient.identity_verified_at is None
