"""R14 on the patient's home list: a request whose advice she hears in a conversation says "the advice is
ready", not "your report is ready", until she asks for it in writing; the list's query count is the same
as for written reports."""

import pytest
from django.urls import reverse

from tests.distribution.test_in_writing_web import NOT_WRITTEN, _ask, _case
from tests.performance.counting import measured
from tests.reading import visible_text
from tests.scenarios.seed_web import client_for, to_report_final

pytestmark = pytest.mark.django_db


def _home(user) -> tuple[str, int]:
    client = client_for(user)
    client.get(reverse("web:home"))  # warm: the first request fills what the process keeps
    count, response, _sql = measured(lambda: client.get(reverse("web:home")))
    assert response.status_code == 200
    return visible_text(response.content.decode()), count


def test_the_home_list_says_the_advice_is_ready_then_the_report_once_asked(cast):
    case, giver = _case(cast, "denturist-ont")
    to_report_final(cast.coordinator, giver.user, case, **NOT_WRITTEN)

    spoken, spoken_queries = _home(cast.patient_user)

    assert "Het advies is klaar." in spoken
    assert "Uw rapport is klaar." not in spoken

    assert _ask(cast.patient_user, case).status_code == 302
    written, written_queries = _home(cast.patient_user)

    assert "Uw rapport is klaar." in written
    assert "Het advies is klaar." not in written
    assert written_queries == spoken_queries
