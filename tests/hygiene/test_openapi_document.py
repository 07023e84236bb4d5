"""The OpenAPI document is as strict as the server: texts say which characters they refuse, required
texts their minimum length, and the token endpoint its 400 and 415."""

import re

import pytest
from django.test import Client

from secondopinion.core.textcheck import TEXT_PATTERN

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def document(django_db_blocker):
    with django_db_blocker.unblock():
        response = Client().get("/api/v1/openapi.json")
    assert response.status_code == 200
    return response.json()


def _body_schema(document: dict, path: str, method: str = "post") -> dict:
    operation = document["paths"][path][method]
    reference = operation["requestBody"]["content"]["application/json"]["schema"]["$ref"]
    return document["components"]["schemas"][reference.rsplit("/", 1)[-1]]


def _strings(prop: dict) -> list[dict]:
    """The string schemas a property allows (a nullable one is an anyOf)."""
    options = prop.get("anyOf", [prop])
    return [option for option in options if option.get("type") == "string"]


def _problem(operation: dict, status: int) -> dict:
    response = operation["responses"].get(str(status)) or operation["responses"].get(status)
    assert response is not None, f"{status} is not documented"
    return response["content"]["application/problem+json"]["schema"]


def test_the_pattern_refuses_what_the_server_refuses():
    pattern = re.compile(TEXT_PATTERN)
    for code in [*range(0x00, 0x09), 0x0C, *range(0x0E, 0x20)]:
        assert not pattern.match(f"a{chr(code)}b"), hex(code)
    for allowed in ["a\tb", "a\nb", "a\r\nb", "a\x0bb", "Élément 36, 𝄞"]:
        assert pattern.match(allowed)


def test_the_token_body_documents_its_patterns_and_minimum_lengths(document):
    body = _body_schema(document, "/api/v1/auth/token")

    for name in ("username", "password", "otp", "name"):
        for schema in _strings(body["properties"][name]):
            assert schema["pattern"] == TEXT_PATTERN, name
    assert body["properties"]["username"]["minLength"] == 1
    assert body["properties"]["password"]["minLength"] == 1
    assert set(body["required"]) >= {"username", "password"}


def test_the_token_endpoint_documents_400_and_415(document):
    operation = document["paths"]["/api/v1/auth/token"]["post"]

    for status in (400, 415, 401, 422, 429):
        assert _problem(operation, status) == {"$ref": "#/components/schemas/Problem"}


def test_the_case_body_documents_its_patterns_and_minimum_lengths(document):
    body = _body_schema(document, "/api/v1/cases")
    texts = {name: _strings(prop) for name, prop in body["properties"].items() if _strings(prop)}

    assert {"care_question", "patient_bsn"} <= set(texts)
    for name, schemas in texts.items():
        for schema in schemas:
            if "format" not in schema:  # a date (patient_birth_date) keeps its own shape
                assert schema["pattern"] == TEXT_PATTERN, name
    assert body["properties"]["care_question"]["minLength"] == 1
    assert "care_question" in body["required"]


def test_enumerations_and_dates_keep_their_own_shape(document):
    body = _body_schema(document, "/api/v1/cases")
    protocol = document["components"]["schemas"]["ProtocolCode"]

    assert "pattern" not in protocol
    assert "$ref" in body["properties"]["protocol"]


def test_every_operation_with_a_json_body_documents_400_and_415(document):
    for path, operations in document["paths"].items():
        for method, operation in operations.items():
            if "application/json" in operation.get("requestBody", {}).get("content", {}):
                _problem(operation, 400)
                _problem(operation, 415)
            elif "requestBody" in operation:
                assert "multipart/form-data" in operation["requestBody"]["content"], (method, path)


def test_every_text_of_every_json_body_carries_the_pattern(document):
    schemas = document["components"]["schemas"]
    bodies = {
        operation["requestBody"]["content"]["application/json"]["schema"]["$ref"].rsplit("/", 1)[-1]
        for operations in document["paths"].values()
        for operation in operations.values()
        if "application/json" in operation.get("requestBody", {}).get("content", {})
    }
    bodies.add("ReportSections")  # nested in TransitionIn

    for name in bodies:
        for prop_name, prop in schemas[name].get("properties", {}).items():
            for schema in _strings(prop):
                if "format" not in schema and "enum" not in schema:
                    assert schema.get("pattern") == TEXT_PATTERN, f"{name}.{prop_name}"


def test_the_document_is_built_once_and_served_the_same_in_each_language(monkeypatch):
    """Building it takes a second or two of CPU, and anyone may ask for it: the API keeps it."""
    import ninja.main

    from secondopinion.api.urls import api

    built = []
    build = ninja.main.get_schema
    monkeypatch.setattr(ninja.main, "get_schema", lambda **kw: built.append(kw) or build(**kw))
    monkeypatch.setattr(api, "_openapi_documents", {})

    dutch = Client().get("/api/v1/openapi.json", HTTP_ACCEPT_LANGUAGE="nl")
    english = Client().get("/api/v1/openapi.json", HTTP_ACCEPT_LANGUAGE="en")

    assert dutch.status_code == english.status_code == 200
    assert dutch.content == english.content
    assert len(built) == 1
    assert "/api/v1/cases/{case_id}" in dutch.json()["paths"]
