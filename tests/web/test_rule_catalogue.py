"""The rule catalogue: every rule of every protocol, with its id, seeds, and its text in Dutch and
English side by side, on /protocols and in /api/v1/protocols."""

import pytest
from django.urls import reverse
from django.utils.html import escape

from secondopinion.protocols.registry import PROTOCOLS
from tests.web.conftest import html

pytestmark = pytest.mark.django_db

EVERY_RULE = [(code, rule) for code, protocol in PROTOCOLS.items() for rule in protocol.rules]


@pytest.fixture
def catalogue_page(client) -> str:
    response = client.get(reverse("web:protocols"))
    assert response.status_code == 200
    return html(response)


@pytest.mark.parametrize(("code", "rule"), EVERY_RULE, ids=[f"{c}-{r.id}" for c, r in EVERY_RULE])
def test_every_rule_is_on_the_catalogue_page_in_both_languages_with_its_seeds(catalogue_page, code, rule):
    row = catalogue_page.split(f'<tr id="{code}-{rule.id}">')[1].split("</tr>")[0]

    assert f'<span class="rule-id">{rule.id}</span>' in row
    assert f'<td lang="nl">{escape(rule.text.nl)}</td>' in row
    assert f'<td lang="en">{escape(rule.text.en)}</td>' in row
    assert f'<td class="seeds">{", ".join(rule.seeds)}</td>' in row


def test_the_catalogue_shows_both_languages_whatever_the_readers_language(client):
    client.post(reverse("set_language"), {"language": "en", "next": "/"})

    page = html(client.get(reverse("web:protocols")))

    some_rule = PROTOCOLS["dental-knmt"].rule("R2")
    assert escape(some_rule.text.nl) in page
    assert escape(some_rule.text.en) in page
    assert "The rules of a second opinion" in page


def test_every_rule_of_every_protocol_is_in_the_api_catalogue(client):
    listed = {protocol["code"]: protocol for protocol in client.get("/api/v1/protocols").json()}

    assert set(listed) == set(PROTOCOLS)
    for code, rule in EVERY_RULE:
        entry = next(r for r in listed[code]["rules"] if r["id"] == rule.id)
        assert entry["seeds"] == list(rule.seeds), (code, rule.id)
        assert entry["text"] == {"nl": rule.text.nl, "en": rule.text.en}, (code, rule.id)
    assert sum(len(p["rules"]) for p in listed.values()) == len(EVERY_RULE)
