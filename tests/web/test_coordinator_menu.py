"""The main menu leads a coordinator to the team and to the paper-consent page (R8, for a patient
without e-mail); nobody else is offered them, as the access table and the pages themselves decide."""

import pytest
from django.test import Client
from django.urls import reverse

from secondopinion.access import permissions
from secondopinion.access.permissions import Action, Permission

pytestmark = pytest.mark.django_db

PAPER = reverse("web:representation-paper")
TEAM = reverse("web:staff")


def menu(user) -> str:
    client = Client()
    client.force_login(user)
    page = client.get(reverse("web:home"), HTTP_ACCEPT_LANGUAGE="nl")
    assert page.status_code == 200
    html = page.content.decode()
    return html[html.index('class="site-nav"') : html.index("</nav>")]


def test_the_coordinators_menu_leads_to_the_paper_consent_page_and_the_team(cast):
    nav = menu(cast.coordinator)

    assert f'href="{PAPER}"' in nav
    assert "Toestemming op papier" in nav
    assert f'href="{TEAM}"' in nav
    client = Client()
    client.force_login(cast.coordinator)
    assert client.get(PAPER).status_code == 200


@pytest.mark.parametrize(
    "who", ["patient_user", "representative", "giver_user", "complaints_officer", "gp_user"]
)
def test_nobody_else_is_offered_it(cast, who):
    nav = menu(getattr(cast, who))

    assert PAPER not in nav
    assert TEAM not in nav


def test_the_link_follows_the_access_table(cast, monkeypatch):
    """Were coordinators no longer to record consents, the menu would stop offering the page."""
    table = dict(permissions.PERMISSIONS)
    table[Action.RECORD_CONSENT] = Permission(frozenset(), table[Action.RECORD_CONSENT].refusal)
    monkeypatch.setattr(permissions, "PERMISSIONS", table)

    assert PAPER not in menu(cast.coordinator)


UNLISTED = reverse("journey:unlisted")


def worklist_head(user) -> str:
    client = Client()
    client.force_login(user)
    page = client.get(reverse("web:home"), HTTP_ACCEPT_LANGUAGE="nl")
    assert page.status_code == 200
    html = page.content.decode()
    return html[html.index("<main") : html.index("</main>")]


def test_the_coordinators_worklist_leads_to_the_requests_with_a_practitioner_to_look_up(cast):
    head = worklist_head(cast.coordinator)

    assert f'href="{UNLISTED}"' in head
    assert "Aanvragen met een behandelaar om op te zoeken" in head


@pytest.mark.parametrize("who", ["patient_user", "representative", "giver_user", "complaints_officer"])
def test_nobody_elses_home_links_to_the_requests_to_look_up(cast, who):
    assert UNLISTED not in worklist_head(getattr(cast, who))
