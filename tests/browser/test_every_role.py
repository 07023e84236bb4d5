"""Every role's journey in Chromium (issue 12), at 360 px and at 1280 px, in Dutch and in English.

Each role logs in (practitioners and staff with the code of their authenticator app), having chosen
its language with the product's language form, and walks the pages it uses: its home page or
worklist, a case where it has something to do, the forms it submits (one refused for what is wrong
in it, one accepted), its notifications, and the page only it has: the patient's access log, the
treating dentist's report inbox, the complaints officer's list. On every page axe finds no serious
or critical violation (in English, among its rules that read words: the markup and styles are the
same in both languages), nothing is wider than the viewport, and `<html lang>` is the chosen
language (the login and code pages, the same for every role, are looked at in the coordinator's
journey). A page at fault is photographed under test-artifacts/; with TM_SCREENSHOTS=1 every page
is. A failure lists every page at fault, named by role, width, language and page."""

import re
from collections.abc import Callable

import pytest
from playwright.sync_api import expect

from secondopinion.aftercare.models import Complaint, Evaluation, Message
from secondopinion.cases.models import SecondOpinionCase
from secondopinion.directory.models import IndependenceDeclaration
from secondopinion.distribution.models import Sending
from secondopinion.records.models import DataRequest
from tests.accounts.conftest import authenticator
from tests.browser.conftest import skip_without_chromium
from tests.browser.roles_walk import (
    BROWSER_LOCALE,
    VIEWPORTS,
    Walker,
    assigned_undeclared,
    complaint_filed,
    records_requested,
    represented_case,
)
from tests.conftest import Cast
from tests.documents import files

pytestmark = [pytest.mark.browser, pytest.mark.second_factor, skip_without_chromium]


def resend(w: Walker, text: str) -> None:
    """A refused message comes back on a page of its own, the text area alone; send it again there."""
    form = w.page.locator("main form:has(textarea[name=body])")
    form.locator("textarea[name=body]").fill(text)
    form.get_by_role("button", name=w.say("Versturen", "Send")).click()
    w.page.wait_for_url(re.compile(r".*/cases/\d+/(#messages)?$"))


def patient(w: Walker, cast: Cast, submit, advance) -> None:
    """Petra: her second opinions, the closed case she evaluates, a message, her notifications and
    who looked at her file."""
    case = advance(submit(), "closed")
    page = w.page
    w.log_in(cast.patient_user)
    expect(
        page.get_by_role("heading", name=w.say("Mijn second opinions", "My second opinions"))
    ).to_be_visible()
    w.look("home")
    page.get_by_role("link", name=case.reference).click()
    page.wait_for_url(w.url(f"/cases/{case.pk}/"))
    w.look("case-closed")

    messages = page.locator("#messages")
    messages.locator("textarea[name=body]").fill("   ")
    messages.get_by_role("button", name=w.say("Bericht versturen", "Send message")).click()
    w.expect_error()
    w.look("message-refused")
    resend(w, "Ik heb het rapport met mijn tandarts besproken.")
    w.expect_done("Uw bericht is verstuurd.", "Your message has been sent.")
    assert Message.objects.filter(case=case, author=cast.patient_user).exists()

    evaluation = page.locator("#evaluation")
    evaluation.locator("input[name=decision]").first.check()
    evaluation.locator("input[name=satisfaction][value='4']").check()
    evaluation.get_by_role("button", name=w.say("Evaluatie opslaan", "Save evaluation")).click()
    w.expect_done("Dank u: uw evaluatie is vastgelegd.", "Thank you: your evaluation has been recorded.")
    assert Evaluation.objects.filter(case=case).exists()
    w.look("evaluated")

    w.go("/meldingen/", "notifications")
    w.go("/mijn-gegevens/inzage/", "access-log")
    expect(page.locator("main table, main .empty").first).to_be_visible()
    w.go("/mijn-gegevens/vertegenwoordigers/", "representatives")
    # Before a next request: the decision aid and the wizard's first question.
    w.go(f"/cases/{case.pk}/brieven/", "letters")
    w.go("/keuzehulp/", "decision-aid")
    w.go("/aanvraag/", "request-wizard")


def representative(w: Walker, cast: Cast, submit, advance) -> None:
    """The partner who asked for Petra: the request, a message to the coordinator, notifications and
    Petra's access log, which the representation lets him read (R8)."""
    case = advance(represented_case(cast), "accepted")
    page = w.page
    w.log_in(cast.representative)
    w.look("home")
    page.get_by_role("link", name=case.reference).click()
    page.wait_for_url(w.url(f"/cases/{case.pk}/"))
    w.look("case")

    send = w.say("Bericht versturen", "Send message")
    page.locator("#messages textarea[name=body]").fill(" \n ")
    page.locator("#messages").get_by_role("button", name=send).click()
    w.expect_error()
    w.look("message-refused")
    resend(w, "Kan de afspraak op een dinsdag?")
    w.expect_done("Uw bericht is verstuurd.", "Your message has been sent.")
    assert Message.objects.filter(case=case, author=cast.representative).exists()
    w.look("message-sent")

    w.go("/meldingen/", "notifications")
    w.go(f"/mijn-gegevens/inzage/{cast.patient.pk}/", "access-log-of-patient")
    w.go("/meldingen/instellingen/", "email-settings")


def gp(w: Walker, cast: Cast, submit, advance) -> None:
    """The GP: the case he referred, and a new request for Petra through the one-page form, first
    without a care question, then complete and confirmed by her initials and year of birth."""
    referred = represented_case(cast)
    page = w.page
    w.log_in(cast.gp_user, authenticator(cast.gp_user))
    w.look("home")
    page.get_by_role("link", name=referred.reference).click()
    page.wait_for_url(w.url(f"/cases/{referred.pk}/"))
    w.look("referred-case")

    w.go("/cases/new/", "request-form")
    form = page.locator("main form")
    form.locator("input[name=patient_bsn]").fill(cast.patient.bsn)
    form.locator("input[name=patient_birth_date]").fill(cast.patient.date_of_birth.isoformat())
    form.locator("select[name=requester_kind]").select_option("practitioner")
    form.locator("select[name=treating_practitioner_id]").select_option(str(cast.treating.pk))
    form.locator("select[name=organisation_id]").select_option(str(cast.giving_practice.pk))
    form.locator("input[name=subject]").first.check()
    form.locator("input[name=treatment_started]").last.check()
    for box in ("patient_consulted", "gp_informed"):
        if form.locator(f"input[name={box}]").count():
            form.locator(f"input[name={box}]").check()
    with page.expect_navigation():
        form.locator("button[type=submit]").last.click()
    w.expect_error()
    w.look("request-refused")

    page.locator("main form textarea[name=care_question]").fill(
        "Mevrouw twijfelt of extractie van 36 nodig is; graag een tweede oordeel."
    )
    with page.expect_navigation():
        page.locator("main form button[type=submit]").last.click()
    w.look("confirm-patient")
    with page.expect_navigation():
        page.locator("main form").first.locator("button[type=submit]").click()
    w.look("request-submitted")
    created = SecondOpinionCase.objects.exclude(pk=referred.pk).get()
    assert page.url == w.url(f"/cases/{created.pk}/")
    assert created.referrer == cast.gp
    w.go("/meldingen/", "notifications")


def treating(w: Walker, cast: Cast, submit, advance) -> None:
    """The treating dentist: records the giver asked for (first sent without a file), the report in
    the inbox with its receipt confirmed, notifications."""
    cast.treating_user.email = "tandarts@molen.example"
    cast.treating_user.save(update_fields=["email"])
    reported = advance(submit(), "report_final")
    examining = advance(submit(care_question="Is de brug op 45-47 nog te redden?"), "in_examination")
    records_requested(cast, examining)
    request = DataRequest.objects.get(case=examining)
    page = w.page
    w.log_in(cast.treating_user, authenticator(cast.treating_user))
    w.look("home")

    w.go("/reports/inbox/", "report-inbox")
    sending = Sending.objects.get(case=reported, recipient_user=cast.treating_user, addendum__isnull=True)
    page.locator(f"#sending-{sending.pk}").get_by_role(
        "button", name=re.compile(w.say("^Ontvangst bevestigen", "^Confirm receipt"))
    ).click()
    page.wait_for_url(w.url("/reports/inbox/"))
    sending.refresh_from_db()
    assert sending.acknowledged_by == cast.treating_user
    w.look("report-acknowledged")

    page.goto(w.url("/"))
    page.get_by_role("link", name=examining.reference).first.click()
    page.wait_for_url(w.url(f"/cases/{examining.pk}/"))
    w.look("case-records-requested")
    answer = page.locator(f"#data-request-{request.pk}")
    answer.get_by_role("button", name=w.say("Gegevens versturen", "Send the records")).click()
    w.expect_error()
    w.look("records-refused")
    page.locator(f"#data-request-{request.pk} input[type=file]").set_input_files(
        [{"name": "rontgen-36.png", "mimeType": "image/png", "buffer": files.png()}]
    )
    page.locator(f"#data-request-{request.pk}").get_by_role(
        "button", name=w.say("Gegevens versturen", "Send the records")
    ).click()
    w.expect_done("Dank u wel: de gegevens zijn verstuurd.", "Thank you: the records have been sent.")
    request.refresh_from_db()
    assert request.state == "fulfilled"
    w.look("records-sent")
    w.go("/meldingen/", "notifications")


def giver(w: Walker, cast: Cast, submit, advance) -> None:
    """The giver: the case just assigned to him, where he first declares his independence (R10),
    the first time without ticking the statement; his notifications and collegial notices."""
    case = assigned_undeclared(cast, advance(submit(), "accepted"))
    page = w.page
    w.log_in(cast.giver_user, authenticator(cast.giver_user))
    w.look("home")
    page.get_by_role("link", name=case.reference).first.click()
    page.wait_for_url(w.url(f"/cases/{case.pk}/"))
    w.look("case-assigned")

    declare = w.say("Verklaring vastleggen", "Record my declaration")
    page.locator("#independence").get_by_role("button", name=declare).click()
    w.expect_error()
    w.look("declaration-refused")
    page.locator("#independence input[type=checkbox]").first.check()
    page.locator("#independence").get_by_role("button", name=declare).click()
    w.expect_done(
        "Uw verklaring van onafhankelijkheid is vastgelegd.",
        "Your declaration of independence has been recorded.",
    )
    assert IndependenceDeclaration.objects.filter(case=case).exists()
    w.look("declared")
    w.go("/meldingen/", "notifications")
    w.go("/notices/", "collegial-notices")
    w.go("/protocols/", "rules")
    w.go(f"/cases/{case.pk}/appointments/", "appointments")
    w.go("/agenda/", "agenda")


def coordinator(w: Walker, cast: Cast, submit, advance) -> None:
    """The coordinator: the worklist, a new request accepted, the giver assigned (first without one
    chosen), notifications."""
    case = submit()
    page = w.page
    w.log_in(cast.coordinator, authenticator(cast.coordinator), look=True)
    expect(page.get_by_role("heading", name=w.say("Werklijst", "Worklist"))).to_be_visible()
    w.look("worklist")
    page.get_by_role("link", name=case.reference).first.click()
    page.wait_for_url(w.url(f"/cases/{case.pk}/"))
    w.look("case-submitted")

    page.locator("#step-accept button[type=submit]").click()
    page.wait_for_url(re.compile(rf".*/cases/{case.pk}/"))
    w.expect_done("Gedaan: Accepteren als second opinion.", "Done: Accept as second opinion.")
    w.look("accepted")
    assign = page.locator("#step-assign")
    if not assign.evaluate("d => d.open"):
        assign.locator("summary").click()
    with page.expect_navigation():
        assign.locator("button[type=submit]").click()
    w.expect_error()
    w.look("assign-refused")
    assign = page.locator("#step-assign")
    assign.locator("select[name=giver_id]").select_option(str(cast.giver.pk))
    assign.locator("button[type=submit]").click()
    page.wait_for_url(re.compile(rf".*/cases/{case.pk}/"))
    w.expect_done("Gedaan: Gever toewijzen.", "Done: Assign giver.")
    case.refresh_from_db()
    assert case.status == "assigned"
    w.look("assigned")
    w.go("/meldingen/", "notifications")
    w.go("/team/", "team")
    w.go("/doorlooptijden/", "turnaround")
    w.go("/outcomes/", "outcomes")
    w.go("/inlogmethoden/", "login-methods")


def complaints_officer(w: Walker, cast: Cast, submit, advance) -> None:
    """The complaints officer: the list, a complaint beside the case's checklist; receipt acknowledged,
    handling started, and a decision recorded (first without a judgment)."""
    case = advance(submit(), "report_final")
    complaint_filed(cast, case)
    complaint = Complaint.objects.get()
    page = w.page
    w.log_in(cast.complaints_officer, authenticator(cast.complaints_officer))
    w.look("home")
    w.go("/complaints/", "complaints")
    page.get_by_role("link", name=case.reference).first.click()
    page.wait_for_url(w.url(f"/complaints/{complaint.pk}/"))
    w.look("complaint")

    page.get_by_role("button", name=w.say("Ontvangst bevestigen", "Acknowledge receipt")).click()
    w.expect_done(
        "De ontvangst van de klacht is bevestigd; de klager krijgt bericht.",
        "Receipt of the complaint has been acknowledged; the complainant is told.",
    )
    with page.expect_navigation():
        page.get_by_role("button", name=w.say("In behandeling nemen", "Start handling")).click()
    w.look("in-handling")

    record = w.say("Beslissing vastleggen", "Record decision")
    reasons = w.say("Motivering van het oordeel", "Reasons for the judgment")
    page.get_by_role("textbox", name=reasons).fill("De kosten zijn niet vooraf uitgelegd.")
    with page.expect_navigation():
        page.get_by_role("button", name=record).click()
    w.expect_error()
    w.look("decision-refused")
    page.locator("input[name=judgment]").first.check()
    page.get_by_role("textbox", name=reasons).fill("De kosten zijn niet vooraf uitgelegd.")
    page.get_by_label(
        w.say("Ik bevestig dat dit mijn definitieve beslissing is", "I confirm this is my final decision")
    ).check()
    page.get_by_role("button", name=record).click()
    w.expect_done(
        "De beslissing op de klacht is vastgelegd.", "The decision on the complaint has been recorded."
    )
    complaint.refresh_from_db()
    assert complaint.decided_at is not None
    w.look("decided")
    w.go("/meldingen/", "notifications")


JOURNEYS: dict[str, Callable[..., None]] = {
    "patient": patient,
    "representative": representative,
    "gp": gp,
    "treating": treating,
    "giver": giver,
    "coordinator": coordinator,
    "complaints-officer": complaints_officer,
}


# Every journey at a phone's width in both languages, and once at a desktop's width in Dutch (the
# layout does not depend on the language; the texts do not depend on the width).
SIGHTS = [(360, "nl"), (360, "en"), (1280, "nl")]


@pytest.mark.parametrize(("width", "language"), SIGHTS)
@pytest.mark.parametrize("role", list(JOURNEYS))
def test_every_role_walks_its_journey(
    role, width, language, browser, live_server, artifacts, transactional_db, cast, submit, advance
):
    context = browser.new_context(
        locale=BROWSER_LOCALE[language], viewport=VIEWPORTS[width], accept_downloads=True
    )
    context.set_default_timeout(10_000)
    try:
        walker = Walker(context.new_page(), live_server.url, artifacts, role, width, language)
        JOURNEYS[role](walker, cast, submit, advance)
    finally:
        context.close()
    assert walker.problems == [], "\n".join(walker.problems)
