"""R23: "Reports for me", the treating dentist's inbox: per sending a download (through the report's
export door, which checks and logs), the read state (first opened, by whom) and an explicit, logged
acknowledgement of receipt; another organisation's practitioner finds none of it (404)."""

import pytest
from django.urls import reverse

from secondopinion.audit.models import AccessEvent
from secondopinion.distribution.models import Sending
from tests.factories import PractitionerFactory, UserFactory
from tests.reading import says, visible_text

pytestmark = pytest.mark.django_db


@pytest.fixture
def login(client):
    def _login(user):
        client.force_login(user)
        return client

    return _login


@pytest.fixture
def sent(cast, advance, submit) -> Sending:
    """The final report as it reached the treating dentist, on the patient's consent (R18, R23)."""
    case = advance(submit(), "report_final")
    return Sending.objects.get(case=case, recipient_user=cast.treating_user, addendum__isnull=True)


def events(user, **filters) -> list[tuple[str, str]]:
    return list(AccessEvent.objects.filter(actor=user, **filters).values_list("action", "data"))


def test_the_inbox_offers_a_download_and_says_the_report_is_unread(login, cast, sent):
    page = login(cast.treating_user).get(reverse("web:report-inbox")).content.decode()

    assert reverse("web:inbox-pdf", args=[sent.pk]) in page
    assert reverse("web:inbox-docx", args=[sent.pk]) in page
    assert "nog niet geopend" in page
    assert reverse("web:inbox-acknowledge", args=[sent.pk]) in page
    assert 'class="stack-table inbox"' in page


def test_downloading_logs_an_export_and_keeps_the_first_opening(login, cast, sent):
    client = login(cast.treating_user)
    url = reverse("web:inbox-pdf", args=[sent.pk])

    first = client.get(url)
    sent.refresh_from_db()
    opened = sent.first_opened_at
    second = client.get(reverse("web:inbox-docx", args=[sent.pk]))
    sent.refresh_from_db()

    assert first.status_code == second.status_code == 200
    assert first.content[:4] == b"%PDF"
    assert opened is not None
    assert sent.first_opened_at == opened
    assert sent.first_opened_by == cast.treating_user
    assert events(cast.treating_user, case=sent.case, action="export") == [("export", "report")] * 2
    page = client.get(reverse("web:report-inbox")).content.decode()
    assert "voor het eerst geopend door" in page
    assert "nog niet geopend" not in page


def test_the_treating_dentist_acknowledges_receipt_once_and_it_is_logged(login, cast, sent):
    client = login(cast.treating_user)
    url = reverse("web:inbox-acknowledge", args=[sent.pk])

    response = client.post(url, follow=True)
    client.post(url)
    sent.refresh_from_db()

    assert response.status_code == 200
    assert "U hebt bevestigd dat u het rapport hebt ontvangen." in response.content.decode()
    assert sent.acknowledged_by == cast.treating_user
    assert sent.acknowledged_at is not None
    [event] = AccessEvent.objects.filter(actor=cast.treating_user, data="report:acknowledged")
    assert (event.action, event.case_id, event.role) == ("update", sent.case_id, "treating")
    assert event.basis.startswith("R23 consent:")


def test_the_giver_and_coordinator_see_the_read_state_in_the_distribution(login, cast, sent):
    login(cast.treating_user).get(reverse("web:inbox-pdf", args=[sent.pk]))

    page = login(cast.coordinator).get(reverse("web:case", args=[sent.case_id])).content.decode()

    distribution = page.split('id="distribution"')[1].split("</section>")[0]
    assert 'class="stack-table sendings"' in distribution
    assert 'data-label="Gelezen"' in distribution
    assert "nog niet geopend" in distribution  # the patient's copy
    assert distribution.count('data-label="Gelezen"') == Sending.objects.filter(case=sent.case).count()


def test_a_patient_downloads_her_copy_but_is_offered_no_acknowledgement(login, cast, sent):
    mine = Sending.objects.get(case=sent.case, recipient_user=cast.patient_user, addendum__isnull=True)
    client = login(cast.patient_user)

    page = client.get(reverse("web:report-inbox")).content.decode()
    refused = client.post(reverse("web:inbox-acknowledge", args=[mine.pk]), follow=True)
    mine.refresh_from_db()

    assert reverse("web:inbox-pdf", args=[mine.pk]) in page
    assert reverse("web:inbox-acknowledge", args=[mine.pk]) not in page
    assert not says(visible_text(page), "R23")  # plain words for the patient
    assert mine.acknowledged_at is None
    assert "Alleen een behandelaar die het rapport ontving" in refused.content.decode()


@pytest.mark.parametrize("who", ["other_organisation", "stranger", "giver_user", "gp_user"])
def test_someone_else_finds_no_sending_and_changes_nothing(login, cast, sent, who):
    user = (
        PractitionerFactory(organisation=cast.other_practice, user=UserFactory()).user
        if who == "other_organisation"
        else getattr(cast, who)
    )
    client = login(user)
    before = AccessEvent.objects.filter(case=sent.case).count()

    download = client.get(reverse("web:inbox-pdf", args=[sent.pk]))
    acknowledge = client.post(reverse("web:inbox-acknowledge", args=[sent.pk]))
    sent.refresh_from_db()

    assert (download.status_code, acknowledge.status_code) == (404, 404)
    assert cast.patient.name not in download.content.decode()
    assert (sent.first_opened_at, sent.acknowledged_at) == (None, None)
    assert AccessEvent.objects.filter(case=sent.case).count() == before


def test_a_withdrawn_sending_opens_no_more(login, cast, sent):
    from django.utils import timezone

    Sending.objects.filter(pk=sent.pk).update(withdrawn_at=timezone.now())

    response = login(cast.treating_user).get(reverse("web:inbox-pdf", args=[sent.pk]))

    assert response.status_code == 404


def test_an_unknown_format_is_not_found_and_logs_nothing(login, cast, sent):
    client = login(cast.treating_user)

    response = client.get(f"/reports/inbox/{sent.pk}/report.exe")

    assert response.status_code == 404
    assert events(cast.treating_user, action="export") == []


@pytest.mark.parametrize("door", ["web-pdf", "web-docx", "api"])
def test_the_patient_downloading_the_report_from_her_case_counts_as_opening_her_copy(login, cast, sent, door):
    """The patient reads her report from her case page (or the API), not from an inbox: her sending's
    read state follows, so neither she nor the practice reads 'not opened yet' after she read it.
    Another recipient's copy stays unread."""
    from tests.api.conftest import ApiClient

    mine = Sending.objects.get(case=sent.case, recipient_user=cast.patient_user, addendum__isnull=True)
    if door == "api":
        answer = ApiClient(cast.patient_user).get(f"/cases/{sent.case_id}/report.pdf")
    else:
        name = "web:report-pdf" if door == "web-pdf" else "web:report-docx"
        answer = login(cast.patient_user).get(reverse(name, args=[sent.case_id]))
    mine.refresh_from_db()
    sent.refresh_from_db()

    assert answer.status_code == 200
    assert mine.first_opened_by == cast.patient_user
    assert mine.first_opened_at is not None
    assert sent.first_opened_at is None  # the treating dentist's copy


def test_the_giver_downloading_the_report_opens_nobodys_copy(login, cast, sent):
    login(cast.giver_user).get(reverse("web:report-pdf", args=[sent.case_id]))

    assert not Sending.objects.filter(case=sent.case, first_opened_at__isnull=False).exists()
