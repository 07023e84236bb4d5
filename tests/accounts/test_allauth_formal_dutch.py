"""django-allauth's pages and e-mails under /account/ speak the product's Dutch: formal "u", never
allauth's own "je/jij/jouw", and complete English. Every page a patient can reach there is read in
both languages as the patient reads it (tests/reading.py), anonymous and logged in, with its form
errors and the messages it leaves; so is every e-mail allauth sends (sign-up, e-mail change,
password reset, the notices after a change, the code to confirm it is you). None names the
username allauth made up at sign-up: the patient never chose it and logs in with the e-mail address.

The project's translations (secondopinion/locale/nl) come before allauth's own for the same msgid;
the last test checks that each allauth msgid whose own Dutch says "je" has a formal one in effect."""

import ast
import re
from pathlib import Path

import allauth
import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.test import Client
from django.utils import translation

from secondopinion.accounts.adapter import username_was_chosen
from secondopinion.accounts.models import User
from tests.conftest import PASSWORD
from tests.front_door.conftest import NEW_PASSWORD, links_in
from tests.reading import says, visible_text

pytestmark = pytest.mark.django_db

INFORMAL = ("je", "jij", "jouw", "jou", "jezelf", "jullie")
LANGUAGES = ("nl", "en")
OTHER_PASSWORD = "een-heel-ander-lang-wachtwoord"


def informal(text: str) -> list[str]:
    """The informal words standing as words of their own in `text` (at the start of a sentence too)."""
    return [word for word in INFORMAL if says(text.lower(), word)]


def page_text(response) -> str:
    assert response.status_code in (200, 401), (response.status_code, response.get("Location"))
    return visible_text(response.content.decode())


def mail_text(message) -> str:
    return visible_text(f"{message.subject}\n{message.body}")


def reads(text: str, sentence: str) -> None:
    """`text` says `sentence` and nothing informal."""
    assert sentence in text, text
    assert informal(text) == [], text


def say(language: str, nl: str, en: str) -> str:
    return nl if language == "nl" else en


def client_in(language: str) -> Client:
    return Client(HTTP_ACCEPT_LANGUAGE=language)


def new_mail(sent_before: int) -> list:
    return mail.outbox[sent_before:]


def only_new_mail(sent_before: int):
    [message] = new_mail(sent_before)
    return message


def link(message, part: str) -> str:
    return next(found for found in links_in(message) if part in found)


def without(text: str, *parts: str) -> str:
    for part in parts:
        text = text.replace(part, " ")
    return text


@pytest.fixture
def patient_with_address(cast) -> User:
    """Petra, logged in elsewhere with her confirmed e-mail address (chosen username "petra")."""
    user = cast.patient_user
    user.email = "petra@example.nl"
    user.save(update_fields=["email"])
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    return user


def logged_in(user: User, language: str) -> Client:
    client = client_in(language)
    client.force_login(user)
    return client


def signed_up(language: str, email: str = "noor@example.nl") -> tuple[Client, User]:
    """A new patient signed up and confirmed, logged in; the outbox holds the sign-up's e-mail."""
    client = client_in(language)
    answer = client.post(
        "/account/signup/", {"email": email, "password1": NEW_PASSWORD, "password2": NEW_PASSWORD}
    )
    assert answer.status_code == 302, answer.content.decode()[:2000]
    client.post(link(mail.outbox[-1], "/account/confirm-email/"))
    return client, User.objects.get(email=email)


# --- Pages -------------------------------------------------------------------------------------------

ANONYMOUS_PAGES = [
    (
        "/account/signup/",
        "Heeft u al een account? Log dan in",
        "Already have an account? Then please sign in",
    ),
    ("/account/confirm-email/", "Open de link in die e-mail", "Follow the link provided"),
    (
        "/account/confirm-email/not-a-key/",
        "Deze link om uw e-mailadres te bevestigen is verlopen of ongeldig.",
        "This email confirmation link expired or is invalid.",
    ),
    ("/account/password/reset/", "Vul hieronder uw e-mailadres in.", "Enter your email address below"),
    ("/account/password/reset/done/", "We hebben u een e-mail gestuurd.", "We have sent you an email."),
    (
        "/account/password/reset/key/1-not-a-key/",
        "Misschien is de link al gebruikt.",
        "it has already been used",
    ),
    ("/account/password/reset/key/done/", "Uw wachtwoord is veranderd.", "Your password is now changed."),
    ("/account/inactive/", "Deze account is inactief.", "This account is inactive."),
    ("/account/3rdparty/login/cancelled/", "Was dat een vergissing?", "If this was a mistake"),
    (
        "/account/3rdparty/login/error/",
        "Er ging iets mis toen u probeerde in te loggen via een andere dienst.",
        "An error occurred while attempting to login via your third-party account.",
    ),
]


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize(("url", "nl", "en"), ANONYMOUS_PAGES, ids=[page[0] for page in ANONYMOUS_PAGES])
def test_each_page_for_a_visitor_is_formal_and_complete(cast, language, url, nl, en):
    reads(page_text(client_in(language).get(url)), say(language, nl, en))


PATIENT_PAGES = [
    ("/account/email/", "Huidig e-mailadres:", "Current email:"),
    ("/account/password/change/", "Huidig wachtwoord", "Current Password"),
    ("/account/password/reset/", "U bent al ingelogd.", "You are already logged in."),
    ("/account/confirm-email/", "Open de link in die e-mail", "Follow the link provided"),
    ("/account/logout/", "Weet u zeker dat u wilt uitloggen?", "Are you sure you want to sign out?"),
    (
        "/account/reauthenticate/",
        "Bevestig eerst dat u het bent.",
        "Please reauthenticate to safeguard your account.",
    ),
    (
        "/account/reauthenticate/code/",
        "Stuur de code naar: petra@example.nl",
        "Send the code to: petra@example.nl",
    ),
    (
        "/account/3rdparty/",
        "Er is nog geen extern account aan uw account gekoppeld.",
        "You currently have no third-party accounts connected to this account.",
    ),
]


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize(("url", "nl", "en"), PATIENT_PAGES, ids=[page[0] for page in PATIENT_PAGES])
def test_each_page_for_a_logged_in_patient_is_formal_and_complete(
    patient_with_address, language, url, nl, en
):
    reads(page_text(logged_in(patient_with_address, language).get(url)), say(language, nl, en))


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_patient_without_an_address_is_asked_for_one_formally(cast, language):
    text = page_text(logged_in(cast.patient_user, language).get("/account/email/"))

    reads(
        text,
        say(
            language,
            "Uw account heeft nog geen e-mailadres.",
            "You currently do not have any email address set up.",
        ),
    )


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_identity_providers_pages_are_formal_and_complete(patient_with_address, language, settings):
    from tests.identity.test_oidc import PROVIDERS

    settings.SOCIALACCOUNT_PROVIDERS = PROVIDERS

    login = page_text(client_in(language).get("/account/oidc/testidp/login/"))
    connect = page_text(
        logged_in(patient_with_address, language).get("/account/oidc/testidp/login/?process=connect")
    )

    reads(
        login,
        say(
            language,
            "U gaat inloggen met een extern account van Test-DigiD.",
            "You are about to sign in using",
        ),
    )
    reads(
        connect,
        say(
            language,
            "U gaat een extern account van Test-DigiD aan uw account koppelen.",
            "You are about to connect",
        ),
    )


@pytest.mark.parametrize("language", LANGUAGES)
def test_form_errors_are_formal_and_complete(patient_with_address, language):
    visitor = client_in(language)
    patient = logged_in(patient_with_address, language)

    sign_up = page_text(
        visitor.post("/account/signup/", {"email": "x", "password1": "kort", "password2": "anders"})
    )
    change = page_text(
        patient.post(
            "/account/password/change/", {"oldpassword": "fout", "password1": "kort", "password2": "kort"}
        )
    )
    again = page_text(patient.post("/account/reauthenticate/", {"password": "fout"}))

    reads(
        sign_up,
        say(
            language,
            "Dit wachtwoord is te kort. Het moet minstens 12 tekens lang zijn.",
            "This password is too short.",
        ),
    )
    reads(change, say(language, "Vul uw huidige wachtwoord in.", "Please type your current password."))
    reads(again, say(language, "Het wachtwoord klopt niet.", "Incorrect password."))


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
    wrong = page_text(client.post("/account/reauthenticate/code/confirm/", {"code": "XXXX-XXXX"}))

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


# --- The catalogue and the username ----------------------------------------------------------------

ALLAUTH_CATALOGUE = Path(allauth.__file__).parent / "locale" / "nl" / "LC_MESSAGES" / "django.po"
# What this product installs of allauth (mfa, idp, usersessions and headless are not installed).
INSTALLED = (
    "account/",
    "socialaccount/",
    "templates/account/",
    "templates/socialaccount/",
    "templates/allauth/",
)


def allauth_dutch() -> list[tuple[str, dict[str, str]]]:
    """allauth's own Dutch catalogue: each entry's references and its fields (msgid, msgstr, …)."""
    entries = []
    for block in ALLAUTH_CATALOGUE.read_text(encoding="utf-8").split("\n\n"):
        references, fields, key = [], {}, ""
        for line in block.splitlines():
            if line.startswith("#: "):
                references += line[3:].split()
            elif found := re.match(r"(msgctxt|msgid_plural|msgid|msgstr(?:\[\d\])?) (\".*\")$", line):
                key = found.group(1)
                fields[key] = ast.literal_eval(found.group(2))
            elif line.startswith('"') and key:
                fields[key] += ast.literal_eval(line)
        if fields.get("msgid"):
            entries.append((" ".join(references), fields))
    return entries


def test_every_allauth_text_whose_own_dutch_says_je_has_a_formal_translation_in_effect():
    entries = allauth_dutch()
    informal_there = [
        fields
        for references, fields in entries
        if any(reference.startswith(INSTALLED) for reference in references.split())
        and any(informal(value) for key, value in fields.items() if key.startswith("msgstr"))
    ]
    assert len(entries) > 300  # the catalogue was read
    assert len(informal_there) > 50

    still = []
    with translation.override("nl"):
        for fields in informal_there:
            if "msgid_plural" in fields:
                said = [translation.ngettext(fields["msgid"], fields["msgid_plural"], n) for n in (1, 2)]
            elif "msgctxt" in fields:
                said = [translation.pgettext(fields["msgctxt"], fields["msgid"])]
            else:
                said = [translation.gettext(fields["msgid"])]
            if any(informal(text) for text in said):
                still.append(fields["msgid"])

    assert still == []


@pytest.mark.parametrize(
    ("username", "email", "chosen"),
    [
        ("noor", "noor@example.nl", False),  # what allauth makes at sign-up
        ("noor4k", "noor@example.nl", False),  # … when "noor" was taken
        ("anne.de.vries", "Anne.de.Vries@example.nl", False),
        ("noor@example.nl", "noor@example.nl", False),  # the address itself
        ("dr.bakker", "gever@example.nl", True),
        ("petra", "p.devries@example.nl", True),
    ],
)
def test_a_username_counts_as_chosen_only_when_it_is_not_made_from_the_address(username, email, chosen):
    user = User.objects.create_user(username=username, email=email)

    assert username_was_chosen(user) is chosen
