"""R28 with advisory rules: what the patient was free not to follow (R12, R26) is "advies, niet opgevolgd"
on the complaints officer's page and "advice_not_taken" in the API — never "niet gevolgd", which is kept
for the rules that must be met. R26 on a dental case does not ask for a referral (seeds 001, 003, 004)."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from secondopinion.aftercare.services import complaint_file
from tests.api.conftest import ApiClient
from tests.reading import says, visible_text

pytestmark = pytest.mark.django_db


def _row(page: str, rule_id: str) -> str:
    """The words of one rule's row in the checklist."""
    rows = re.findall(r"<tr class=\"verdict--[a-z_]+\">.*?</tr>", page, re.S)
    return visible_text(next(row for row in rows if f'<span class="rule-id">{rule_id}</span>' in row))


def _officer_page(cast, case, language: str = "nl") -> str:
    complaint = complaint_file(actor=cast.patient_user, case_id=case.pk, text="Geen uitleg.", source="web")
    client = Client(secure=True, HTTP_ACCEPT_LANGUAGE=language)
    client.force_login(cast.complaints_officer)
    return client.get(reverse("aftercare:complaint", args=[complaint.pk])).content.decode()


def test_the_officer_reads_advice_not_taken_for_r12_and_r26_on_a_dental_case(cast, a_case, advance):
    case = advance(a_case, "closed")  # the patient never told the own dentist; nobody explained the costs

    page = _officer_page(cast, case)

    r12, r26 = _row(page, "R12"), _row(page, "R26")
    assert 'class="verdict--advice_not_taken"' in page
    for row in (r12, r26):
        assert says(row, "advies, niet opgevolgd")
        assert not says(row, "niet gevolgd")
        assert "zonder dat de regel was voldaan" not in row
    assert "eigen behandelaar" in r12  # what was missing
    assert "ook niet met een verwijzing" in r26  # a referral changes nothing for dental care
    assert "huisarts" not in r26


def test_in_english_the_officer_reads_advice_not_taken(cast, a_case, advance):
    case = advance(a_case, "closed")

    row = _row(_officer_page(cast, case, "en"), "R12")

    assert says(row, "advice, not taken")
    assert not says(row, "not followed")


def test_the_api_adds_the_value_advice_not_taken_and_keeps_its_fields(cast, a_case, advance):
    case = advance(a_case, "closed")
    complaint_file(actor=cast.patient_user, case_id=case.pk, text="Geen uitleg.", source="web")

    rows = ApiClient(cast.complaints_officer, "en").get(f"/cases/{case.pk}/conformance").json()

    by_rule = {row["rule_id"]: row for row in rows}
    assert set(by_rule["R12"]) == {"rule_id", "seeds", "text", "blocking", "verdict", "detail", "evidence"}
    assert by_rule["R12"]["verdict"] == by_rule["R26"]["verdict"] == "advice_not_taken"
    assert by_rule["R12"]["blocking"] is False
    assert "own practitioner" in by_rule["R12"]["detail"]
    assert by_rule["R26"]["seeds"] == ["001"]
    assert all(row["verdict"] != "not_followed" for row in rows if not row["blocking"])


def test_the_schema_names_the_verdict_values():
    schema = Client().get("/api/v1/openapi.json").json()

    verdict = schema["components"]["schemas"]["ConformanceRow"]["properties"]["verdict"]
    assert "advice_not_taken" in verdict["description"]
    assert "not_followed" in verdict["description"]


def test_the_patient_reads_the_verdict_without_the_professionals_detail(cast, a_case, advance):
    case = advance(a_case, "closed")
    client = Client(secure=True, HTTP_ACCEPT_LANGUAGE="nl")
    client.force_login(cast.patient_user)

    page = client.get(reverse("web:conformance", args=[case.pk])).content.decode()

    text = visible_text(page)
    assert says(text, "advies, niet opgevolgd")
    assert "wijs de patiënt op" not in text
