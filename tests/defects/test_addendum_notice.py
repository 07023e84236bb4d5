"""Defect 3 — R6 for addenda: the giver's collegial notice stays out of the report, addenda included.

Before: finalising refused a report quoting the collegial notice, but an addendum quoting it was
stored, printed with the report and shown to the patient. Now an addendum is judged as the report is:
one quoting a notice is refused with R6 and nothing is stored; any other addendum still goes in."""

import pytest
from django.urls import reverse

from secondopinion.audit.models import AccessEvent
from secondopinion.cases.editing import case_add_addendum
from secondopinion.cases.snapshot import snapshot_of
from secondopinion.core.errors import RuleBlocked
from secondopinion.distribution.models import Sending
from secondopinion.notifications.models import Notification
from secondopinion.reports.models import Addendum
from secondopinion.reports.notices import collegial_notice_send
from tests.api.conftest import ApiClient

pytestmark = pytest.mark.django_db

NOTICE = "De indicatie voor extractie van 36 is in uw dossier onvoldoende onderbouwd."
QUOTING = f"Aanvulling: ik heb de eigen tandarts laten weten: «{NOTICE.upper()}»"
PLAIN = "Correctie: het betreft kies 36, niet 37."


@pytest.fixture
def final_case(cast, a_case, advance):
    """A final report, and a collegial notice the giver sent the treating dentist (R6)."""
    case = advance(a_case, "report_final")
    collegial_notice_send(actor=cast.giver_user, case_id=case.pk, text=NOTICE, source="web")
    return case


def footprint(case) -> tuple[int, int, int, int]:
    return (
        Addendum.objects.filter(report__case=case).count(),
        Sending.objects.filter(case=case).count(),
        Notification.objects.count(),
        AccessEvent.objects.filter(data="report:addendum").count(),
    )


def test_an_addendum_quoting_the_collegial_notice_is_refused_by_r6_and_nothing_is_stored(cast, final_case):
    before = footprint(final_case)

    with pytest.raises(RuleBlocked) as blocked:
        case_add_addendum(actor=cast.giver_user, case_id=final_case.pk, text=QUOTING, source="web")

    assert blocked.value.rule_ids == ["R6"]
    [violation] = blocked.value.violations
    assert "collegiale melding" in violation.detail.nl
    assert "collegial notice" in violation.detail.en
    assert footprint(final_case) == before
    assert not snapshot_of(final_case).collegial_notice_in_report


def test_an_addendum_not_quoting_the_notice_is_still_added(cast, final_case):
    addendum = case_add_addendum(actor=cast.giver_user, case_id=final_case.pk, text=PLAIN, source="web")

    assert addendum.text == PLAIN
    assert Addendum.objects.filter(report__case=final_case).count() == 1


def test_an_addendum_quoting_a_notice_stored_earlier_shows_r6_as_not_followed(cast, final_case):
    """The snapshot reads the addenda too: one that slipped in before this fix shows in conformance."""
    Addendum.objects.create(report=final_case.report, author=cast.giver_user, text=QUOTING)

    assert snapshot_of(final_case).collegial_notice_in_report


@pytest.mark.parametrize(("language", "word"), [("nl", "collegiale melding"), ("en", "collegial notice")])
def test_the_api_refuses_a_quoting_addendum_with_r6_and_takes_a_plain_one(cast, final_case, language, word):
    giver = ApiClient(cast.giver_user, language)
    url = f"/cases/{final_case.pk}/report/addenda"
    before = footprint(final_case)

    refused = giver.post(url, {"text": QUOTING})

    assert refused.status_code == 422
    assert refused["Content-Type"].startswith("application/problem+json")
    problem = refused.json()
    assert problem["rule_ids"] == ["R6"]
    assert word in str(problem["violations"])
    assert footprint(final_case) == before
    added = giver.post(url, {"text": PLAIN})
    assert added.status_code == 201
    assert added.json()["text"] == PLAIN


def test_the_web_form_refuses_a_quoting_addendum_with_r6_and_takes_a_plain_one(client, cast, final_case):
    client.force_login(cast.giver_user)
    url = reverse("web:addendum", args=[final_case.pk])
    before = footprint(final_case)

    refused = client.post(url, {"text": QUOTING})

    assert refused.status_code == 422
    page = refused.content.decode()
    assert "R6" in page
    assert "Het addendum citeert de collegiale melding" in page
    assert footprint(final_case) == before
    added = client.post(url, {"text": PLAIN, "confirmed": "yes"}, follow=True)
    assert "Het addendum is toegevoegd aan het rapport." in added.content.decode()
    assert list(Addendum.objects.filter(report__case=final_case).values_list("text", flat=True)) == [PLAIN]
