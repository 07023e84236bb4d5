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
from django.utils import translation

from secondopinion.accounts.adapter import username_was_chosen
from secondopinion.accounts.models import User
from tests.accounts.allauth_reading import (
    LANGUAGES,
    client_in,
    informal,
    logged_in,
    page_text,
    reads,
    say,
)

pytestmark = pytest.mark.django_db

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
