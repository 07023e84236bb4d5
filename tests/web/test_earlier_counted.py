"""R9: earlier requests on the same question are counted only so far (cases/earlier.py
EARLIER_COUNTED); beyond that the refuse panel says "or more", and the count costs the same."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from secondopinion.access.identity import user_with_identity
from secondopinion.cases import earlier as r9
from tests.web.conftest import case_url, html
from tests.web.test_earlier_requests import refuse_panel

pytestmark = pytest.mark.django_db


@pytest.fixture
def small_limits(monkeypatch):
    monkeypatch.setattr(r9, "EARLIER_SHOWN", 2)
    monkeypatch.setattr(r9, "EARLIER_COUNTED", 4)


def test_beyond_the_count_the_panel_says_or_more(small_limits, login, cast, submit):
    for _ in range(6):
        submit()
    latest = submit()

    panel = refuse_panel(html(login(cast.coordinator).get(case_url(latest))))

    assert panel.count('href="/cases/') == 2
    assert "De nieuwste 2 van 4 of meer eerdere aanvragen staan hier." in panel


def test_below_the_count_the_panel_names_the_exact_total(small_limits, login, cast, submit):
    for _ in range(3):
        submit()
    latest = submit()

    panel = refuse_panel(html(login(cast.coordinator).get(case_url(latest))))

    assert "De nieuwste 2 van 3 eerdere aanvragen staan hier." in panel


@pytest.mark.parametrize("earlier", [5, 12])
def test_the_count_stops_at_the_limit_and_costs_two_queries(small_limits, cast, submit, earlier):
    for _ in range(earlier):
        submit()
    latest = submit()
    reader = user_with_identity(cast.coordinator.pk)

    with CaptureQueriesContext(connection) as captured:
        shown = r9.earlier_requests(user=reader, case=latest)
        total = r9.earlier_total(shown)

    assert len(shown) == 2
    assert total == 4
    assert len(captured.captured_queries) == 2
    assert "LIMIT 4" in captured.captured_queries[-1]["sql"]
