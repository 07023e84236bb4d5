"""Over-long free text through the website's staff forms: a step's notes, findings, the report's sections,
an addendum, a collegial notice, a consultation, a treatment plan, a data request's note and a refusal
reason had no limit on the page (a 100 kB note was stored, and printed in the report and letters),
while the API refuses more than 10,000 characters for the same texts. Now every form's free text has
the API's limit: 422 with the field named and the limit said in the reader's language, nothing stored."""

import importlib
import inspect
import pkgutil

import pytest
from django import forms

import secondopinion
from secondopinion.api.fields import LONG
from secondopinion.cases.models import StatusChange
from secondopinion.web.forms_base import text_area
from tests.reading import visible_text
from tests.web.conftest import html, status_of, step_url

pytestmark = pytest.mark.django_db

OVER = "A" * 100_000


def _forms() -> list[type[forms.BaseForm]]:
    found = []
    for info in pkgutil.walk_packages(secondopinion.__path__, "secondopinion."):
        if ".migrations" in info.name or ".management" in info.name:
            continue
        module = importlib.import_module(info.name)
        found += [
            obj
            for obj in vars(module).values()
            if inspect.isclass(obj) and issubclass(obj, forms.BaseForm) and obj.__module__ == module.__name__
        ]
    return found


def test_every_free_text_of_every_form_has_a_limit():
    unlimited = [
        f"{form.__module__}.{form.__name__}.{name}"
        for form in _forms()
        for name, field in getattr(form, "base_fields", {}).items()
        if isinstance(field, forms.CharField)
        and field.max_length is None
        and not isinstance(field.widget, (forms.PasswordInput, forms.HiddenInput))
    ]
    assert unlimited == []


def test_the_report_sections_a_form_adds_itself_have_the_limit_too():
    from secondopinion.web.forms import ReportDraftForm

    assert {field.max_length for field in ReportDraftForm().fields.values()} == {LONG}


def test_the_pages_limit_is_the_apis():
    assert text_area("x").max_length == LONG


def test_a_refusal_note_of_100_kb_is_refused_naming_the_limit_and_nothing_changes(client, cast, a_case):
    client.force_login(cast.coordinator)

    response = client.post(
        step_url(a_case, "refuse"),
        {"refusal_reason": "threat_or_violence", "refusal_note": OVER, "confirmed": "yes"},
    )

    assert response.status_code == 422
    assert "10000" in visible_text(html(response)).replace(".", "")
    assert status_of(a_case) == "submitted"
    assert not StatusChange.objects.filter(case=a_case, to_status="refused").exists()


def test_findings_of_100_kb_are_refused_in_english_when_chosen(client, cast, a_case, advance):
    case = advance(a_case, "in_examination")
    client.force_login(cast.giver_user)

    response = client.post(
        step_url(case, "findings"), {"findings": OVER, "anamnesis_dental": "Pijn."}, HTTP_ACCEPT_LANGUAGE="en"
    )

    assert response.status_code == 422
    text = visible_text(html(response))
    assert "at most 10000 characters" in text.replace(",", "")
    assert status_of(case) == "in_examination"


def test_a_report_section_of_100_kb_is_not_saved(client, cast, a_case, advance):
    from django.urls import reverse

    case = advance(a_case, "report_draft")
    before = case.report.advice
    client.force_login(cast.giver_user)

    response = client.post(reverse("web:report-draft", args=[case.pk]), {"advice": OVER})

    assert response.status_code == 422
    case.report.refresh_from_db()
    assert case.report.advice == before


def test_a_text_at_the_limit_is_taken(client, cast, a_case):
    client.force_login(cast.coordinator)

    response = client.post(step_url(a_case, "accept"), {"note": "B" * LONG})

    assert response.status_code == 302
    assert StatusChange.objects.get(case=a_case, to_status="accepted").note == "B" * LONG
