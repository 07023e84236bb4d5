"""django-allauth's e-mails and the flows that send them speak the product's Dutch: sign-up, password
reset, password change, e-mail change, the code to confirm it is you and logging out, each in Dutch
and English, formal, and naming no username allauth made up (tests/accounts/allauth_reading.py reads
them as the patient does)."""

import pytest
from django.core import mail

from secondopinion.accounts.models import User
from tests.accounts.allauth_reading import (
    LANGUAGES,
    OTHER_PASSWORD,
    client_in,
    link,
    logged_in,
    mail_text,
    only_new_mail,
    page_text,
    reads,
    say,
    signed_up,
    without,
)
from tests.conftest import PASSWORD
from tests.front_door.conftest import NEW_PASSWORD, links_in
from tests.reading import says

pytestmark = pytest.mark.django_db

# --- Sign-up and its e-mail ------------------------------------------------------------------------


@pytest.mark.parametrize("language", LANGUAGES)
def test_sign_up_its_e_mail_and_the_confirmation_name_no_made_up_username(cast, language):
    client = client_in(language)
    email = "noor@example.nl"

    waiting = client.post(
        "/account/signup/",
        {"email": email, "password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
        follow=True,
    )
    message = only_new_mail(0)
    confirm = link(message, "/account/confirm-email/")
    page = page_text(client.get(confirm))
    confirmed = page_text(client.post(confirm, follow=True))

    username = User.objects.get(email=email).username
    reads(
        page_text(waiting),
        say(language, f"We hebben een e-mail gestuurd naar {email}", f"Confirmation email sent to {email}"),
    )
    reads(
        mail_text(message),
        say(
            language, "Is dit uw e-mailadres? Bevestig het dan met deze link:", "Is this your e-mail address?"
        ),
    )
    assert mail_text(message).startswith(
        say(
            language,
            "Tweede Mening: Bevestig uw e-mailadres Goedendag,",
            "Tweede Mening: Please Confirm Your Email Address Hello,",
        )
    )
    reads(
        page,
        say(
            language,
            f"Is {email} uw e-mailadres? Bevestig het dan met de knop hieronder.",
            f"Is {email} your e-mail address?",
        ),
    )
    reads(
        confirmed,
        say(language, f"U heeft uw e-mailadres {email} bevestigd. U bent ingelogd.", "You are logged in."),
    )
    for text in (mail_text(message), page, confirmed):
        assert not says(without(text, email, confirm), username), text


@pytest.mark.parametrize("language", LANGUAGES)
def test_signing_up_with_a_known_address_sends_a_formal_e_mail(patient_with_address, language):
    client_in(language).post(
        "/account/signup/",
        {"email": "petra@example.nl", "password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
    )

    reads(
        mail_text(only_new_mail(0)),
        say(language, "Weet u uw wachtwoord niet meer?", "please use the password forgotten procedure"),
    )


# --- Password reset and its e-mails ----------------------------------------------------------------


@pytest.mark.parametrize("language", LANGUAGES)
def test_password_reset_end_to_end_is_formal_and_names_no_made_up_username(cast, language):
    client, user = signed_up(language)
    client.post("/account/logout/")
    sent = len(mail.outbox)

    client.post("/account/password/reset/", {"email": user.email})
    message = only_new_mail(sent)
    form = client.get(link(message, "/account/password/reset/key/"), follow=True)
    set_url = form.redirect_chain[-1][0]
    refused = page_text(client.post(set_url, {"password1": "kort", "password2": "kort"}))
    sent = len(mail.outbox)
    done = page_text(
        client.post(set_url, {"password1": OTHER_PASSWORD, "password2": OTHER_PASSWORD}, follow=True)
    )
    notice = only_new_mail(sent)

    text = mail_text(message)
    reads(text, say(language, "U logt in met dit e-mailadres.", "You log in with this e-mail address."))
    assert not says(without(text, user.email, *links_in(message)), user.username), text
    reads(page_text(form), say(language, "Nieuw wachtwoord", "New Password"))
    reads(refused, say(language, "Dit wachtwoord is te kort.", "This password is too short."))
    reads(done, say(language, "Uw wachtwoord is veranderd.", "Your password is now changed."))
    reads(
        mail_text(notice),
        say(
            language, "Er is een nieuw wachtwoord ingesteld voor uw account.", "Your password has been reset."
        ),
    )
    reads(
        mail_text(notice),
        say(language, "Heeft u dit niet zelf gedaan?", "If you do not recognize this change"),
    )


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_username_the_person_chose_is_named_in_the_reset_e_mail(cast, language):
    cast.patient_user.email = "p.devries@example.nl"
    cast.patient_user.save(update_fields=["email"])

    client_in(language).post("/account/password/reset/", {"email": "p.devries@example.nl"})

    reads(
        mail_text(only_new_mail(0)),
        say(
            language,
            "U logt in met dit e-mailadres of met uw gebruikersnaam: petra",
            "or with your username: petra",
        ),
    )


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_reset_for_an_unknown_address_sends_a_formal_e_mail(cast, language):
    client_in(language).post("/account/password/reset/", {"email": "niemand@example.nl"})

    reads(
        mail_text(only_new_mail(0)),
        say(language, "Wij hebben geen account met dit e-mailadres.", "we do not have any record"),
    )


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_password_change_leaves_a_formal_message_and_notice(patient_with_address, language):
    client = logged_in(patient_with_address, language)

    done = page_text(
        client.post(
            "/account/password/change/",
            {"oldpassword": PASSWORD, "password1": OTHER_PASSWORD, "password2": OTHER_PASSWORD},
            follow=True,
        )
    )

    reads(done, say(language, "Uw wachtwoord is veranderd.", "Password successfully changed."))
    reads(
        mail_text(only_new_mail(0)),
        say(language, "Uw wachtwoord is veranderd.", "Your password has been changed."),
    )


# --- E-mail change and its e-mails -----------------------------------------------------------------


@pytest.mark.parametrize("language", LANGUAGES)
def test_an_e_mail_change_end_to_end_is_formal(patient_with_address, language):
    client = logged_in(patient_with_address, language)

    pending = page_text(
        client.post("/account/email/", {"action_add": "", "email": "petra@example.com"}, follow=True)
    )
    message = only_new_mail(0)
    confirm = link(message, "/account/confirm-email/")
    page = page_text(client.get(confirm))
    sent = len(mail.outbox)
    client.post(confirm)
    changed = only_new_mail(sent)

    reads(
        pending,
        say(
            language,
            "Dit e-mailadres is nog niet bevestigd.",
            "Your email address is still pending verification.",
        ),
    )
    reads(
        mail_text(message),
        say(
            language, "Is dit uw e-mailadres? Bevestig het dan met deze link:", "Is this your e-mail address?"
        ),
    )
    reads(
        page,
        say(language, "Is petra@example.com uw e-mailadres?", "Is petra@example.com your e-mail address?"),
    )
    reads(
        mail_text(changed),
        say(
            language,
            "Uw e-mailadres is veranderd van petra@example.nl in petra@example.com.",
            "Your email has been changed from petra@example.nl to petra@example.com.",
        ),
    )


@pytest.mark.parametrize("language", LANGUAGES)
def test_cancelling_an_e_mail_change_sends_a_formal_notice(patient_with_address, language):
    client = logged_in(patient_with_address, language)
    client.post("/account/email/", {"action_add": "", "email": "petra@example.com"})
    sent = len(mail.outbox)

    client.post("/account/email/", {"action_remove": "", "email": "petra@example.com"})

    reads(
        mail_text(only_new_mail(sent)),
        say(
            language,
            "Het e-mailadres petra@example.com is van uw account verwijderd.",
            "has been removed from your account",
        ),
    )


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_code_to_confirm_it_is_you_is_formal(patient_with_address, language):
    client = logged_in(patient_with_address, language)

    asked = page_text(
        client.post("/account/reauthenticate/code/", {"recipient": "petra@example.nl"}, follow=True)
    )
    never_sent = "K7PQ-2MX4"  # a well-formed code that allauth did not send
    wrong = page_text(client.post("/account/reauthenticate/code/confirm/", {"code": never_sent}))

    reads(asked, say(language, "De code is maar kort geldig.", "The code expires shortly"))
    reads(wrong, say(language, "De code klopt niet.", "Incorrect code."))
    reads(
        mail_text(only_new_mail(0)),
        say(language, "Hieronder staat uw inlogcode.", "Your sign-in code is listed below."),
    )


@pytest.mark.parametrize("language", LANGUAGES)
def test_logging_out_leaves_a_formal_message(patient_with_address, language):
    text = page_text(logged_in(patient_with_address, language).post("/account/logout/", follow=True))

    reads(text, say(language, "U bent uitgelogd.", "You have signed out."))
