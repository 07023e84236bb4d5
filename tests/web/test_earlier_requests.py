"""R9: the refuse panel shows the patient's earlier requests on the same question, and only those."""

import pytest

from secondopinion.cases.services import case_submit
from secondopinion.directory.models import Patient
from tests.conftest import submit_input
from tests.factories import PractitionerFactory
from tests.web.conftest import case_url, html

pytestmark = pytest.mark.django_db


def refuse_panel(page: str) -> str:
    return page.split('id="step-refuse"')[1].split("</details>")[0]


def test_the_refuse_panel_lists_earlier_requests_on_the_same_question(login, cast, submit):
    other_dentist = PractitionerFactory(discipline="dentist", organisation=cast.other_practice)
    first = submit()
    same_subject = submit(treating_practitioner_id=other_dentist.pk)
    other_question = submit(treating_practitioner_id=other_dentist.pk, subject="diagnosis")
    again = submit(care_question="Nogmaals: moet kies 36 eruit?")
    later = submit()

    panel = refuse_panel(html(login(cast.coordinator).get(case_url(again))))

    assert first.reference in panel
    assert same_subject.reference in panel
    assert other_question.reference not in panel
    assert later.reference not in panel
    assert again.reference not in panel
    assert "R9" in panel


def test_the_first_request_shows_no_earlier_ones(login, cast, submit):
    first = submit()
    submit()

    panel = refuse_panel(html(login(cast.coordinator).get(case_url(first))))

    assert "Geen." in panel


def test_another_patients_requests_are_never_listed(login, cast, submit):
    otto = Patient.objects.get(user=cast.other_patient_user)
    theirs = case_submit(
        actor=cast.coordinator, data=submit_input(cast, patient_id=None, patient_bsn=otto.bsn), source="web"
    )
    mine = submit()

    panel = refuse_panel(html(login(cast.coordinator).get(case_url(mine))))

    assert theirs.reference not in panel
    assert "Geen." in panel


def test_more_earlier_requests_than_shown_says_how_many_there_are_in_all(login, cast, submit):
    from secondopinion.cases.earlier import EARLIER_SHOWN

    for _ in range(EARLIER_SHOWN + 2):
        submit()
    latest = submit()

    panel = refuse_panel(html(login(cast.coordinator).get(case_url(latest))))

    assert panel.count('href="/cases/') == EARLIER_SHOWN
    assert f"De nieuwste {EARLIER_SHOWN} van {EARLIER_SHOWN + 2} eerdere aanvragen staan hier." in panel


def test_all_earlier_requests_shown_names_no_total(login, cast, submit):
    submit()
    latest = submit()

    panel = refuse_panel(html(login(cast.coordinator).get(case_url(latest))))

    assert "De nieuwste" not in panel
