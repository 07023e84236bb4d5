"""Review at 360 px: a GP or treating dentist with no case yet read "Er zijn geen casussen aan u
toegewezen" under "Aan mij toegewezen", words for a giver. With nothing at all the home page says what
will appear there and where reports wait; once there is a case, or when a search finds nothing, the
worklist speaks as before."""

import pytest
from django.test import Client
from django.urls import reverse

from tests.reading import visible_text

pytestmark = pytest.mark.django_db

NOTHING_YET = {
    "nl": "U heeft nog geen casussen. Hier komen de second opinions die u voor een patiënt aanvraagt",
    "en": "You have no cases yet. The second opinions you ask for a patient, refer a patient for",
}
ASSIGNED = {"nl": "Aan mij toegewezen", "en": "Assigned to me"}


def home(user, language: str, **query) -> str:
    client = Client()
    client.force_login(user)
    response = client.get(reverse("web:home"), query, HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 200
    return visible_text(response.content.decode())


@pytest.mark.parametrize("language", ["nl", "en"])
@pytest.mark.parametrize("who", ["gp_user", "treating_user", "giver_user"])
def test_a_practitioner_without_cases_is_told_what_will_appear(cast, who, language):
    text = home(getattr(cast, who), language)

    assert NOTHING_YET[language] in text
    assert ASSIGNED[language] not in text
    assert {"nl": "aan u toegewezen.", "en": "assigned to you."}[language] not in text


def test_a_search_that_finds_nothing_is_not_called_an_empty_start(cast):
    text = home(cast.gp_user, "nl", q="TM-1999-99999")

    assert NOTHING_YET["nl"] not in text
    assert "Er zijn geen casussen aan u toegewezen." in text


def test_the_giver_with_an_assigned_case_sees_it_under_assigned_to_me(cast, submit, advance):
    case = advance(submit(), "assigned")
    text = home(cast.giver_user, "nl")

    assert NOTHING_YET["nl"] not in text
    assert ASSIGNED["nl"] in text
    assert case.reference in text
