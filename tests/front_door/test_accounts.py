"""Patient accounts (django-allauth): sign-up with a verified e-mail address, the profile that links
the account to a patient record, password reset, the deletion request; practitioners still give
their second factor, and failed logins still end in the lockout."""

import re

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.test import Client
from django.urls import reverse

from secondopinion.accounts.models import AccountDeletionRequest, PatientProfileHold, User
from secondopinion.audit.models import AccessEvent
from secondopinion.directory.models import Patient
from tests.conftest import PASSWORD
from tests.front_door.conftest import NEW_BSN, NEW_PASSWORD, links_in, sign_up

pytestmark = pytest.mark.django_db

PROFILE = {"name": "Noor Bakker", "date_of_birth": "14-03-1988", "bsn": NEW_BSN}


def test_sign_up_verify_and_complete_the_profile_links_a_new_patient(cast):
    client = Client()

    confirmed = sign_up(client, "noor@example.nl")

    user = User.objects.get(email="noor@example.nl")
    assert EmailAddress.objects.get(user=user).verified
    assert confirmed.status_code == 302
    assert confirmed.url.startswith(reverse("patient-profile"))
    form = client.get(confirmed.url)
    assert "Burgerservicenummer (BSN)" in form.content.decode()

    saved = client.post(reverse("patient-profile"), {**PROFILE, "next": "/"})

    assert saved.status_code == 302
    patient = Patient.objects.get(user=user)
    assert (patient.bsn, patient.name, str(patient.date_of_birth)) == (NEW_BSN, "Noor Bakker", "1988-03-14")
    assert "Uw gegevens" not in client.get(reverse("patient-profile"), follow=True).content.decode()
    # The record's creation is in the access log, in the patient's own name, and she reads it in plain words.
    created = AccessEvent.objects.get(patient=patient, action="create")
    assert (created.actor_id, created.data, created.role, created.source) == (
        user.pk,
        "identity",
        "patient",
        "web",
    )
    log = client.get(reverse("web:access-log"), {"mine": "on"}, HTTP_ACCEPT_LANGUAGE="nl").content.decode()
    assert "uw identiteit (BSN en geboortedatum)" in log


def test_the_verification_e_mail_is_dutch_by_default_and_nothing_works_before_it_is_confirmed(cast):
    client = Client()
    client.post(
        reverse("account_signup"),
        {"email": "sem@example.nl", "password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
    )

    assert len(mail.outbox) == 1
    assert "sem@example.nl" in mail.outbox[0].to
    assert "e-mailadres" in mail.outbox[0].body.lower()
    # Logging in at /login/ before confirming: sent back to confirm the address, not logged in.
    response = client.post(reverse("web:login"), {"username": "sem@example.nl", "password": NEW_PASSWORD})
    assert response.status_code == 302
    held = client.get(response.url)
    assert held.status_code == 302
    assert held.url == reverse("account_email_verification_sent")
    assert client.get(reverse("web:case-new")).url.startswith(reverse("web:login"))


def test_a_profile_is_refused_with_a_wrong_bsn_or_date_naming_the_field(cast):
    client = Client()
    sign_up(client, "kim@example.nl")

    response = client.post(
        reverse("patient-profile"), {**PROFILE, "bsn": "123456789", "date_of_birth": "31-02-1990"}
    )

    assert response.status_code == 422
    assert set(response.context["form"].errors) == {"bsn", "date_of_birth"}
    assert not Patient.objects.filter(user__email="kim@example.nl").exists()


def test_a_bsn_that_belongs_to_another_patient_is_held_for_the_practice_and_reveals_nothing(cast):
    client = Client()
    sign_up(client, "mala@example.nl")

    response = client.post(
        reverse("patient-profile"), {**PROFILE, "bsn": cast.patient.bsn, "name": "Mala Jansen"}
    )

    assert response.status_code == 200
    html = response.content.decode()
    assert "We nemen contact met u op" in html
    assert cast.patient.name not in html
    assert cast.patient.bsn not in html
    user = User.objects.get(email="mala@example.nl")
    assert not Patient.objects.filter(user=user).exists()
    assert Patient.objects.get(bsn=cast.patient.bsn).user == cast.patient_user
    assert PatientProfileHold.objects.get(user=user).bsn == cast.patient.bsn
    # The wizard waits for the practice too.
    assert client.get(reverse("journey:request-who")).url.startswith(reverse("patient-profile"))


def test_a_new_bsn_gets_the_same_kind_of_answer_on_the_same_page_the_held_one_does_not_differ_by_name(cast):
    """Two held profiles for two different known BSNs show the same page: nothing of either patient."""
    pages = []
    for email, patient in (("a@example.nl", cast.patient), ("b@example.nl", cast.other_patient_user.patient)):
        client = Client()
        sign_up(client, email)
        client.get(reverse("account_email"))  # the sign-up's messages are shown and gone
        html = client.post(reverse("patient-profile"), {**PROFILE, "bsn": patient.bsn}).content.decode()
        pages.append(
            re.sub(r'<span class="user-name">[^<]*</span>|name="csrfmiddlewaretoken" value="[^"]*"', "", html)
        )

    assert pages[0] == pages[1]


def test_password_reset_end_to_end_through_the_outbox(cast):
    client = Client()
    sign_up(client, "lotte@example.nl")
    client.post(reverse("web:logout"))
    mail.outbox.clear()

    asked = client.post(reverse("account_reset_password"), {"email": "lotte@example.nl"})
    assert asked.status_code == 302
    assert len(mail.outbox) == 1
    link = next(link for link in links_in(mail.outbox[0]) if "/account/password/reset/key/" in link)
    form = client.get(link, follow=True)
    assert form.status_code == 200
    set_url = form.redirect_chain[-1][0] if form.redirect_chain else link
    done = client.post(
        set_url, {"password1": "een-nieuw-lang-wachtwoord", "password2": "een-nieuw-lang-wachtwoord"}
    )
    assert done.status_code == 302

    old = Client().post(reverse("web:login"), {"username": "lotte@example.nl", "password": NEW_PASSWORD})
    new = Client().post(
        reverse("web:login"), {"username": "lotte@example.nl", "password": "een-nieuw-lang-wachtwoord"}
    )
    assert old.status_code == 200
    assert new.status_code == 302


def test_a_password_reset_for_an_unknown_address_tells_nothing(cast):
    response = Client().post(reverse("account_reset_password"), {"email": "niemand@example.nl"})

    assert response.status_code == 302
    assert all("password/reset/key" not in message.body for message in mail.outbox)


def test_an_account_deletion_request_is_recorded_the_practice_told_and_nothing_deleted(
    client, cast, settings, django_capture_on_commit_callbacks
):
    settings.ADMINS = ["beheer@example.nl"]
    client.force_login(cast.patient_user)
    page = client.get(reverse("account-deletion"))
    assert "20 jaar" in page.content.decode()

    refused = client.post(reverse("account-deletion"), {"reason": "Ik verhuis."})
    assert refused.status_code == 422
    assert not AccountDeletionRequest.objects.exists()

    with django_capture_on_commit_callbacks(execute=True):
        done = client.post(reverse("account-deletion"), {"reason": "Ik verhuis.", "confirm": "on"})

    assert done.status_code == 200
    request = AccountDeletionRequest.objects.get()
    assert (request.user, request.reason) == (cast.patient_user, "Ik verhuis.")
    assert [message.to for message in mail.outbox] == [
        ["beheer@example.nl"]
    ]  # no case yet: the administrators
    assert "Ik verhuis." not in mail.outbox[0].body
    assert User.objects.filter(pk=cast.patient_user.pk, is_active=True).exists()
    assert Patient.objects.filter(pk=cast.patient.pk).exists()


def test_the_deletion_page_asks_for_a_login(cast):
    response = Client().get(reverse("account-deletion"))

    assert response.status_code == 302
    assert response.url.startswith(reverse("web:login"))


def test_the_email_change_page_is_there_for_a_logged_in_patient(cast):
    client = Client()
    sign_up(client, "ravi@example.nl")

    response = client.post(reverse("account_email"), {"action_add": "", "email": "ravi@example.com"})

    assert response.status_code == 302
    assert any("ravi@example.com" in message.to for message in mail.outbox)


@pytest.mark.second_factor
def test_a_practitioner_logging_in_with_an_e_mail_address_still_needs_the_code(cast):
    from tests.accounts.conftest import authenticator

    authenticator(cast.giver_user)
    cast.giver_user.email = "gever@example.nl"
    cast.giver_user.save()
    client = Client()

    logged_in = client.post(reverse("web:login"), {"username": "gever@example.nl", "password": PASSWORD})

    assert logged_in.status_code == 302
    assert client.get(reverse("web:home"))["Location"].startswith(reverse("web:otp-verify"))
    assert client.get(reverse("account_email"))["Location"].startswith(reverse("web:otp-verify"))


def test_failed_logins_with_an_e_mail_address_end_in_the_lockout(cast):
    client = Client()
    sign_up(client, "tess@example.nl")
    client.post(reverse("web:logout"))

    statuses = [
        client.post(reverse("web:login"), {"username": "tess@example.nl", "password": "fout"}).status_code
        for _ in range(5)
    ]
    locked = client.post(reverse("web:login"), {"username": "tess@example.nl", "password": NEW_PASSWORD})

    assert statuses == [200, 200, 200, 200, 429]
    assert locked.status_code == 429
