"""R9 on the pages (acceptance finding F1): the refuse panel lists the patient's earlier requests as
candidates that may be on the same question, and the coordinator ticks the one(s) this request
repeats; the patient's and representative's page names them in plain words ("U vroeg eerder een
second opinion over dezelfde vraag: TM-2026-00012 van 3 november 2026."), and a refusal recorded
before they were named says so neutrally, claiming no request."""

import pytest
from django.urls import reverse

from secondopinion.cases.inputs import StepInput
from secondopinion.cases.models import SecondOpinionCase
from secondopinion.cases.services import case_transition
from secondopinion.core.dates import long_date
from tests.conftest import representation_in_force
from tests.performance.counting import api_client, client_for, measured
from tests.reading import says, visible_text
from tests.web.conftest import case_url, html, status_of, step_url

pytestmark = pytest.mark.django_db

NOTE = "Patiënt vraagt dit keer op keer."


def refuse_panel(page: str) -> str:
    return page.split('id="step-refuse"')[1].split("</details>")[0]


def refused(cast, case: SecondOpinionCase, repeats: list[SecondOpinionCase]) -> SecondOpinionCase:
    return case_transition(
        actor=cast.coordinator,
        case_id=case.pk,
        to="refused",
        data=StepInput(
            refusal_reason="repeated_request", refusal_note=NOTE, repeats_case_ids=[c.pk for c in repeats]
        ),
        source="web",
    )


def page_text(client, user, case: SecondOpinionCase, language: str = "nl") -> str:
    client.force_login(user)
    response = client.get(case_url(case), HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 200
    return visible_text(html(response))


# ── The refuse panel: candidates, labelled so, to tick ────────────────────────────────────────────


def test_the_panel_calls_the_list_candidates_and_offers_each_to_tick(login, cast, submit):
    first = submit()
    again = submit()

    panel = refuse_panel(html(login(cast.coordinator).get(case_url(again))))

    assert "Eerdere aanvragen van deze patiënt die over dezelfde vraag kunnen gaan" in visible_text(panel)
    assert "mogelijke herhalingen, geen bewijs" in visible_text(panel)
    assert f'name="repeats_case_ids" value="{first.pk}"' in panel
    assert "Welke eerdere aanvraag herhaalt dit verzoek?" in visible_text(panel)


def test_the_panel_of_a_first_request_offers_nothing_to_tick(login, cast, submit):
    first = submit()

    panel = refuse_panel(html(login(cast.coordinator).get(case_url(first))))

    assert 'name="repeats_case_ids"' not in panel


def test_ticking_the_earlier_request_refuses_after_confirming(login, cast, submit):
    first = submit()
    again = submit()
    client = login(cast.coordinator)
    body = {"refusal_reason": "repeated_request", "refusal_note": NOTE, "repeats_case_ids": [first.pk]}

    asked = client.post(step_url(again, "refuse"), body)
    assert first.reference in visible_text(html(asked))  # the confirmation names it by reference
    assert status_of(again) == "submitted"
    done = client.post(step_url(again, "refuse"), {**body, "confirmed": "yes"})

    assert done.status_code == 302
    assert status_of(again) == "refused"
    assert list(again.repeats.all()) == [first]


def test_refusing_as_repeated_without_ticking_is_explained_with_r9(login, cast, submit):
    submit()
    again = submit()

    response = login(cast.coordinator).post(
        step_url(again, "refuse"), {"refusal_reason": "repeated_request", "refusal_note": NOTE}
    )

    assert response.status_code == 422
    text = visible_text(html(response))
    assert "R9" in text
    assert "Noem welke eerdere aanvraag of aanvragen van deze patiënt dit verzoek herhaalt" in text
    assert status_of(again) == "submitted"


def test_a_later_request_ticked_by_hand_is_refused_at_the_field(login, cast, submit):
    submit()
    again = submit()
    later = submit()
    body = {"refusal_reason": "repeated_request", "refusal_note": NOTE, "repeats_case_ids": [later.pk]}

    response = login(cast.coordinator).post(step_url(again, "refuse"), {**body, "confirmed": "yes"})

    assert response.status_code == 422
    panel = visible_text(refuse_panel(html(response)))
    assert "Kies alleen eerdere aanvragen uit de lijst" in panel
    assert status_of(again) == "submitted"
    assert list(again.repeats.all()) == []


def test_the_staff_page_shows_what_the_refusal_repeats(login, cast, submit):
    first = submit()
    again = refused(cast, submit(), [first])

    text = visible_text(html(login(cast.coordinator).get(case_url(again))))

    assert f"Herhaalt: {first.reference}" in text


# ── The patient's and the representative's page ───────────────────────────────────────────────────


def test_the_patient_reads_which_earlier_request_it_repeats(client, cast, submit):
    first = submit()
    again = refused(cast, submit(), [first])

    dutch = page_text(client, cast.patient_user, again)
    english = page_text(client, cast.patient_user, again, "en")

    day_nl, day_en = long_date(first.created_at, "nl"), long_date(first.created_at, "en")
    assert f"U vroeg eerder een second opinion over dezelfde vraag: {first.reference} van {day_nl}." in dutch
    assert (
        f"You asked for a second opinion on the same question before: {first.reference} of {day_en}."
        in english
    )
    assert NOTE in dutch
    for text in (dutch, english):
        assert not says(text, "R9")
        assert "repeated_request" not in text


def test_two_named_requests_are_both_named(client, cast, submit):
    first, second = submit(), submit()
    again = refused(cast, submit(), [first, second])

    text = page_text(client, cast.patient_user, again)

    day = long_date(first.created_at, "nl")
    assert f"{first.reference} van {day} en {second.reference} van {day}." in text


def test_the_representative_reads_it_too(client, cast):
    from secondopinion.cases.services import case_submit
    from tests.conftest import submit_input

    representation_in_force(cast)
    data = submit_input(cast, requester_kind="representative")
    first = case_submit(actor=cast.representative, data=data, source="web")
    again = refused(cast, case_submit(actor=cast.representative, data=data, source="web"), [first])

    text = page_text(client, cast.representative, again)

    assert f"U vroeg eerder een second opinion over dezelfde vraag: {first.reference} van" in text


def test_a_refusal_recorded_before_the_requests_were_named_claims_none(client, cast, submit):
    first = submit()
    again = submit()
    # As stored before this change: refused as a repeated request, naming nothing.
    SecondOpinionCase.objects.filter(pk=again.pk).update(
        status="refused", refusal_reason="repeated_request", refusal_note=NOTE
    )

    dutch = page_text(client, cast.patient_user, again)
    english = page_text(client, cast.patient_user, again, "en")

    assert "De praktijk ziet uw verzoek als een herhaling van een eerder verzoek" in dutch
    assert "The practice sees your request as a repeat of an earlier request" in english
    assert "U vroeg eerder" not in dutch
    assert first.reference not in dutch
    assert "U heeft al eerder een second opinion gevraagd" not in dutch
    api = api_client(cast.patient_user)
    assert api[0].get(f"/api/v1/cases/{again.pk}", **api[1]).json()["repeats"] == []


# ── A fixed number of queries, however many requests it names ────────────────────────────────────


def test_the_page_and_the_api_read_cost_the_same_for_one_or_three_named(cast, submit):
    earlier = [submit() for _ in range(3)]
    one = refused(cast, submit(), earlier[:1])
    three = refused(cast, submit(), earlier)
    page, api = client_for(cast.patient_user), api_client(cast.patient_user)

    def counts(case: SecondOpinionCase) -> tuple[int, int]:
        url = reverse("web:case", args=[case.pk])
        page.get(url)
        api[0].get(f"/api/v1/cases/{case.pk}", **api[1])  # the token's first use is recorded once
        page_count, response, page_sql = measured(lambda: page.get(url))
        assert response.status_code == 200, page_sql
        api_count, answer, api_sql = measured(lambda: api[0].get(f"/api/v1/cases/{case.pk}", **api[1]))
        assert answer.status_code == 200, api_sql
        return page_count, api_count

    assert counts(one) == counts(three)
    # The named requests are one query of their own, on top of the case page's fixed count
    # (tests/performance/test_query_counts.py CASE_PAGE, CASE_READ).
    page_count, api_count = counts(three)
    assert page_count <= 15 + 1
    assert api_count <= 5 + 1
