"""A warm process parses no template while it answers: every page's templates, the forms' field
templates included, are compiled once and kept (the cached loader, one form renderer for every form:
web/forms_base.py). Counted, never timed: a renderer per form had the coordinator's case page parse
some 290 templates and blocks on every request."""

from unittest import mock

import pytest
from django.template.base import Parser
from django.urls import reverse

from tests.performance.counting import client_for
from tests.performance.test_query_counts import CASE_PAGE

pytestmark = pytest.mark.django_db


def parses(client, url: str) -> int:
    """How many times the template parser runs while `client` gets `url` (warm)."""
    client.get(url)
    with mock.patch.object(Parser, "parse", autospec=True, side_effect=Parser.parse) as parse:
        response = client.get(url)
    assert response.status_code == 200
    return parse.call_count


@pytest.mark.parametrize("who", sorted(CASE_PAGE))
def test_the_case_page_parses_no_template_once_warm(cast, full_case, who):
    assert parses(client_for(getattr(cast, who)), reverse("web:case", args=[full_case.pk])) == 0


@pytest.mark.parametrize(
    ("who", "page"),
    [
        ("patient_user", "web:access-log"),
        ("patient_user", "web:representatives"),
        ("coordinator", "web:home"),
        ("coordinator", "web:case-new"),
        ("patient_user", "journey:request-who"),
    ],
)
def test_pages_with_forms_parse_no_template_once_warm(cast, who, page):
    assert parses(client_for(getattr(cast, who)), reverse(page)) == 0


def test_the_count_sees_a_template_parsed_for_each_form_renderer(cast, full_case):
    """The count is not blind: with a renderer made for every form, as before, the same page parses."""
    from secondopinion.web import forms_base

    with mock.patch.object(forms_base.WebForm, "default_renderer", forms_base.WebRenderer):
        assert parses(client_for(cast.coordinator), reverse("web:case", args=[full_case.pk])) > 0


def test_an_edited_template_reaches_the_forms_on_the_development_server(cast):
    """The shared renderer keeps its templates, so the development server's reloader, which tells of
    an edited template, empties its cache as Django empties its own engines'."""
    from pathlib import Path

    from django.utils.autoreload import file_changed

    from secondopinion.web.forms_base import RENDERER

    client_for(cast.patient_user).get(reverse("web:access-log"))  # a page with a form
    cached = [
        loader for loader in RENDERER.engine.engine.template_loaders if hasattr(loader, "get_template_cache")
    ]
    assert cached
    assert any(loader.get_template_cache for loader in cached)

    file_changed.send(sender=None, file_path=Path(__file__).with_suffix(".html"))

    assert not any(loader.get_template_cache for loader in cached)
