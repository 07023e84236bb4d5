"""Helpers for the front door: signing up through allauth's real pages and reading the e-mails."""

import re

from django.core import mail
from django.test import Client
from django.urls import reverse

from tests.factories import valid_bsn

NEW_PASSWORD = "een-lange-zin-als-wachtwoord"
NEW_BSN = valid_bsn(90_001)


def links_in(message) -> list[str]:
    """The paths of the links in an e-mail (the site address in front of them dropped)."""
    return [re.sub(r"^https?://[^/]+", "", link) for link in re.findall(r"https?://\S+", message.body)]


def sign_up(client: Client, email: str, next_url: str = "") -> None:
    """Sign up and confirm the e-mail address from the link in the outbox, in this client's session."""
    sent = len(mail.outbox)
    query = f"?next={next_url}" if next_url else ""
    response = client.post(
        f"{reverse('account_signup')}{query}",
        {"email": email, "password1": NEW_PASSWORD, "password2": NEW_PASSWORD, "next": next_url},
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    assert response.url == reverse("account_email_verification_sent")
    assert len(mail.outbox) == sent + 1
    confirm = next(link for link in links_in(mail.outbox[-1]) if "/account/confirm-email/" in link)
    assert client.get(confirm).status_code == 200
    return client.post(confirm)
