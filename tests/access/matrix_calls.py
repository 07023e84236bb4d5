"""How the authorisation matrix (tests/access/test_matrix.py) calls an endpoint as a row of the world,
what it expects of each cell, and every URL pattern and API operation there is to classify."""

import functools
import json

import pytest
from django.conf import settings
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from secondopinion.api.urls import api
from secondopinion.core.roles import Role
from tests.access.case_endpoints import (
    CASE_ENDPOINTS,
    COMPLAINT_PAGES,
    DATA_REQUEST,
    READ,
)
from tests.access.complaints import _complaint
from tests.access.world import PATIENT_NAMES, ROWS, WHOSE, Row, World, related

# Expected outcomes --------------------------------------------------------------------------
HIDDEN, READS, REFUSED, PERMITTED = "404", "200", "403", "allowed"


def expected(key: str, row: Row, whose: str) -> str:
    endpoint = CASE_ENDPOINTS[key]
    if not related(row, whose, endpoint.state):
        return HIDDEN
    if endpoint.allowed is READ:
        return READS
    return PERMITTED if row.role in endpoint.allowed else REFUSED


def assert_outcome(response, outcome: str, *, api_call: bool) -> None:
    status = response.status_code
    if outcome == PERMITTED:
        assert status not in (403, 404), (status, response.content[:500])
        assert status < 500, (status, response.content[:500])
        return
    assert status == int(outcome), (status, response.content[:500])
    if outcome == HIDDEN:
        body = response.content.decode(errors="replace")
        assert not any(name in body for name in PATIENT_NAMES)
    if api_call and outcome in (HIDDEN, REFUSED):
        assert response["Content-Type"] == "application/problem+json"


# Calling an endpoint ------------------------------------------------------------------------


def web_client(world: World, row: Row) -> Client:
    """A browser of the row's user, logged in: with the session the world made for that user, so
    that each of the thousands of cells does not log in again."""
    client = Client(secure=True)
    client.cookies[settings.SESSION_COOKIE_NAME] = world.sessions[row.user]
    return client


def api_call(world: World, row: Row, method: str, path: str, body: dict | None = None):
    headers = {"HTTP_AUTHORIZATION": f"Bearer {world.tokens[row.user]}", "HTTP_ACCEPT_LANGUAGE": "nl"}
    client = Client(secure=True)
    if method == "get":
        return client.get(path, **headers)
    if method == "post" and any(hasattr(value, "read") for value in (body or {}).values()):
        return client.post(path, body, **headers)  # multipart, for a file
    data = json.dumps(body or {})
    return getattr(client, method)(path, data, content_type="application/json", **headers)


def call_case_endpoint(world: World, key: str, row: Row, whose: str):
    endpoint = CASE_ENDPOINTS[key]
    side = world.side_of(row, whose)
    case = world.case(side, endpoint.state)
    ids = {"case_id": case.pk, "consent_id": world.consents[side], "document_id": world.documents[side]}
    if "data-request" in key:
        with_request = "request_id" in key or (endpoint.web and "<int:request_id>" in _route(key))
        ids["request_id"] = _data_request(world, side, with_request) or 0
    if key in COMPLAINT_PAGES:
        ids["complaint_id"] = _complaint(case)
    elif row.role is Role.COMPLAINTS_OFFICER and whose == "own":
        # Need to know: the officer is related to a case of the organisation only while a complaint
        # about it is handled (tests/access/test_officer_need_to_know.py tries one without).
        _complaint(case)
    if key.startswith("appointments:"):
        from tests.appointments.sweep import appointment_ids

        ids |= appointment_ids(case, key)
    body = endpoint.body(world, side) if endpoint.body else None
    if endpoint.web:
        kwargs = {name: ids[name] for name in ids if f"<int:{name}>" in _route(key)}
        url = reverse(key, kwargs=kwargs)
        client = web_client(world, row)
        return client.get(url) if endpoint.method == "get" else client.post(url, body or {})
    path = key.split(" ")[1].format(**ids)
    return api_call(world, row, endpoint.method, path, body)


def _data_request(world: World, side: str, with_request: bool) -> int | None:
    """R16: the patient consents to requesting records on the side's case in examination, and where
    the endpoint needs one the giver asks for them; the request's id. (The "revoked" side has no
    case in examination: its row, related to nothing, is tried on the own side's request.)"""
    from secondopinion.consent.services import consent_record
    from secondopinion.records.data_requests import data_request_create

    side = "own" if side == "revoked" else side
    case = world.case(side, "in_examination")
    patient = world.cast.other_patient_user if side == "others" else world.cast.patient_user
    consent_record(actor=patient, case_id=case.pk, purpose="request_records", method="in_app", source="web")
    if not with_request:
        return None
    created = data_request_create(
        actor=world.givers[side].user,
        case_id=case.pk,
        kinds=["xrays"],
        note="",
        email=DATA_REQUEST["email"],
        source="web",
    )
    return created.request.pk


@functools.cache
def _route(name: str) -> str:
    return next(route for route, pattern_name in url_patterns() if pattern_name == name)


def cells(keys) -> list:
    return [
        pytest.param(key, row_name, whose, id=f"{key}|{row_name}|{whose}")
        for key in keys
        for row_name in ROWS
        for whose in WHOSE
    ]


def get(world: World, key: str, row: Row, **kwargs):
    if key.startswith("web:"):
        return web_client(world, row).get(reverse(key, kwargs=kwargs))
    return api_call(world, row, "get", key.split(" ")[1].format(**kwargs))


# The guard: nothing the resolver or the API knows goes unclassified ------------------------


def url_patterns(patterns=None, prefix: str = "", namespace: str = "") -> list[tuple[str, str]]:
    """(route, name) of every URL pattern Django resolves, names with their namespaces."""
    found: list[tuple[str, str]] = []
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(pattern, URLResolver):
            inner = namespace + (f"{pattern.namespace}:" if pattern.namespace else "")
            found += url_patterns(pattern.url_patterns, prefix + str(pattern.pattern), inner)
        elif isinstance(pattern, URLPattern):
            found.append((prefix + str(pattern.pattern), namespace + (pattern.name or "")))
    return found


def api_operations() -> set[str]:
    schema = api.get_openapi_schema()
    return {f"{method.upper()} {path}" for path, ops in schema["paths"].items() for method in ops}
