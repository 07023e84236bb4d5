"""Driving a case the way its users do, for the seed acceptance tests (test_seed_acceptance_*.py): the
web forms of each step, posted by the person who takes it, with the confirmation the page asks for."""

from django.test import Client
from django.urls import reverse

from secondopinion.accounts.models import User
from secondopinion.cases.models import SecondOpinionCase
from secondopinion.protocols.vocabulary import EXPLANATION_ITEMS
from tests.reading import visible_text

EXPLAINED = {
    "explanation_items": list(EXPLANATION_ITEMS),
    "written_report": "yes",
    "inform_own_practitioner": "no",
    "copy_recipients": "",
    "care_question": "Klopt de diagnose, en is de voorgestelde behandeling passend?",
    "records_alternative_explained": "on",
}
REPORT = {
    "findings": "Beeldvorming en onderzoek passen bij de gestelde diagnose.",
    "deviations": "Geen afwijkingen van de diagnose; het behandelplan is verdedigbaar.",
    "consequences": "Geen andere gevolgen of gezondheidsrisico's dan met de eigen behandelaar besproken.",
    "advice": "Bespreek het behandelplan met uw eigen behandelaar en ga door zoals voorgesteld.",
}


def client_for(user: User, language: str = "nl") -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE=language)
    client.force_login(user)
    return client


def step(user: User, case: SecondOpinionCase, name: str, **values):
    """Post one step's form (web/forms_steps.py) as `user`, confirmed where the page asks for it."""
    return client_for(user).post(reverse(f"web:step-{name}", args=[case.pk]), {"confirmed": "yes", **values})


def done(response) -> None:
    """The step succeeded: the page sends the user back to the case."""
    assert response.status_code == 302, visible_text(response.content.decode())[:2000]


def page(user: User, case: SecondOpinionCase, language: str = "nl") -> str:
    """The visible words of the case page as `user` reads it."""
    response = client_for(user, language).get(reverse("web:case", args=[case.pk]))
    assert response.status_code == 200
    return visible_text(response.content.decode())


def declare_independent(giver: User, case: SecondOpinionCase) -> None:
    done(client_for(giver).post(reverse("web:independence", args=[case.pk]), {"statement_confirmed": "on"}))


def to_report_final(coordinator: User, giver: User, case: SecondOpinionCase, **explained) -> None:
    """From submitted to a final, sent report, every step on its web form: accept, assign the giver
    (who declares independence), explain and agree, examine, record findings, draft, finalise."""
    giver_id = giver.practitioner.pk
    done(step(coordinator, case, "accept", note=""))
    done(step(coordinator, case, "assign", giver_id=giver_id, note=""))
    declare_independent(giver, case)
    done(step(giver, case, "inform", **{**EXPLAINED, **explained}))
    done(step(giver, case, "examine", note=""))
    done(step(giver, case, "findings", findings=REPORT["findings"]))
    done(client_for(giver).post(reverse("web:report-draft", args=[case.pk]), REPORT))
    done(step(giver, case, "finalise", confirm="on"))
