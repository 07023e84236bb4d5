"""Review at 360 px: the giver's declaration of independence (R10), made while the product spoke Dutch,
was quoted in Dutch on the English case page. The stored statement is the product's one statement, so
the page shows it in the reader's language; a statement of other words is shown as it was stored."""

import pytest
from django.test import Client
from django.urls import reverse

from secondopinion.directory.models import IndependenceDeclaration
from secondopinion.directory.services import STATEMENT
from tests.reading import visible_text

pytestmark = pytest.mark.django_db


def declaration_card(user, case, language: str) -> str:
    client = Client(HTTP_ACCEPT_LANGUAGE=language)
    client.force_login(user)
    response = client.get(reverse("web:case", args=[case.pk]))
    assert response.status_code == 200
    page = response.content.decode()
    start = page.index('id="independence"')
    return visible_text(page[start : page.index("</section>", start)])


@pytest.mark.parametrize("who", ["giver_user", "coordinator"])
def test_the_declaration_is_quoted_in_the_readers_language(cast, a_case, advance, who):
    case = advance(a_case, "informed")
    assert IndependenceDeclaration.objects.get(case=case).statement == STATEMENT.nl  # declared in Dutch

    english = declaration_card(getattr(cast, who), case, "en")
    dutch = declaration_card(getattr(cast, who), case, "nl")

    assert STATEMENT.en in english
    assert STATEMENT.nl not in english
    assert STATEMENT.nl in dutch


def test_other_stored_words_are_shown_as_stored(cast, a_case, advance):
    case = advance(a_case, "informed")
    older = "Ik verklaar onafhankelijk te zijn (oudere tekst)."
    IndependenceDeclaration.objects.filter(case=case).update(statement=older)

    assert older in declaration_card(cast.giver_user, case, "en")
