"""What the tests of allauth's formal Dutch share: reading a page or an e-mail as the patient does,
the informal words looked for, and a patient signed up or with a confirmed address."""

import re

from django.core import mail
from django.test import Client

from secondopinion.accounts.models import User
from tests.front_door.conftest import NEW_PASSWORD, links_in
from tests.reading import says, visible_text

INFORMAL = ("je", "jij", "jouw", "jou", "jezelf", "jullie")
LANGUAGES = ("nl", "en")
OTHER_PASSWORD = "een-heel-ander-lang-wachtwoord"


def informal(text: str) -> list[str]:
    """The informal words standing as words of their own in `text` (at the start of a sentence too),
    outside its links: a reset link's random key may hold "je" between dashes ("…/key/je-dj3f53-…")."""
    words = re.sub(r"https?://\S+", " ", text.lower())
    return [word for word in INFORMAL if says(words, word)]


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
