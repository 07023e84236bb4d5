"""The complaint's pages: the complainant reads its state and dates in plain words, the decision letter
(PDF) and the route to the disputes body; the officer's home lists open complaints by deadline, overdue
first, in a fixed number of queries; the officer takes the Wkkgz steps on the complaint's page."""

import datetime as dt
import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from secondopinion.aftercare.complaints import (
    complaint_acknowledge,
    complaint_decide,
    complaint_extend,
    complaint_file,
    complaint_start_handling,
)
from secondopinion.aftercare.models import Complaint
from secondopinion.audit.models import AccessEvent

pytestmark = pytest.mark.django_db


def client_for(user, language="nl") -> Client:
    client = Client(secure=True, HTTP_ACCEPT_LANGUAGE=language)
    client.force_login(user)
    return client


def file(cast, case, text="De uitleg over de kosten ontbrak."):
    return complaint_file(actor=cast.patient_user, case_id=case.pk, text=text, source="web")


def walk(cast, complaint, *, extend_to=None, decide=True):
    officer = cast.complaints_officer
    complaint_acknowledge(actor=officer, complaint_id=complaint.pk, source="web")
    complaint_start_handling(actor=officer, complaint_id=complaint.pk, source="web")
    if extend_to:
        complaint_extend(
            actor=officer,
            complaint_id=complaint.pk,
            until=extend_to,
            reason="Wij wachten op de gever.",
            source="web",
        )
    if decide:
        complaint_decide(
            actor=officer,
            complaint_id=complaint.pk,
            judgment="partly_well_founded",
            decision="De kosten zijn niet vooraf uitgelegd; het onderzoek zelf was zorgvuldig.",
            source="web",
        )
    return Complaint.objects.get(pk=complaint.pk)


def day(value: dt.date, language="nl") -> str:
    months = {
        "nl": "januari februari maart april mei juni juli augustus september oktober november december",
        "en": "January February March April May June July August September October November December",
    }[language].split()
    return f"{value.day} {months[value.month - 1]} {value.year}"


def test_the_complainant_reads_the_state_and_the_dates_in_plain_dutch(cast, a_case):
    complaint = file(cast, a_case)
    page = client_for(cast.patient_user).get(reverse("web:case", args=[a_case.pk])).content.decode()

    assert "ontvangen" in page
    assert f"U hoort uiterlijk {day(complaint.acknowledge_by)}" in page
    assert f"De beslissing krijgt u uiterlijk {day(complaint.decide_by)}" in page

    until = complaint.decide_by + dt.timedelta(weeks=3)
    walk(cast, complaint, extend_to=until, decide=False)
    page = client_for(cast.patient_user).get(reverse("web:case", args=[a_case.pk])).content.decode()
    assert "in behandeling" in page
    assert f"Wij hebben meer tijd nodig, tot {day(until)}. Reden: Wij wachten op de gever." in page
    assert not re.search(r"\bR\d{1,2}\b", page.split('id="complaints"')[1].split("</section>")[0])


def test_the_complainant_reads_the_decision_the_letter_and_the_route_to_the_disputes_body(cast, a_case):
    decided = walk(cast, file(cast, a_case))
    filed = timezone.localdate(decided.filed_at)  # the page counts in Dutch days, not UTC ones
    disputes = day(filed.replace(year=filed.year + 1), "en")

    page = client_for(cast.patient_user, "en").get(reverse("web:case", args=[a_case.pk])).content.decode()

    assert "We decided: your complaint is partly well-founded." in page
    assert f"until {disputes}: Geschillencommissie Zorg Algemeen" in page
    assert reverse("aftercare:complaint-letter", args=[decided.pk]) in page


def test_the_decision_letter_is_a_pdf_for_the_complainant_and_the_officer_only(cast, submit, advance):
    a_case = advance(submit(), "report_final")
    complaint = file(cast, a_case)
    url = reverse("aftercare:complaint-letter", args=[complaint.pk])
    early = client_for(cast.patient_user).get(url)
    walk(cast, complaint)

    letter = client_for(cast.patient_user).get(url)
    officers = client_for(cast.complaints_officer).get(url)

    assert early.status_code == 409
    assert letter.status_code == 200
    assert letter["Content-Type"] == "application/pdf"
    assert letter.content.startswith(b"%PDF")
    assert officers.status_code == 200
    assert client_for(cast.coordinator).get(url).status_code == 403
    assert client_for(cast.giver_user).get(url).status_code == 403
    for outsider in (cast.stranger, cast.other_coordinator):
        refused = client_for(outsider).get(url)
        assert refused.status_code == 404
        assert b"Petra" not in refused.content
    exports = AccessEvent.objects.filter(case=a_case, data="complaint:letter", action="export")
    assert sorted(exports.values_list("role", flat=True)) == ["complaints_officer", "patient"]


def test_the_officer_takes_the_steps_on_the_complaints_page(cast, a_case):
    complaint = file(cast, a_case)
    officer = client_for(cast.complaints_officer)
    page_url = reverse("aftercare:complaint", args=[complaint.pk])

    assert "Ontvangst bevestigen" in officer.get(page_url).content.decode()
    assert officer.post(reverse("aftercare:complaint-acknowledge", args=[complaint.pk])).status_code == 302
    again = officer.post(reverse("aftercare:complaint-acknowledge", args=[complaint.pk]))
    assert again.status_code == 409
    assert "ontvangst bevestigd" in again.content.decode()
    too_far = Complaint.objects.get().decide_by + dt.timedelta(weeks=5)
    refused = officer.post(
        reverse("aftercare:complaint-extend", args=[complaint.pk]),
        {"until": too_far.isoformat(), "reason": "Drukte."},
    )
    assert refused.status_code == 422
    assert "Nieuwe datum voor de beslissing" in refused.content.decode()
    assert Complaint.objects.get().extended_at is None
    assert officer.post(reverse("aftercare:complaint-handle", args=[complaint.pk])).status_code == 302
    decided = officer.post(
        reverse("aftercare:complaint-decide", args=[complaint.pk]),
        {
            "judgment": "not_well_founded",
            "decision": "De uitleg staat in het dossier.",
            "confirm_final": "on",
        },
    )
    assert decided.status_code == 302
    shown = officer.get(page_url).content.decode()
    assert "Ongegrond" in shown
    assert "Geschillencommissie Zorg Algemeen" in shown


@pytest.mark.parametrize(
    ("language", "said"),
    [
        ("nl", "Er is een probleem Nieuwe datum voor de beslissing:"),
        ("en", "There is a problem New date for the decision:"),
    ],
)
def test_a_refused_extension_opens_its_panel_and_is_summed_up_at_the_top(cast, a_case, language, said):
    """Audit finding 2: the refusal was inside the closed <details>; now the panel is open and the
    summary at the top of the page links to the field."""
    from tests.reading import visible_text

    complaint = file(cast, a_case)
    complaint_acknowledge(actor=cast.complaints_officer, complaint_id=complaint.pk, source="web")
    too_far = Complaint.objects.get().decide_by + dt.timedelta(weeks=5)

    refused = client_for(cast.complaints_officer, language).post(
        reverse("aftercare:complaint-extend", args=[complaint.pk]),
        {"until": too_far.isoformat(), "reason": "Drukte."},
    )

    page = refused.content.decode()
    assert refused.status_code == 422
    assert re.search(r'<details class="complaint-extend"\s+open>', page)
    summary = page.split('class="error-summary"')[1].split("</div>")[0]
    assert 'href="#id_until"' in summary
    assert page.index('class="error-summary"') < page.index('id="complaint-title"')
    assert said in visible_text(page)
    assert Complaint.objects.get().extended_at is None


def test_an_empty_extension_form_also_opens_its_panel(cast, a_case):
    complaint = file(cast, a_case)
    complaint_acknowledge(actor=cast.complaints_officer, complaint_id=complaint.pk, source="web")

    refused = client_for(cast.complaints_officer).post(
        reverse("aftercare:complaint-extend", args=[complaint.pk]), {"until": "", "reason": ""}
    )

    page = refused.content.decode()
    assert refused.status_code == 422
    assert re.search(r'<details class="complaint-extend"\s+open>', page)
    assert 'href="#id_reason"' in page.split('class="error-summary"')[1].split("</div>")[0]


def test_a_decision_without_reasons_is_summed_up_at_the_top(cast, a_case):
    from tests.reading import visible_text

    complaint = file(cast, a_case)
    walk(cast, complaint, decide=False)

    refused = client_for(cast.complaints_officer).post(
        reverse("aftercare:complaint-decide", args=[complaint.pk]),
        {"judgment": "not_well_founded", "confirm_final": "on"},
    )

    page = refused.content.decode()
    assert refused.status_code == 422
    assert page.index('class="error-summary"') < page.index('id="complaint-title"')
    assert 'href="#id_decision"' in page.split('class="error-summary"')[1].split("</div>")[0]
    assert "Er is een probleem Motivering van het oordeel: Dit veld is verplicht." in visible_text(page)
    assert visible_text(page).count("Er is een probleem") == 1
    assert Complaint.objects.get().decided_at is None


def test_the_page_shows_no_summary_and_keeps_the_panel_closed_without_an_error(cast, a_case):
    complaint = file(cast, a_case)
    complaint_acknowledge(actor=cast.complaints_officer, complaint_id=complaint.pk, source="web")

    page = client_for(cast.complaints_officer).get(reverse("aftercare:complaint", args=[complaint.pk]))

    assert '<details class="complaint-extend">' in page.content.decode()
    assert 'class="error-summary"' not in page.content.decode()


def test_the_officers_home_lists_open_complaints_by_deadline_overdue_first(cast, submit):
    fresh = file(cast, submit(), "Eerste klacht.")
    late = file(cast, submit(), "Tweede klacht.")
    Complaint.objects.filter(pk=late.pk).update(acknowledge_by=timezone.localdate() - dt.timedelta(days=1))
    walk(cast, file(cast, submit(), "Derde klacht."))

    page = client_for(cast.complaints_officer).get(reverse("web:home")).content.decode()
    home = page.split('class="card officer-home"')[1].split("</section>")[0]

    assert home.index(late.case.reference) < home.index(fresh.case.reference)
    assert home.count("<li") == 2
    assert "1 over de termijn" in home
    assert 'class="overdue"' in home
    assert "officer-home" not in client_for(cast.coordinator).get(reverse("web:home")).content.decode()


def test_the_officers_home_and_list_cost_the_same_queries_for_three_complaints_or_thirty(cast, submit):
    officer = client_for(cast.complaints_officer)
    cases = [submit() for _ in range(3)]
    for case in cases:
        file(cast, case)
    pages = (reverse("web:home"), reverse("aftercare:complaints"))
    for url in pages:
        officer.get(url)
    counts = []
    for url in pages:
        with CaptureQueriesContext(connection) as few:
            officer.get(url)
        counts.append(len(few))
    for n in range(27):
        complaint = file(cast, cases[n % 3], "Nog een klacht.")
        if n % 3 == 0:
            walk(cast, complaint, decide=n % 2 == 0)

    for url, before in zip(pages, counts, strict=True):
        with CaptureQueriesContext(connection) as many:
            officer.get(url)
        assert len(many) == before, url
