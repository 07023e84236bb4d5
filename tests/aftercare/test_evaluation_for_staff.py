"""R27 on the staff's case page: the patient's evaluation is headed as hers ("Evaluatie van de patiënt"),
not "Uw evaluatie"; where her own decision differs from the one recorded at closure, staff read so, and
her own word stands. The patient's page stays as it was."""

import pytest
from django.test import Client
from django.urls import reverse

from secondopinion.aftercare.services import evaluation_record
from secondopinion.cases.services import case_transition
from tests.conftest import step_input
from tests.reading import says, visible_text

pytestmark = pytest.mark.django_db


def closed(cast, case, advance, *, closure: str, own: str):
    """The coordinator closes with `closure` as the patient's decision; the patient evaluates with `own`."""
    case = advance(case, "report_final")
    case = case_transition(
        actor=cast.coordinator,
        case_id=case.pk,
        to="closed",
        data=step_input(cast, {"closure_decision": closure}),
        source="web",
    )
    evaluation_record(
        actor=cast.patient_user, case_id=case.pk, decision=own, satisfaction=4, comment="", source="web"
    )
    return case


def panel(user, case, language: str = "nl") -> str:
    client = Client(secure=True, HTTP_ACCEPT_LANGUAGE=language)
    client.force_login(user)
    page = client.get(reverse("web:case", args=[case.pk])).content.decode()
    start = page.index('id="evaluation"')
    return visible_text(page[start : page.index("</section>", start)])


def test_staff_read_the_patients_evaluation_under_her_heading_and_that_the_decisions_differ(
    cast, a_case, advance
):
    case = closed(cast, a_case, advance, closure="continue_treatment", own="accept_opinion")

    for who in (cast.coordinator, cast.giver_user):
        words = panel(who, case)
        assert says(words, "Evaluatie van de patiënt")
        assert not says(words, "Uw evaluatie")
        assert says(words, "neemt het advies over")
        assert says(words, "Niet hetzelfde als het besluit dat bij het afsluiten is vastgelegd.")
        assert says(words, "Bij het afsluiten legde de praktijk vast: \u2018zet de behandeling voort\u2019.")
        assert says(words, "Wat de patiënt hier zelf aangeeft, geldt.")


def test_in_english_too(cast, a_case, advance):
    case = closed(cast, a_case, advance, closure="continue_treatment", own="accept_opinion")

    words = panel(cast.coordinator, case, "en")

    assert says(words, "The patient's evaluation")
    assert says(words, "Not the same as the decision recorded at closure.")
    assert says(words, "At closure the practice recorded: “continues the treatment”.")


def test_when_the_decisions_agree_there_is_no_note(cast, a_case, advance):
    case = closed(cast, a_case, advance, closure="accept_opinion", own="accept_opinion")

    words = panel(cast.coordinator, case)

    assert says(words, "Evaluatie van de patiënt")
    assert "Niet hetzelfde" not in words


def test_the_patient_reads_her_own_evaluation_as_before(cast, a_case, advance):
    case = closed(cast, a_case, advance, closure="continue_treatment", own="accept_opinion")

    words = panel(cast.patient_user, case)

    assert says(words, "Uw evaluatie")
    assert says(words, "Ik neem het advies over")
    assert "afsluiten" not in words
    assert "zet de behandeling voort" not in words
