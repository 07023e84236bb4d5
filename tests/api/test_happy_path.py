import io

import pytest
from pypdf import PdfReader

from secondopinion.audit.models import AccessEvent
from secondopinion.protocols.vocabulary import EXPLANATION_ITEMS
from tests.access.complaints import _complaint
from tests.api.conftest import case_body

pytestmark = pytest.mark.django_db

STEPS = [
    ("coordinator", {"to": "accepted", "classification": "second_opinion"}),
    ("coordinator", {"to": "assigned", "giver_id": "GIVER"}),
    (
        "giver_user",
        {
            "to": "informed",
            "explanation_items": list(EXPLANATION_ITEMS),
            "written_report": True,
            "inform_own_practitioner": False,
            "records_alternative_explained": True,
            "care_question": "Brug of implantaat in het tweede kwadrant?",
        },
    ),
    ("giver_user", {"to": "in_examination"}),
    ("giver_user", {"to": "report_draft", "findings": "24 en 26 gezond; 25 ontbreekt sinds 2019."}),
    (
        "giver_user",
        {
            "to": "report_final",
            "report": {
                "deviations": "Geen afwijkingen van de diagnose.",
                "consequences": "Een implantaat spaart de buurtanden maar kost meer.",
                "advice": "Beide opties zijn verdedigbaar; bespreek de kosten met uw tandarts.",
            },
        },
    ),
    ("coordinator", {"to": "closed", "closure_decision": "continue_treatment"}),
]


def test_a_case_goes_from_creation_to_closure_and_the_patient_downloads_the_pdf(cast, api_as):
    created = api_as("patient_user").post("/cases", case_body(cast))
    assert created.status_code == 201, created.content
    case_id = created.json()["id"]
    assert created.json()["status"] == "submitted"

    for actor, body in STEPS:
        body = {**body, "giver_id": cast.giver.pk} if body.get("giver_id") == "GIVER" else body
        response = api_as(actor).post(f"/cases/{case_id}/transitions", body)
        assert response.status_code == 200, response.content
        assert response.json()["status"] == body["to"]
        if body["to"] == "assigned":
            # R10: the assigned giver declares independence before the case proceeds.
            declared = api_as("giver_user").post(
                f"/cases/{case_id}/independence", {"statement_confirmed": True}
            )
            assert declared.status_code == 201, declared.content

    detail = api_as("patient_user").get(f"/cases/{case_id}").json()
    assert [c["to_status"] for c in detail["timeline"]][-1] == "closed"
    assert detail["report"]["state"] == "final"
    assert len(detail["report"]["content_hash"]) == 64

    pdf = api_as("patient_user").get(f"/cases/{case_id}/report.pdf")
    assert pdf.status_code == 200
    assert pdf["Content-Type"] == "application/pdf"
    assert pdf["Content-Disposition"].startswith('attachment; filename="tweede-mening-tm-')
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf.content)).pages)
    assert "Brug of implantaat in het tweede kwadrant?" in text
    assert f"{cast.giver.name} heeft op" in text


def test_the_transitions_list_names_what_each_step_needs_and_what_blocks_it(cast, api_as, a_case, advance):
    case = advance(a_case, "assigned")

    as_giver = api_as("giver_user", "en").get(f"/cases/{case.pk}/transitions").json()
    as_patient = api_as("patient_user").get(f"/cases/{case.pk}/transitions").json()

    inform = next(o for o in as_giver["blocked"] + as_giver["allowed"] if o["to"] == "informed")
    assert inform["permitted"] is True
    assert {n["rule_id"] for n in inform["needs"]} == {"R13", "R14", "R15", "R17"}
    assert inform["needs"][0]["text"].isascii()
    withdraw = next(o for o in as_patient["allowed"] if o["to"] == "withdrawn")
    assert withdraw["permitted"] is True
    assert any(o["to"] == "informed" and not o["permitted"] for o in as_patient["blocked"])


def test_the_giver_edits_the_draft_and_corrects_a_final_report_with_an_addendum(
    cast, api_as, a_case, advance
):
    case = advance(a_case, "report_draft")
    giver = api_as("giver_user")

    saved = giver.put(f"/cases/{case.pk}/report", {"advice": "Wacht een half jaar en beoordeel opnieuw."})
    assert saved.status_code == 200
    assert saved.json()["advice"] == "Wacht een half jaar en beoordeel opnieuw."

    advance(case, "report_final")
    refused = giver.put(f"/cases/{case.pk}/report", {"advice": "Toch anders."})
    assert refused.status_code == 422
    assert refused.json()["rule_ids"] == ["R24"]
    added = giver.post(f"/cases/{case.pk}/report/addenda", {"text": "Correctie: het betreft 26, niet 27."})
    assert added.status_code == 201


def test_the_rule_catalogue_lists_every_rule_in_both_languages(api_as):
    protocols = api_as(None).get("/protocols").json()

    dental = next(p for p in protocols if p["code"] == "dental-knmt")
    assert {"R2", "R13", "R22", "R25"} <= {r["id"] for r in dental["rules"]}
    assert all(r["text"]["nl"] and r["text"]["en"] and r["seeds"] for r in dental["rules"])


def test_the_openapi_schema_is_served():
    from django.test import Client

    schema = Client().get("/api/v1/openapi.json").json()

    assert "/api/v1/cases/{case_id}/transitions" in schema["paths"]


def test_the_conformance_checklist_gives_a_verdict_for_every_rule(api_as, a_case, advance):
    case = advance(a_case, "closed")
    _complaint(case)  # need to know: the officer reads a case complained about

    rows = api_as("complaints_officer", "en").get(f"/cases/{case.pk}/conformance").json()

    verdicts = {row["rule_id"]: row["verdict"] for row in rows}
    assert verdicts["R13"] == verdicts["R22"] == verdicts["R25"] == "followed"
    assert verdicts["R19"] == "not_applicable"
    assert verdicts["R12"] == "advice_not_taken"  # the patient had not informed the own dentist (advice)
    r13 = next(row for row in rows if row["rule_id"] == "R13")
    assert [e["action"] for e in r13["evidence"]] == ["informed", "in_examination", "report_final"]


def test_the_schema_documents_problem_json_errors_and_the_pdf():
    from django.test import Client

    schema = Client().get("/api/v1/openapi.json").json()

    post = schema["paths"]["/api/v1/cases/{case_id}/transitions"]["post"]["responses"]
    assert set(post) >= {"200", "401", "403", "404", "409", "413", "422"}
    assert "application/problem+json" in post["409"]["content"]
    assert {"rule_ids", "violations", "field"} <= set(
        schema["components"]["schemas"]["Problem"]["properties"]
    )
    pdf = schema["paths"]["/api/v1/cases/{case_id}/report.pdf"]["get"]["responses"]["200"]
    assert "application/pdf" in pdf["content"]


def test_the_interactive_docs_load_nothing_from_a_cdn():
    from django.test import Client

    page = Client().get("/api/v1/docs")

    assert page.status_code == 200
    assert b"cdn." not in page.content
    assert b"/static/ninja/" in page.content


def test_the_case_list_filters_by_status_pages_and_logs_one_search(api_as, a_case, submit, advance):
    advance(submit(), "accepted")
    client = api_as("coordinator")
    before = AccessEvent.objects.count()

    page = client.get("/cases?status=accepted&limit=1&offset=0").json()

    assert page["count"] == 1
    assert [c["status"] for c in page["items"]] == ["accepted"]
    assert client.get("/cases?limit=1&offset=1").json()["count"] == 2
    assert len(client.get("/cases?limit=1&offset=1").json()["items"]) == 1
    assert AccessEvent.objects.count() == before + 3
    assert AccessEvent.objects.order_by("-id").first().data == "case-list"
