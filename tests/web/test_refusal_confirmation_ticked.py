"""R9: the page confirming a refusal as a repeated request sums up every ticked earlier request by its
reference (TM-YYYY-NNNNN) and day, also one older than the newest the refuse panel shows
(cases/earlier.py EARLIER_SHOWN, set to 2 here): those are read in one query, however many."""

import pytest

from secondopinion.cases import earlier as r9
from secondopinion.cases.models import SecondOpinionCase
from secondopinion.core.dates import long_date
from tests.performance.counting import measured
from tests.reading import visible_text
from tests.web.conftest import html, status_of, step_url

pytestmark = pytest.mark.django_db

NOTE = "Patiënt vraagt dit keer op keer."


@pytest.fixture
def two_shown(monkeypatch):
    monkeypatch.setattr(r9, "EARLIER_SHOWN", 2)


def confirm(client, case: SecondOpinionCase, ticked: list[SecondOpinionCase], language: str = "nl"):
    body = {
        "refusal_reason": "repeated_request",
        "refusal_note": NOTE,
        "repeats_case_ids": [c.pk for c in ticked],
    }
    return client.post(step_url(case, "refuse"), body, HTTP_ACCEPT_LANGUAGE=language)


def summary(response) -> str:
    assert response.status_code == 200, response.content[:500]
    return visible_text(html(response).split('class="confirm__summary">')[1].split("</dl>")[0])


def test_an_older_ticked_request_is_named_by_reference_and_day(two_shown, login, cast, submit):
    oldest, _, _ = submit(), submit(), submit()  # the panel shows the two newest only
    again = submit()

    text = summary(confirm(login(cast.coordinator), again, [oldest]))

    assert f"{oldest.reference} · {long_date(oldest.created_at, 'nl')}" in text
    assert str(oldest.pk) not in text.replace(oldest.reference, "")
    assert status_of(again) == "submitted"  # only asked, nothing taken


def test_shown_and_older_ticked_are_all_named_alike(two_shown, login, cast, submit):
    oldest, older, newer, newest = submit(), submit(), submit(), submit()
    again = submit()

    text = summary(confirm(login(cast.coordinator), again, [newest, oldest, older], "en"))

    for ticked in (newest, oldest, older):
        assert f"{ticked.reference} · {long_date(ticked.created_at, 'en')}" in text
    assert newer.reference not in text


def test_the_confirmed_refusal_names_the_older_request(two_shown, login, cast, submit):
    oldest, _, _ = submit(), submit(), submit()
    again = submit()
    client = login(cast.coordinator)
    confirm(client, again, [oldest])

    done = client.post(
        step_url(again, "refuse"),
        {
            "refusal_reason": "repeated_request",
            "refusal_note": NOTE,
            "repeats_case_ids": [oldest.pk],
            "confirmed": "yes",
        },
    )

    assert done.status_code == 302
    assert status_of(again) == "refused"
    assert list(again.repeats.all()) == [oldest]


def test_the_page_costs_the_same_for_one_or_three_older_ticked(two_shown, login, cast, submit):
    earlier = [submit() for _ in range(5)]  # the panel shows earlier[4] and earlier[3]
    again = submit()
    client = login(cast.coordinator)

    def count(ticked: list[SecondOpinionCase]) -> int:
        confirm(client, again, ticked)  # warm: prepared statements, the session
        queries, response, sql = measured(lambda: confirm(client, again, ticked))
        assert response.status_code == 200, sql
        for case in ticked:
            assert case.reference in summary(response)
        return queries

    shown_only = count([earlier[4]])
    one_older = count([earlier[0]])
    three_older = count(earlier[:3])
    mixed = count([earlier[4], earlier[1], earlier[0]])

    assert one_older == three_older == mixed
    assert one_older <= shown_only + 1  # the older ones: one query of their own at most
