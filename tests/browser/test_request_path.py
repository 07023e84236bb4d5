"""One request path in Chromium on a phone (360 px): the decision aid fills in the wizard, two files
(a photo and an iPhone HEIC photo) are brought at intake and previewed, and the request is submitted with
them. The keyboard focus lands on the next step's first field after each step, and on the error summary
after a validation error. axe checks every page (tests/browser/test_patient_journey.py: Journey.look)."""

import io

import pytest
from playwright.sync_api import expect

from secondopinion.cases.models import SecondOpinionCase
from tests.browser.conftest import skip_without_chromium
from tests.browser.test_patient_journey import QUESTION, Journey, _decision_aid_nl
from tests.documents.files import png

pytestmark = [pytest.mark.browser, skip_without_chromium]


def heic() -> bytes:
    import pillow_heif
    from PIL import Image

    pillow_heif.register_heif_opener()
    out = io.BytesIO()
    Image.new("RGB", (8, 6), "red").save(out, "HEIF")
    return out.getvalue()


def focused(j: Journey) -> dict:
    """What has the keyboard focus once the page's script (journey/wizard.js, deferred) has run."""
    j.page.wait_for_load_state("load")
    j.page.wait_for_function("document.activeElement !== document.body", timeout=5000)
    return j.page.evaluate(
        "({id: document.activeElement.id, cls: document.activeElement.className,"
        " tag: document.activeElement.tagName})"
    )


@pytest.fixture
def journey(browser, live_server, artifacts, transactional_db):
    context = browser.new_context(locale="nl-NL", viewport={"width": 360, "height": 780})
    yield Journey(context.new_page(), live_server.url, artifacts, "aanvraagpad-")
    context.close()


def test_from_the_decision_aid_through_the_wizard_with_two_files_to_a_submitted_case(journey, cast, tmp_path):
    j = journey
    j.log_in("petra")
    _decision_aid_nl(j)  # ends by following "Start uw aanvraag"

    j.step(1)
    assert focused(j)["id"] == "journey-requester_kind_0"  # the first field of the step
    j.answer("Wie vraagt de second opinion aan?", "Ik ben de patiënt")
    j.next()

    j.step(2)
    assert focused(j)["id"] == "journey-kind"  # after a step: the next step's first field
    assert j.page.locator("#journey-kind").input_value() == "dental-knmt"  # from the decision aid
    expect(j.page.get_by_text("uit de keuzehulp al ingevuld")).to_be_visible()
    j.page.get_by_label("Naam, praktijk of plaats").fill("De Molen")
    j.page.get_by_role("button", name="Zoeken").click()
    j.look("behandelaar")
    j.page.get_by_label("Tandarts — ", exact=False).first.check()
    j.next()

    j.step(3)
    assert focused(j)["id"] == "journey-care_question"
    j.next()  # nothing written: a validation error
    assert "error-summary" in focused(j)["cls"]  # the error summary, whose link leads to the field
    j.look("vraag-fout")
    j.page.get_by_label("Welke vraag wilt u door de second opinion-gever beantwoord zien?").fill(QUESTION)
    j.next()

    j.step(4)  # the situation as the decision aid learnt it: shown filled in, changeable
    expect(j.page.get_by_text("uit de keuzehulp al ingevuld")).to_be_visible()
    situation = j.page.get_by_role("group", name="Bent u nog onder behandeling bij deze behandelaar?")
    assert situation.get_by_label("Ja", exact=True).is_checked()
    j.look("situatie")
    j.next()

    j.step(5)
    j.answer("Heeft u een verwijzing voor de second opinion?", "Ja")
    j.next()
    j.step(6)
    j.answer("Waar wilt u de second opinion?", "Mondzorg Centrum Oost (Amersfoort)")
    j.next()
    j.step(7)
    j.answer("Heeft u deze aanvraag met uw eigen behandelaar besproken?", "Ja")
    j.next()

    j.step(8)
    j.look("stukken")
    photo, iphone = tmp_path / "kies.png", tmp_path / "IMG_0042.HEIC"
    photo.write_bytes(png((12, 8)))
    iphone.write_bytes(heic())
    j.page.locator("#journey-files").set_input_files([str(photo), str(iphone)])
    with j.page.expect_navigation():
        j.page.get_by_role("button", name="Bestanden toevoegen").click()
    assert "2 bestanden toegevoegd." in j.page.locator("main").inner_text()
    previews = j.page.locator(".intake-file img")
    assert previews.count() == 2
    # Each preview really shows an image (the HEIC photo converted to JPEG), once it has loaded.
    j.page.wait_for_function(
        "() => [...document.querySelectorAll('.intake-file img')].every(img => img.complete && img.naturalWidth > 0)",
        timeout=15000,
    )
    expect(j.page.get_by_alt_text("Voorbeeld van IMG_0042.jpg")).to_be_visible()
    j.look("stukken-toegevoegd")
    j.next()

    j.step(9)
    j.look("overzicht")
    j.next("Verzoek indienen")

    case = SecondOpinionCase.objects.get()
    j.page.wait_for_url(f"{j.base_url}/cases/{case.pk}/")
    assert sorted(case.documents.values_list("original_name", "kind")) == [
        ("IMG_0042.jpg", "jpeg"),
        ("kies.png", "png"),
    ]
    j.look("casus")
